using System.Text;
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

    public static void Write(ScanReport report, TextWriter output)
    {
        var verdict = report.GateTripped ? "❌ **Gate failed**" : "✅ **Gate passed**";
        output.WriteLine($"## {ScanReport.ToolName} {ScanReport.ToolVersion}: {verdict} (fail on `{report.Gate.Describe()}`)");
        output.WriteLine();
        if (report.Interrupted)
        {
            output.WriteLine($"⚠️ {report.InterruptedNote}");
            output.WriteLine();
        }
        var failed = report.FailedPages > 0 ? $", {report.FailedPages} failed to load" : "";
        output.WriteLine($"{report.Pages.Count} page(s) scanned in {report.Duration.TotalSeconds:0.0} s{failed}; {report.Findings.Count} finding(s).");
        if (report.Baseline is { } baseline)
            output.WriteLine($"Baseline: {baseline.New} new, {baseline.Unchanged} unchanged, {baseline.Updated} updated, {baseline.Suppressed} suppressed, {baseline.Absent.Count} fixed since.");
        if (report.History is { } history)
            output.WriteLine($"Since the previous run: {report.HistoryCount(HistoryState.New)} new, {report.HistoryCount(HistoryState.Reappeared)} reappeared, "
                + $"{report.HistoryCount(HistoryState.Unchanged)} unchanged, {history.Resolved.Count} resolved.");
        output.WriteLine();
        output.WriteLine("| " + string.Join(" | ", ScanReport.SeveritiesDescending.Select(s => s.ToWord())) + " |");
        output.WriteLine("|" + string.Concat(ScanReport.SeveritiesDescending.Select(_ => " ---: |")));
        output.WriteLine("| " + string.Join(" | ", ScanReport.SeveritiesDescending.Select(s => report.CountOf(s).ToString())) + " |");

        var ordered = report.Findings
            .OrderByDescending(report.Trips)
            .ThenBy(report.IsSuppressed)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Url, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("| severity | rule | page | element | evidence |");
            output.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (var f in ordered.Take(MaxRows))
            {
                var mark = report.Trips(f) ? "**" : "";
                var state = report.BaselineNote(f) is { } note ? $" (baseline: {Escape(note)})" : "";
                if (f.HistoryState is { } since && since != HistoryState.Unchanged) state += $" ({since.ToWord()})";
                var hidden = f.Hidden ? $" hidden: {Escape(string.Join(", ", f.HiddenReasons))}" : "";
                output.WriteLine($"| {mark}{f.Severity.ToWord()}{mark}{state} | `{f.RuleId}` | {Escape(report.SourceLocationOf(f) ?? f.Url)} | {Escape(f.Selector ?? "(page)")}{hidden} | {Escape(Shorten(f.Evidence))} |");
            }
            if (ordered.Count > MaxRows)
                output.WriteLine($"\n…and {ordered.Count - MaxRows} more finding(s): see the full report.");
        }
        var errors = report.Pages.Where(p => p.Error is not null).Take(10).ToList();
        if (errors.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Pages that could not be loaded:");
            foreach (var p in errors) output.WriteLine($"- {Escape(p.Url)}: {Escape(p.Error!)}");
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
