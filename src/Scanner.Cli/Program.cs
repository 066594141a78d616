using System.CommandLine;
using Scanner.Cli;
using Scanner.Cli.Commands;

var root = new RootCommand("scanner: finds injected SEO spam (hidden links, spam keywords, hijacked titles) in web pages");
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(RulesCommand.Create());
root.Subcommands.Add(BaselineCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(HistoryCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // The contract says bad arguments exit 2 (System.CommandLine's own default is 1).
    foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'scanner --help' or 'scanner scan --help' for usage.");
    return ExitCodes.CannotRun;
}
try
{
    // The scan handles Ctrl+C and SIGTERM itself (ScanInterruption): it writes partial reports before it exits.
    // System.CommandLine's own exception handler prints a stack trace and exits 1, which CI reads as "gate tripped".
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return UnexpectedError.Report(e, Console.Error, log: null, verbose: args.Contains("-v") || args.Contains("--verbose"), logFile: null);
}
