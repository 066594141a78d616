using System.CommandLine;
using Scanner.Cli;
using Scanner.Cli.CommandLine;

var root = ScannerCommandLine.Create();
var parse = root.Parse(args);
var usage = UsageErrors.Of(parse);
if (usage.Count > 0)
{
    // The contract says bad arguments exit 2 (System.CommandLine's own default is 1). Each problem once, then the
    // help of the command that was typed.
    foreach (var line in usage) Console.Error.WriteLine($"error: {line}");
    Console.Error.WriteLine(UsageErrors.HelpHint(parse));
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
