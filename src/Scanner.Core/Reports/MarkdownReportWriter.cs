using System.Globalization;
using System.Text;
using Scanner.Core.Reports.Localization;
using Scanner.Core.Model;

namespace Scanner.Core.Reports;

/// <summary>
/// A short summary for a pull-request comment: the verdict, counts by severity, and the findings that trip the gate
/// first (at most <see cref="MaxRows"/>, so the comment stays under the hosts' size limits). Page text is escaped
/// for Markdown and inline HTML, so evidence shows as text and never as markup, links or images.
/// </summary>
public static class MarkdownReportWriter
{
    public const int MaxRows = 50;
    private const int EvidenceShown = 120;

    public static void Write(ScanReport report, TextWriter output, ReportLanguage? language = null)
    {
        var l = language ?? ReportLanguage.English;
        var verdict = report.GateTripped ? $"❌ **{l["Report.GateFailed"]}**" : $"✅ **{l["Report.GatePassed"]}**";
        output.WriteLine($"## {ScanReport.ToolName} {ScanReport.ToolVersion}: {verdict} ({l.Format("Markdown.FailOn", $"`{report.Gate.Describe()}`")})");
        output.WriteLine();
        if (report.Interrupted)
        {
            output.WriteLine($"⚠️ {l.Format("Report.Interrupted", report.Pages.Count)}");
            output.WriteLine();
        }
        var failed = report.FailedPages > 0 ? l.Format("Console.FailedToLoad", report.FailedPages) : "";
        output.WriteLine(l.Format("Markdown.Scanned", report.Pages.Count, report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), failed, report.FindingCount));
        if (report.Baseline is { } baseline)
            output.WriteLine(l.Format("Markdown.Baseline", baseline.New, baseline.Unchanged, baseline.Updated, baseline.Suppressed, baseline.Absent.Count));
        if (report.History is { } history)
            output.WriteLine($"Since the previous run: {report.HistoryCount(HistoryState.New)} new, {report.HistoryCount(HistoryState.Reappeared)} reappeared, "
                + $"{report.HistoryCount(HistoryState.Unchanged)} unchanged, {history.Resolved.Count} resolved.");
        output.WriteLine();
        output.WriteLine("| " + string.Join(" | ", ScanReport.SeveritiesDescending.Select(l.Severity)) + " |");
        output.WriteLine("|" + string.Concat(ScanReport.SeveritiesDescending.Select(_ => " ---: |")));
        output.WriteLine("| " + string.Join(" | ", ScanReport.SeveritiesDescending.Select(s => report.CountOf(s).ToString(CultureInfo.InvariantCulture))) + " |");

        // New findings first (see ScanReport.IsNew), then those that trip the gate, then by severity.
        var ordered = report.Findings
            .OrderByDescending(report.IsNew)
            .ThenByDescending(report.Trips)
            .ThenBy(report.IsSuppressed)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Url, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"| {l["Column.Severity"]} | {l["Column.Rule"]} | {l["Column.Page"]} | {l["Column.Element"]} | {l["Column.Evidence"]} |");
            output.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (var f in ordered.Take(MaxRows))
            {
                var mark = report.Trips(f) ? "**" : "";
                var isNew = report.IsNew(f) ? $"🆕 {l["Label.New"]} " : "";
                var state = report.BaselineNote(f, l) is { } note ? $" ({l["Label.Baseline"]}: {Escape(note)})" : "";
                if (f.HistoryState is { } since && since != HistoryState.Unchanged) state += $" ({since.ToWord()})";
                var hidden = f.Hidden ? $" {l["Label.Hidden"]}: {Escape(l.HiddenReasons(f.HiddenReasons))}" : "";
                output.WriteLine($"| {isNew}{mark}{l.Severity(f.Severity)}{mark}{state} | `{f.RuleId}` {Escape(l.RuleTitle(f))} | {Escape(report.SourceLocationOf(f) ?? report.LocationOf(f.Url))} | {Escape(f.Selector ?? l["Label.ThePage"])}{hidden} | {Escape(Shorten(f.Evidence))} |");
            }
            if (ordered.Count > MaxRows)
                output.WriteLine($"\n{l.Format("Markdown.More", ordered.Count - MaxRows)}");
        }
        var errors = report.Pages.Where(p => p.Error is not null).Take(10).ToList();
        if (errors.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(l["Markdown.FailedPages"]);
            foreach (var p in errors) output.WriteLine($"- {Escape(report.LocationOf(p.Url))}: {Escape(p.Error!)}");
        }
    }

    private static string Shorten(string text) => text.Length <= EvidenceShown ? text : text[..EvidenceShown] + "…";

    /// <summary>
    /// Makes page text inert in GitHub/GitLab Markdown: HTML special characters become entities, Markdown
    /// punctuation is backslash-escaped (no links, emphasis, code or table breaks), line breaks become spaces,
    /// control characters are dropped.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '!' or '|' or '~' or ':' or '@':
                    sb.Append('\\').Append(c); break;
                default:
                    if (!char.IsControl(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
