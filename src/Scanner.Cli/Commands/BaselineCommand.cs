using System.CommandLine;
using Scanner.Engine.Reports;
using Scanner.Core.Policy;

namespace Scanner.Cli.Commands;

/// <summary>`scanner baseline create --from report.json --output .scanner-baseline.json`: accept today's findings once.</summary>
public static class BaselineCommand
{
    public const string DefaultFile = ".scanner-baseline.json";

    private static readonly Option<string> From = new("--from")
    {
        Description = "A JSON report of `scanner scan --format json` (or an earlier baseline) whose findings become known",
        Required = true,
    };
    private static readonly Option<string> Output = new("--output", "-o")
    {
        Description = $"The baseline file to write (default {DefaultFile})",
        DefaultValueFactory = _ => DefaultFile,
    };

    public static Command Create()
    {
        var baseline = new Command("baseline", "Accept known findings so that only new ones fail the gate (scan with --baseline FILE)");
        var create = new Command("create", "Write a baseline from the findings of a JSON report");
        create.Options.Add(From);
        create.Options.Add(Output);
        create.SetAction(parse => Run(parse.GetValue(From)!, parse.GetValue(Output)!, Console.Out, Console.Error));
        baseline.Subcommands.Add(create);
        return baseline;
    }

    public static int Run(string from, string output, TextWriter stdout, TextWriter stderr)
    {
        Baseline baseline;
        try
        {
            baseline = Baseline.Load(from);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"error: cannot read {from}: {e.Message.TrimEnd('.')}. Give the JSON report of a scan: scanner scan ... --format json --output report.json");
            return ExitCodes.CannotRun;
        }
        if (File.Exists(output) && !IsBaseline(output))
        {
            // `--output page.html` by mistake must not cost anyone their page.
            stderr.WriteLine($"error: {output} exists and is not a baseline or a scan's JSON report; it is left as it is. Give another --output.");
            return ExitCodes.CannotRun;
        }
        ReportFormats.WriteAtomically(output, stream => baseline.Write(stream, DateTimeOffset.Now));
        stdout.WriteLine($"Baseline {output}: {baseline.Entries.Count} known finding(s). Use it with: scanner scan ... --baseline {output}");
        return ExitCodes.Passed;
    }

    private static bool IsBaseline(string path)
    {
        try
        {
            Baseline.Load(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }
    }
}
