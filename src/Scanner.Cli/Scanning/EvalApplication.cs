using Scanner.Core.Evaluation;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>What `scanner eval` was asked: the pages, their labels, and the scan to score (engine, gate, rules…).</summary>
public sealed record EvalSettings
{
    public required string PagesFolder { get; init; }
    public required string LabelsFile { get; init; }
    /// <summary>Score only the label rows whose column has this value (e.g. split=dev); null: every row.</summary>
    public (string Column, string Value)? Where { get; init; }
    /// <summary>console or json.</summary>
    public string Format { get; init; } = "console";
    public string? OutputPath { get; init; }
    /// <summary>The scan of the labelled pages; its targets and reports are filled in by the evaluation.</summary>
    public required ScanSettings Scan { get; init; }
}

/// <summary>
/// `scanner eval`: scans every labelled page through the ordinary scan (<see cref="ScanApplication"/>, each page a
/// local-file target) and scores the findings against the labels (<see cref="EvaluationScorer"/>).
/// Exit 0 when it ran (it measures; it does not gate), 2 when it could not.
/// </summary>
public sealed class EvalApplication(TextWriter output, TextWriter error, ILogger log)
{
    public async Task<int> RunAsync(EvalSettings settings, ScanApplication.LoaderFactory loaderFactory, CancellationToken ct)
    {
        if (!Directory.Exists(settings.PagesFolder)) return CannotRun($"the pages folder {settings.PagesFolder} does not exist.");
        IReadOnlyList<PageLabel> labels;
        try
        {
            labels = LabelFile.Read(settings.LabelsFile, settings.Where?.Column, settings.Where?.Value);
        }
        catch (LabelFileException e)
        {
            return CannotRun(e.Message);
        }
        if (labels.Count == 0) return CannotRun($"{settings.LabelsFile} labels no pages{(settings.Where is { } w ? $" with {w.Column}={w.Value}" : "")}.");
        var root = Path.GetFullPath(settings.PagesFolder);
        var missing = labels.Where(l => !File.Exists(Path.Combine(root, l.File))).ToList();
        if (missing.Count > 0)
            return CannotRun($"{missing.Count} labelled file(s) are not in {settings.PagesFolder}, e.g. {string.Join(", ", missing.Take(3).Select(m => $"{m.File} ({settings.LabelsFile}:{m.Line})"))}.");

        Dictionary<string, ScannedPage>? scanned = null;
        var interrupted = false;
        var scan = new ScanApplication(TextWriter.Null, error, log)
        {
            ReportReady = (report, files) =>
            {
                interrupted = report.Interrupted;
                scanned = ByFile(report.Pages, report.Findings.ToList(), files, root);
            },
        };
        var exit = await scan.RunAsync(settings.Scan with
        {
            Targets = labels.Select(l => Path.Combine(root, l.File)).ToArray(),
            Reports = [],
            BaselinePath = null,
            Screenshots = false,
        }, loaderFactory, ct);
        if (scanned is null) return exit == ExitCodes.CannotRun ? ExitCodes.CannotRun : CannotRun("the scan produced no report.");
        if (interrupted) return CannotRun("the scan was interrupted: no evaluation.");

        var result = EvaluationScorer.Score(labels, scanned, settings.Scan.Gate, settings.Scan.Engine, UnlabelledCount(root, labels));
        Write(result, settings);
        return ExitCodes.Passed;
    }

    /// <summary>
    /// Each scanned page's findings under its file relative to the pages folder. A finding carries the page's final URL
    /// (after a redirect), so it is matched by the requested URL first, then by the final one.
    /// </summary>
    private static Dictionary<string, ScannedPage> ByFile(IReadOnlyList<PageResult> pages, IReadOnlyList<Finding> findings,
        IReadOnlyDictionary<string, string> files, string root)
    {
        var byUrl = findings.GroupBy(f => f.Url, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var requested = pages.Select(p => p.Url).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, ScannedPage>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            if (!files.TryGetValue(page.Url, out var file)) continue;
            var own = byUrl.GetValueOrDefault(page.Url) ?? [];
            if (page.FinalUrl is { } final && final != page.Url && !requested.Contains(final))
                own = [.. own, .. byUrl.GetValueOrDefault(final) ?? []];
            result[Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')] = new ScannedPage(page.Error, own);
        }
        return result;
    }

    private static int UnlabelledCount(string root, IReadOnlyList<PageLabel> labels)
    {
        var labelled = labels.Select(l => l.File).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(root, "*.htm*", SearchOption.AllDirectories)
            .Count(f => !labelled.Contains(Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')));
    }

    private void Write(EvaluationResult result, EvalSettings settings)
    {
        if (settings.OutputPath is { } path && path != "-")
        {
            using var file = File.Create(path);
            if (settings.Format == "json") EvaluationJsonWriter.Write(result, file);
            else { using var text = new StreamWriter(file); EvaluationTextWriter.Write(result, text); }
            return;
        }
        if (settings.Format == "json")
        {
            using var buffer = new MemoryStream();
            EvaluationJsonWriter.Write(result, buffer);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else EvaluationTextWriter.Write(result, output);
    }

    private int CannotRun(string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.CannotRun;
    }
}
