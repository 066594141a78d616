using System.CommandLine;
using Scanner.Cli.Reports;
using Scanner.Core.Policy;
using Scanner.Engine.Reports;
using Scanner.Engine.Sharding;
using Serilog.Core;

namespace Scanner.Cli.Commands;

/// <summary>
/// `scanner merge REPORT.json... --format F --output PATH`: the JSON (or JSON Lines) reports of the shards of a scan
/// (`scanner scan --shard I/N`) joined into one report in any format, with the gate (and a baseline) applied to the
/// merged findings. Exit codes as for scan: 0 passed, 1 the gate tripped, 2 the reports cannot be merged (or a shard was
/// interrupted and the gate did not trip).
/// </summary>
public static class MergeCommand
{
    private static readonly Argument<string[]> Reports = new("reports")
    {
        Description = "JSON reports (scanner scan --format json) or JSON Lines reports (--format jsonl) of the shards, or of scans of different sites",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string[]> Formats = new("--format", "-f")
    {
        Description = "Report format: console, json, jsonl, sarif, junit, markdown or html. Repeat for several reports.",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<string[]> Outputs = new("--output", "-o")
    {
        Description = "File for the report of the --format at the same position (default: standard output)",
    };
    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "Exit 1 when a merged finding is at or above this severity: info, low, medium, high, critical or none (default high, as for scan)",
        DefaultValueFactory = _ => "high",
    };
    private static readonly Option<string?> BaselineFile = new("--baseline")
    {
        Description = "Baseline file (scanner baseline create): its findings are reported as unchanged and do not trip the gate",
    };

    public static Command Create()
    {
        var command = new Command("merge", "Join the JSON reports of a sharded scan (scan --shard I/N) into one report; the gate applies to the merged findings");
        command.Arguments.Add(Reports);
        foreach (var option in new Option[] { Formats, Outputs, FailOn, BaselineFile }) command.Options.Add(option);
        command.SetAction(parse => Run(parse.GetValue(Reports) ?? [], parse.GetValue(Formats) ?? [], parse.GetValue(Outputs) ?? [],
            parse.GetValue(FailOn)!, parse.GetValue(BaselineFile), Console.Out, Console.Error));
        return command;
    }

    public static int Run(IReadOnlyList<string> reports, IReadOnlyList<string> formats, IReadOnlyList<string> outputs, string failOn, string? baselinePath,
        TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<ReportRequest> requests;
        try
        {
            requests = ReportRequest.Pair(formats, outputs);
        }
        catch (ArgumentException e)
        {
            return CannotRun(stderr, e.Message);
        }
        if (!Gate.TryParse(failOn, out var gate))
            return CannotRun(stderr, $"--fail-on must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}, none.");
        Baseline? baseline = null;
        if (baselinePath is not null)
        {
            try
            {
                baseline = Baseline.Load(baselinePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return CannotRun(stderr, $"cannot use the baseline {baselinePath}: {e.Message}");
            }
        }
        ReportMerge merge;
        try
        {
            merge = ReportMerge.Check(reports, baseline is not null);
        }
        catch (Exception e) when (e is ReportFileException or ReportMergeException)
        {
            return CannotRun(stderr, $"cannot merge: {e.Message}");
        }

        // The verdict is the merged report's own: its tally counts every merged finding against the gate and the baseline.
        var tripped = false;
        try
        {
            using var sinks = new ReportSinks(requests, stdout, report => tripped = report.GateTripped, Logger.None);
            merge.WriteTo(sinks, gate, baseline, Environment.CurrentDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CannotRun(stderr, $"a report could not be written: {e.Message} (check the --output paths)");
        }
        catch (ReportFileException e)
        {
            return CannotRun(stderr, $"cannot merge: {e.Message}");
        }

        var shards = merge.Files.Count(f => f.Shard is not null);
        var loaded = merge.PagesLoadedForLinks;
        stderr.WriteLine($"Merged {merge.Files.Count} report(s){(shards > 0 ? $" ({shards} shard(s))" : "")}: {merge.PageCount} page(s)"
            + (loaded > 0 ? $"; the shards also loaded {loaded} page(s) of other shards only to follow their links ({(double)(merge.PageCount + loaded) / merge.PageCount:0.00} loads per page)" : "")
            + $"; gate (--fail-on {gate.Describe()}): {(tripped ? "FAILED" : "passed")}");
        if (tripped) return ExitCodes.GateTripped;
        if (merge.Interrupted)
        {
            stderr.WriteLine($"error: {string.Join(", ", merge.Files.Where(f => f.Interrupted).Select(f => f.Path))} "
                + "was interrupted (or killed): the merged report is partial.");
            return ExitCodes.CannotRun;
        }
        return ExitCodes.Passed;
    }

    private static int CannotRun(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {TerminalText.Escape(message)}");
        return ExitCodes.CannotRun;
    }
}
