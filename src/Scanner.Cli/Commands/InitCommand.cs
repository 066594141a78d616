using System.CommandLine;
using Scanner.Cli.Configuration;

namespace Scanner.Cli.Commands;

/// <summary>`scanner init [TARGET...]`: writes a commented starter scanner.yml, as ZAP's -g or `lhci wizard` do.</summary>
public static class InitCommand
{
    private static readonly Argument<string[]> Targets = new("targets")
    {
        Description = "What the file's targets: lists (URLs, sitemaps, URL lists, folders); none: fill it in later",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<string> Output = new("--output", "-o")
    {
        Description = $"The file to write (default {ScannerConfig.DefaultFileName} in the current folder)",
        DefaultValueFactory = _ => ScannerConfig.DefaultFileName,
    };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace the file if it exists" };

    public static Command Create()
    {
        var init = new Command("init", $"Write a starter {ScannerConfig.DefaultFileName}: every option of `scanner scan` as a commented key");
        init.Arguments.Add(Targets);
        init.Options.Add(Output);
        init.Options.Add(Force);
        init.SetAction(parse => Run(parse.GetValue(Targets) ?? [], parse.GetValue(Output)!, parse.GetValue(Force), Console.Out, Console.Error));
        return init;
    }

    public static int Run(IReadOnlyList<string> targets, string output, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(output) && !force)
        {
            stderr.WriteLine($"error: {output} already exists; it is left as it is (scanner init --force replaces it).");
            return ExitCodes.CannotRun;
        }
        try
        {
            File.WriteAllText(output, StarterConfig.Write(ScanCommand.Table, targets));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write {output}: {e.Message}");
            return ExitCodes.CannotRun;
        }
        stdout.WriteLine(targets.Count > 0
            ? $"Wrote {output}. Run: scanner scan"
            : $"Wrote {output}. List what to scan under targets: in it, then run: scanner scan");
        return ExitCodes.Passed;
    }
}
