using Scanner.Core.Model;
using Scanner.Core.Reports;

namespace Scanner.Engine.Reports;

/// <summary>
/// The report a person reads at a glance: the verdict and counts first, then findings grouped by page,
/// most severe first. Colour only on a terminal (and never when NO_COLOR is set).
/// </summary>
public sealed class ConsoleReportWriter(TextWriter output, bool colour)
{
    public static bool ShouldColour(TextWriter output) =>
        output == Console.Out && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Write(ScanReport report)
    {
        var failed = report.FailedPages > 0 ? $", {report.FailedPages} failed to load" : "";
        output.WriteLine($"{ScanReport.ToolName} {ScanReport.ToolVersion}: {report.Pages.Count} page(s) scanned in {report.Duration.TotalSeconds:0.0} s{failed}");
        var counts = string.Join(", ", ScanReport.SeveritiesDescending.Select(s => Paint($"{report.CountOf(s)} {s.ToWord()}", report.CountOf(s) > 0 ? s : null)));
        var verdict = report.GateTripped ? Paint("FAILED", Severity.Critical) : Paint("passed", null);
        if (report.Interrupted) output.WriteLine(Paint(report.InterruptedNote, Severity.Medium));
        output.WriteLine($"Findings: {counts}");
        if (report.Links is { } links)
            output.WriteLine($"Links: {links.Checked} checked: {links.Ok} ok, {links.Broken} broken, {links.CouldNotVerify} could not be verified ({links.ServingSpam} serving spam)");
        output.WriteLine($"Gate (--fail-on {report.Gate.Describe()}): {verdict}");
        if (report.History is { } history)
            output.WriteLine(Paint($"Since the previous run{(history.PreviousRunId is { } previous ? $" (run {previous})" : " (none: this is the first)")}: "
                + $"{report.HistoryCount(HistoryState.New)} new, {report.HistoryCount(HistoryState.Reappeared)} reappeared, "
                + $"{report.HistoryCount(HistoryState.Unchanged)} unchanged, {history.Resolved.Count} resolved",
                report.HistoryCount(HistoryState.New) + report.HistoryCount(HistoryState.Reappeared) > 0 ? Severity.High : null));
        if (report.Baseline is { } baseline)
            output.WriteLine($"Baseline: {baseline.New} new, {baseline.Unchanged} unchanged, {baseline.Updated} updated; {baseline.Suppressed} known and suppressed (do not fail the gate), {baseline.Absent.Count} no longer found");

        var findingsByPage = report.Findings.ToLookup(f => f.Url);
        foreach (var page in report.Pages)
        {
            var findings = findingsByPage[page.FinalUrl ?? page.Url].ToList();
            if (findings.Count == 0 && page.Error is null) continue;
            output.WriteLine();
            var landed = page.FinalUrl is not null && page.FinalUrl != page.Url ? $" → {Clean(page.FinalUrl)}" : "";
            output.WriteLine($"{Clean(page.Url)}{landed}  ({page.Status?.ToString() ?? "no response"}, {page.LoadTime.TotalSeconds:0.0} s)");
            if (page.Error is not null) output.WriteLine($"  {Paint("ERROR", Severity.High)}  {Clean(page.Error)}");
            foreach (var element in ElementFindings.Group(findings)) WriteElement(element, report);
        }
        if (report.History is { Resolved.Count: > 0 } resolved) output.WriteLine($"\nResolved since the previous run ({resolved.Resolved.Count}):");
        foreach (var gone in report.History?.Resolved ?? [])
            output.WriteLine($"  resolved  {gone.Severity.ToWord().ToUpperInvariant(),-8} {Clean(gone.RuleId)}  {Clean(gone.Url)}  {Clean(gone.Title)}");
        if (report.Findings.Count == 0 && report.FailedPages == 0) output.WriteLine("\nNo findings.");
    }

    /// <summary>One entry per element: a line per rule that fired on it, then where it is, its evidence and every reason.</summary>
    private void WriteElement(ElementFindings element, ScanReport report)
    {
        var several = element.Findings.Count > 1;
        foreach (var f in element.Findings)
        {
            var hidden = f.Hidden ? $"  [hidden: {Clean(string.Join(", ", f.HiddenReasons))}]" : "";
            var state = report.BaselineNote(f) is { } note ? $"  [baseline: {Clean(note)}]" : "";
            if (f.HistoryState is { } since && since != HistoryState.Unchanged) state += $"  [{since.ToWord().ToUpperInvariant()}]";
            output.WriteLine($"  {Paint(f.Severity.ToWord().ToUpperInvariant().PadRight(8), report.IsSuppressed(f) ? null : f.Severity)} {Clean(f.RuleId)}  {Clean(f.Title)}{hidden}{state}");
        }
        if (element.Selector is not null) output.WriteLine($"           at  {Clean(element.Selector)}");
        if (element.Findings.Select(report.SourceLocationOf).FirstOrDefault(s => s is not null) is { } source)
            output.WriteLine($"       source  {Clean(source)}");
        foreach (var evidence in element.Findings.GroupBy(f => f.Evidence, StringComparer.Ordinal))
            output.WriteLine($"     evidence  {Clean(evidence.Key)}{(several && evidence.Count() < element.Findings.Count ? $"  ({Clean(string.Join(", ", evidence.Select(f => f.RuleId)))})" : "")}");
        foreach (var f in element.Findings)
            foreach (var reason in f.Reasons) output.WriteLine($"          why  {(several ? $"[{Clean(f.RuleId)}] " : "")}{Clean(reason)}");
        foreach (var f in element.Findings)
            output.WriteLine($"  fingerprint  {Clean(f.Fingerprint)}{(several ? $"  ({Clean(f.RuleId)})" : "")}");
    }

    private string Paint(string text, Severity? severity)
    {
        if (!colour || severity is null) return text;
        var code = severity switch
        {
            Severity.Critical => "1;97;41",
            Severity.High => "1;31",
            Severity.Medium => "33",
            Severity.Low => "36",
            _ => "37",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }

    /// <summary>
    /// Every value that can come from a page (URLs, titles, class names in selectors and hidden reasons, evidence,
    /// reasons, errors) or from a rule file: terminal escapes, BEL, CR and bidi overrides are shown, not obeyed.
    /// </summary>
    private static string Clean(string text) => TerminalText.Escape(text);
}
