using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Core.Reports.Localization;

namespace Scanner.Engine.Reports;

/// <summary>
/// The report a person reads at a glance, short at any scale: the verdict and counts first; then the findings that
/// trip the gate (or those at or above --console-min-severity), grouped by page, new ones first and tagged, evidence
/// clipped; then one line counting everything not listed. Colour only on a terminal (and never when NO_COLOR is set).
/// </summary>
public sealed class ConsoleReportWriter(TextWriter output, bool colour, ReportPresentation? presentation = null)
{
    /// <summary>Evidence longer than this is cut, with the number of characters left out (one page's block can be 200,000).</summary>
    public const int EvidenceShown = 200;

    private readonly ReportPresentation _presentation = presentation ?? ReportPresentation.Default;
    private ReportLanguage L => _presentation.Language;

    public static bool ShouldColour(TextWriter output) =>
        output == Console.Out && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Write(ScanReport report)
    {
        WriteSummary(report);
        var listed = new ListedFindings(report, _presentation.ConsoleMinSeverity);
        var findingsByPage = report.Findings.Where(listed.Lists).ToLookup(f => f.Url);
        // Pages with new findings first (the news of the morning), then in the order they were found.
        var pages = report.Pages
            .Select((page, index) => (Page: page, Index: index, Findings: findingsByPage[page.FinalUrl ?? page.Url].ToList()))
            .Where(p => p.Findings.Count > 0 || p.Page.Error is not null)
            .OrderByDescending(p => p.Findings.Any(report.IsNew)).ThenBy(p => p.Index);
        foreach (var (page, _, findings) in pages)
        {
            output.WriteLine();
            var landed = page.FinalUrl is not null && page.FinalUrl != page.Url ? $" → {Clean(report.LocationOf(page.FinalUrl))}" : "";
            output.WriteLine($"{Clean(report.LocationOf(page.Url))}{landed}  ({page.Status?.ToString() ?? L["Console.NoResponse"]}, {page.LoadTime.TotalSeconds:0.0} s)");
            if (page.Error is not null) output.WriteLine($"  {Paint(L["Console.Error"], Severity.High)}  {Clean(page.Error)}");
            var elements = ElementFindings.Group(findings).OrderByDescending(e => e.Findings.Any(report.IsNew)); // stable: severity order kept
            foreach (var element in elements) WriteElement(element, report);
        }
        if (report.History is { Resolved.Count: > 0 } resolved) output.WriteLine($"\nResolved since the previous run ({resolved.Resolved.Count}):");
        foreach (var gone in report.History?.Resolved ?? [])
            output.WriteLine($"  resolved  {gone.Severity.ToWord().ToUpperInvariant(),-8} {Clean(gone.RuleId)}  {Clean(gone.Url)}  {Clean(gone.Title)}");
        if (report.FindingCount == 0 && report.FailedPages == 0) output.WriteLine($"\n{L["Console.NoFindings"]}");
        else if (listed.NotListed.Count > 0) WriteNotListed(listed);
    }

    private void WriteSummary(ScanReport report)
    {
        var failed = report.FailedPages > 0 ? L.Format("Console.FailedToLoad", report.FailedPages) : "";
        output.WriteLine(L.Format("Console.Scanned", ScanReport.ToolName, ScanReport.ToolVersion, report.Pages.Count, report.Duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), failed));
        var counts = string.Join(L["List.Separator"], ScanReport.SeveritiesDescending.Select(s => Paint($"{report.CountOf(s)} {L.Severity(s)}", report.CountOf(s) > 0 ? s : null)));
        var verdict = report.GateTripped ? Paint(L["Console.Failed"], Severity.Critical) : Paint(L["Console.Passed"], null);
        if (report.Interrupted) output.WriteLine(Paint(L.Format("Report.Interrupted", report.Pages.Count), Severity.Medium));
        output.WriteLine(L.Format("Console.Findings", counts));
        if (report.Links is { } links)
            output.WriteLine(L.Format("Console.Links", links.Checked, links.Ok, links.Broken, links.CouldNotVerify, links.ServingSpam));
        output.WriteLine(L.Format("Console.Gate", report.Gate.Describe(), verdict));
        if (report.History is { } history)
            output.WriteLine(Paint($"Since the previous run{(history.PreviousRunId is { } previous ? $" (run {previous})" : " (none: this is the first)")}: "
                + $"{report.HistoryCount(HistoryState.New)} new, {report.HistoryCount(HistoryState.Reappeared)} reappeared, "
                + $"{report.HistoryCount(HistoryState.Unchanged)} unchanged, {history.Resolved.Count} resolved",
                report.HistoryCount(HistoryState.New) + report.HistoryCount(HistoryState.Reappeared) > 0 ? Severity.High : null));
        if (report.Baseline is { } baseline)
            output.WriteLine(L.Format("Console.Baseline", baseline.New, baseline.Unchanged, baseline.Updated, baseline.Suppressed, baseline.Absent.Count));
    }

    /// <summary>One entry per element: a line per rule that fired on it, then where it is, its evidence and every reason.</summary>
    private void WriteElement(ElementFindings element, ScanReport report)
    {
        var several = element.Findings.Count > 1;
        foreach (var f in element.Findings)
        {
            var isNew = report.IsNew(f) ? $"{Paint(L["Console.NewTag"], Severity.High)} " : "";
            var hidden = f.Hidden ? $"  [{L["Label.Hidden"]}: {Clean(L.HiddenReasons(f.HiddenReasons))}]" : "";
            var state = report.BaselineNote(f, L) is { } note ? $"  [{L["Label.Baseline"]}: {Clean(note)}]" : "";
            if (f.HistoryState == HistoryState.Reappeared) state += "  [REAPPEARED]";
            var severity = L.Severity(f.Severity);
            severity = severity.ToUpperInvariant().PadRight(8 - (severity.Length - severity.Count(char.IsAscii)));
            output.WriteLine($"  {isNew}{Paint(severity, report.IsSuppressed(f) ? null : f.Severity)} {Clean(f.RuleId)}  {Clean(L.RuleTitle(f))}{hidden}{state}");
        }
        if (element.Selector is not null) output.WriteLine($"{Label("Console.At")}{Clean(element.Selector)}");
        if (element.Findings.Select(report.SourceLocationOf).FirstOrDefault(s => s is not null) is { } source)
            output.WriteLine($"{Label("Console.Source")}{Clean(source)}");
        foreach (var evidence in element.Findings.GroupBy(f => f.Evidence, StringComparer.Ordinal))
            output.WriteLine($"{Label("Console.Evidence")}{Clean(Clip(evidence.Key))}{(several && evidence.Count() < element.Findings.Count ? $"  ({Clean(string.Join(", ", evidence.Select(f => f.RuleId)))})" : "")}");
        foreach (var f in element.Findings)
            foreach (var reason in f.Reasons) output.WriteLine($"{Label("Console.Why")}{(several ? $"[{Clean(f.RuleId)}] " : "")}{Clean(reason)}");
        foreach (var f in element.Findings)
            output.WriteLine($"{Label("Console.Fingerprint")}{Clean(f.Fingerprint)}{(several ? $"  ({Clean(f.RuleId)})" : "")}");
    }

    /// <summary>The one line for the findings not listed: how many at each severity, and how to list them.</summary>
    private void WriteNotListed(ListedFindings listed)
    {
        var counts = string.Join(L["List.Separator"], ScanReport.SeveritiesDescending
            .Select(s => (Severity: s, Count: listed.NotListed.GetValueOrDefault(s))).Where(x => x.Count > 0)
            .Select(x => $"{x.Count} {L.Severity(x.Severity)}"));
        var lowest = listed.NotListed.Keys.Min(); // the option value that lists them all
        output.WriteLine();
        output.WriteLine(L.Format("Console.NotListed", counts, lowest.ToWord()));
    }

    /// <summary>A label right-aligned to 13 columns, the way the evidence block lines up (CJK labels are two columns a character).</summary>
    private string Label(string key)
    {
        var text = L[key];
        var width = text.Sum(c => c > '\u2E80' ? 2 : 1);
        return new string(' ', Math.Max(1, 13 - width)) + text + "  ";
    }

    /// <summary>Evidence on one line, cut at <see cref="EvidenceShown"/> characters with the count of the rest.</summary>
    private string Clip(string evidence)
    {
        var text = evidence.ReplaceLineEndings(" ⏎ ");
        if (text.Length <= EvidenceShown) return text;
        var end = char.IsHighSurrogate(text[EvidenceShown - 1]) ? EvidenceShown - 1 : EvidenceShown;
        return $"{text[..end]}… {L.Format("Console.MoreCharacters", text.Length - end)}";
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

/// <summary>
/// Which findings the console lists: by default those that trip the gate (with --fail-on none, those at high or
/// above); with a minimum severity, every finding at or above it, known ones too. The rest are counted by severity.
/// </summary>
internal sealed class ListedFindings
{
    private readonly ScanReport _report;
    private readonly Severity? _minimum;

    public ListedFindings(ScanReport report, Severity? minimum)
    {
        _report = report;
        _minimum = minimum;
        foreach (var f in report.Findings.Where(f => !Lists(f)))
            NotListed[f.Severity] = NotListed.GetValueOrDefault(f.Severity) + 1;
    }

    public Dictionary<Severity, int> NotListed { get; } = [];

    public bool Lists(Finding f) => _minimum is { } min ? f.Severity >= min
        : _report.Gate.Threshold is null ? f.Severity >= Severity.High
        : _report.Trips(f);
}
