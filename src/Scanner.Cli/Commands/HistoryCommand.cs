using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Cli.Configuration;
using Scanner.Core.Model;
using Scanner.Engine.History;
using Scanner.Engine.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Scanner.Cli.Commands;

/// <summary>
/// `scanner history list|show RUN|diff RUN_A RUN_B|prune --keep N`: the runs `scanner scan --history` recorded, as
/// Spectre.Console tables for people or JSON for scripts (--format json). Everything that came from a page is shown
/// as text (never as markup, never as terminal escapes).
/// </summary>
public static class HistoryCommand
{
    public const string DefaultFile = "scanner.db";

    private static readonly Option<string?> File = new("--history")
    {
        Description = $"The history database (default: 'history:' of ./{ScannerConfig.DefaultFileName}, else ./{DefaultFile})",
        Recursive = true,
    };
    private static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "table (for people, default) or json (for scripts)",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };
    private static readonly Argument<long> Run = new("run") { Description = "A run id (scanner history list)" };
    private static readonly Argument<long> RunA = new("run-a") { Description = "The earlier run" };
    private static readonly Argument<long> RunB = new("run-b") { Description = "The later run" };
    private static readonly Option<int> Keep = new("--keep") { Description = "Runs to keep for each set of targets (the latest)", Required = true };

    public static Command Create()
    {
        var history = new Command("history", "The runs recorded by scan --history: list, show, diff, prune");
        history.Options.Add(File);
        history.Options.Add(Format);
        var list = new Command("list", "Every run, latest first");
        list.SetAction(parse => Execute(parse, (store, json, o) => ListRuns(store, json, o)));
        var show = new Command("show", "One run: its options, findings with their state, and pages that failed");
        show.Arguments.Add(Run);
        show.SetAction(parse => Execute(parse, (store, json, o) => ShowRun(store, parse.GetValue(Run), json, o)));
        var diff = new Command("diff", "What changed between two runs: findings only in one of them, pages whose title or text changed");
        diff.Arguments.Add(RunA);
        diff.Arguments.Add(RunB);
        diff.SetAction(parse => Execute(parse, (store, json, o) => DiffRuns(store, parse.GetValue(RunA), parse.GetValue(RunB), json, o)));
        var prune = new Command("prune", "Delete all but the latest N runs of each set of targets");
        prune.Options.Add(Keep);
        prune.SetAction(parse => Execute(parse, (store, json, o) => PruneRuns(store, parse.GetValue(Keep), json, o)));
        foreach (var c in new[] { list, show, diff, prune }) history.Subcommands.Add(c);
        return history;
    }

    private static int Execute(ParseResult parse, Func<HistoryStore, bool, TextWriter, int> action) =>
        Execute(parse.GetValue(File), parse.GetValue(Format)!, System.Console.Out, System.Console.Error, action);

    /// <summary>Opens the history (it must exist: reading never creates one) and runs one subcommand on it.</summary>
    public static int Execute(string? file, string format, TextWriter output, TextWriter error, Func<HistoryStore, bool, TextWriter, int> action)
    {
        if (format is not ("table" or "json"))
        {
            error.WriteLine("error: --format must be 'table' or 'json'.");
            return ExitCodes.CannotRun;
        }
        string path;
        try
        {
            path = file ?? (ConfigFinder.Find(Environment.CurrentDirectory) is { } found ? ScanCommand.HistoryIn(ScannerConfig.Load(found, ScanCommand.Table)) : null) ?? DefaultFile;
        }
        catch (ConfigException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.CannotRun;
        }
        if (!System.IO.File.Exists(path))
        {
            error.WriteLine($"error: there is no history at {TerminalText.Escape(path)}. Record one with: scanner scan TARGET --history {TerminalText.Escape(path)}");
            return ExitCodes.CannotRun;
        }
        try
        {
            using var store = HistoryStore.Open(path);
            return action(store, format == "json", output);
        }
        catch (HistoryException e)
        {
            error.WriteLine($"error: {TerminalText.Escape(e.Message)}");
            return ExitCodes.CannotRun;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {TerminalText.Escape(e.Message)}");
            return ExitCodes.CannotRun;
        }
    }

    public static int ListRuns(HistoryStore store, bool json, TextWriter output)
    {
        var runs = store.Runs();
        if (json)
        {
            WriteJson(output, new { runs = runs.Select(RunJson) });
            return ExitCodes.Passed;
        }
        var table = new Table().AddColumns("run", "started", "duration", "status", "exit", "pages", "findings", "new", "targets");
        foreach (var r in runs)
            table.AddRow(T(r.Id), T(r.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm")), T(r.FinishedAt is { } f ? $"{(f - r.StartedAt).TotalSeconds:0} s" : "—"),
                T(r.Status), T(r.ExitCode?.ToString() ?? "—"), T(r.Pages), T(r.Findings), T(r.NewFindings), T(string.Join(" ", r.Targets)));
        Console(output).Write(table);
        return ExitCodes.Passed;
    }

    public static int ShowRun(HistoryStore store, long id, bool json, TextWriter output)
    {
        var run = store.Run(id) ?? throw new ArgumentException($"there is no run {id} (scanner history list shows them).");
        var findings = store.Findings(id);
        var pages = store.Pages(id);
        if (json)
        {
            WriteJson(output, new { run = RunJson(run), findings = findings.Select(FindingJson), pages = pages.Select(PageJson) });
            return ExitCodes.Passed;
        }
        var console = Console(output);
        console.Write(new Text($"Run {run.Id}: {string.Join(" ", run.Targets)}\n{run.Status}, exit {run.ExitCode?.ToString() ?? "—"}, {run.Pages} page(s), "
            + $"{run.Findings} finding(s), {run.NewFindings} new; started {run.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}; "
            + string.Join(", ", run.Options.Select(o => $"{o.Key} {o.Value}")) + "\n"));
        var table = new Table().AddColumns("state", "severity", "rule", "url", "evidence");
        foreach (var f in findings.OrderByDescending(f => f.State != "unchanged").ThenByDescending(f => f.Severity))
            table.AddRow(T(f.State), T(f.Severity.ToWord()), T(f.RuleId), T(f.Url), T(Short(f.Evidence)));
        console.Write(table);
        var failed = pages.Where(p => p.Error is not null).ToList();
        if (failed.Count > 0)
        {
            var errors = new Table().AddColumns("page", "error");
            foreach (var p in failed) errors.AddRow(T(p.Url), T(p.Error!));
            console.Write(errors);
        }
        return ExitCodes.Passed;
    }

    public static int DiffRuns(HistoryStore store, long a, long b, bool json, TextWriter output)
    {
        foreach (var id in new[] { a, b })
            if (store.Run(id) is null) throw new ArgumentException($"there is no run {id} (scanner history list shows them).");
        var findingsA = store.Findings(a).GroupBy(f => f.Fingerprint).ToDictionary(g => g.Key, g => g.First());
        var findingsB = store.Findings(b).GroupBy(f => f.Fingerprint).ToDictionary(g => g.Key, g => g.First());
        var onlyA = findingsA.Values.Where(f => !findingsB.ContainsKey(f.Fingerprint)).OrderByDescending(f => f.Severity).ToList();
        var onlyB = findingsB.Values.Where(f => !findingsA.ContainsKey(f.Fingerprint)).OrderByDescending(f => f.Severity).ToList();
        // Pages by their key (a local folder is served on a new loopback port each run).
        var pagesA = store.Pages(a).GroupBy(p => Core.Analyzers.Fingerprint.PageKey(p.Url)).ToDictionary(g => g.Key, g => g.First());
        var changed = store.Pages(b)
            .Select(p => (Before: pagesA.GetValueOrDefault(Core.Analyzers.Fingerprint.PageKey(p.Url)), After: p))
            .Where(c => c.Before is not null && c.Before.Error is null && c.After.Error is null && (c.Before.Title != c.After.Title || c.Before.TextHash != c.After.TextHash))
            .Select(c => (Before: c.Before!, c.After)).ToList();
        if (json)
        {
            WriteJson(output, new
            {
                runA = a, runB = b,
                onlyInA = onlyA.Select(FindingJson), onlyInB = onlyB.Select(FindingJson),
                changedPages = changed.Select(c => new { url = c.After.Url, titleBefore = c.Before.Title, titleAfter = c.After.Title, textChanged = c.Before.TextHash != c.After.TextHash }),
            });
            return ExitCodes.Passed;
        }
        var console = Console(output);
        var table = new Table().AddColumns("", "severity", "rule", "url", "evidence");
        foreach (var f in onlyB) table.AddRow(T($"only in {b}"), T(f.Severity.ToWord()), T(f.RuleId), T(f.Url), T(Short(f.Evidence)));
        foreach (var f in onlyA) table.AddRow(T($"only in {a}"), T(f.Severity.ToWord()), T(f.RuleId), T(f.Url), T(Short(f.Evidence)));
        console.Write(new Text($"Run {a} → run {b}: {onlyB.Count} finding(s) only in {b}, {onlyA.Count} only in {a}, {changed.Count} page(s) changed\n"));
        if (onlyA.Count + onlyB.Count > 0) console.Write(table);
        if (changed.Count > 0)
        {
            var pages = new Table().AddColumns("page", "title before", "title after", "text");
            foreach (var (before, after) in changed)
                pages.AddRow(T(after.Url), T(before.Title ?? ""), T(after.Title ?? ""), T(before.TextHash == after.TextHash ? "same" : "changed"));
            console.Write(pages);
        }
        return ExitCodes.Passed;
    }

    public static int PruneRuns(HistoryStore store, int keep, bool json, TextWriter output)
    {
        if (keep < 1) throw new ArgumentException("--keep must be at least 1.");
        var deleted = store.Prune(keep);
        if (json) WriteJson(output, new { deleted });
        else output.WriteLine($"Deleted {deleted.Count} run(s){(deleted.Count > 0 ? $": {string.Join(", ", deleted.Order())}" : "")}; kept the latest {keep} of each set of targets.");
        return ExitCodes.Passed;
    }

    private static object RunJson(RunSummary r) => new
    {
        id = r.Id, targets = r.Targets, options = r.Options, startedAt = r.StartedAt, finishedAt = r.FinishedAt, exitCode = r.ExitCode,
        status = r.Status, pages = r.Pages, findings = r.Findings, newFindings = r.NewFindings,
    };

    private static object FindingJson(StoredFinding f) => new
    {
        fingerprint = f.Fingerprint, ruleId = f.RuleId, severity = f.Severity.ToWord(), url = f.Url, title = f.Title, evidence = f.Evidence, historyState = f.State,
    };

    private static object PageJson(StoredPage p) => new
    {
        url = p.Url, finalUrl = p.FinalUrl, status = p.Status, error = p.Error, title = p.Title, findings = p.FindingCount, clean = p.Clean,
    };

    private static void WriteJson(TextWriter output, object value) =>
        output.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    private static IAnsiConsole Console(TextWriter output)
    {
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (!terminal) console.Profile.Width = 200; // a file or a pipe: wide rows rather than words broken over lines
        return console;
    }

    /// <summary>A cell of plain text: page data is never read as Spectre markup, and terminal escapes are shown, not obeyed.</summary>
    private static IRenderable T(object value) => new Text(TerminalText.Escape(value.ToString() ?? ""));

    private static string Short(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 80 ? flat : flat[..80] + "…";
    }
}
