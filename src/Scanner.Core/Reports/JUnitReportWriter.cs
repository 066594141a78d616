using System.Globalization;
using System.Text;
using System.Xml;
using Scanner.Core.Model;

namespace Scanner.Core.Reports;

/// <summary>
/// JUnit XML for Jenkins and GitLab: one test suite, one test case per page (classname = host, name = URL), and a
/// &lt;failure&gt; for each finding that trips the gate (at or above --fail-on, not in the baseline). Findings below
/// the gate or in the baseline are listed in the case's system-out; a page that failed to load is a skipped case,
/// as the exit-code contract does not fail a run for it.
/// </summary>
public static class JUnitReportWriter
{
    public static void Write(ScanReport report, Stream stream)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        var byPage = report.Findings.ToLookup(f => f.Url, StringComparer.Ordinal);
        var failing = report.Findings.Count(report.Trips);
        var failingPages = report.Pages.Count(p => byPage[PageKey(p)].Any(report.Trips));
        var skipped = report.Pages.Count(p => p.Error is not null);
        var time = Seconds(report.Duration);

        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", ScanReport.ToolName);
        xml.WriteAttributeString("tests", Count(report.Pages.Count));
        xml.WriteAttributeString("failures", Count(failingPages));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Count(skipped));
        xml.WriteAttributeString("time", time);

        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", $"{ScanReport.ToolName} (fail on {report.Gate.Describe()})");
        xml.WriteAttributeString("tests", Count(report.Pages.Count));
        xml.WriteAttributeString("failures", Count(failingPages));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Count(skipped));
        xml.WriteAttributeString("time", time);
        xml.WriteAttributeString("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteStartElement("properties");
        Property(xml, "failOn", report.Gate.Describe());
        Property(xml, "interrupted", report.Interrupted ? "true" : "false");
        Property(xml, "findings", Count(report.Findings.Count));
        Property(xml, "findingsFailing", Count(failing));
        Property(xml, "suppressedByBaseline", Count(report.Suppressed));
        xml.WriteEndElement();

        foreach (var page in report.Pages)
        {
            var findings = byPage[PageKey(page)].OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
            xml.WriteStartElement("testcase");
            // A local page is its file (its loopback host and port change every run, and are gone after it).
            var local = report.LocalFiles.TryGetValue(page.Url, out var file);
            xml.WriteAttributeString("classname", Clean(local ? LocalFolderOf(file!) : HostOf(page.Url)));
            xml.WriteAttributeString("name", Clean(local ? file! : page.Url));
            xml.WriteAttributeString("time", Seconds(page.LoadTime));
            if (page.Error is not null)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean($"the page could not be loaded: {page.Error}"));
                xml.WriteEndElement();
            }
            foreach (var f in findings.Where(report.Trips))
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("type", f.RuleId);
                xml.WriteAttributeString("message", Clean($"{f.Severity.ToWord().ToUpperInvariant()} {f.RuleId}: {f.Title}{(f.Hidden ? " (hidden)" : "")}"));
                xml.WriteString(Clean(Describe(report, f)));
                xml.WriteEndElement();
            }
            var others = findings.Where(f => !report.Trips(f)).ToList();
            if (others.Count > 0)
            {
                var text = new StringBuilder();
                foreach (var f in others)
                    text.Append(report.IsSuppressed(f) ? $"[in baseline: {report.BaselineNote(f)}] " : "[below the gate] ")
                        .Append(f.Severity.ToWord().ToUpperInvariant()).Append(' ').Append(f.RuleId).Append(": ").Append(f.Title).Append('\n')
                        .Append(Describe(report, f)).Append('\n');
                xml.WriteElementString("system-out", Clean(text.ToString()));
            }
            xml.WriteEndElement();
        }
        // The schema puts a suite's system-err after its test cases.
        if (report.Interrupted) xml.WriteElementString("system-err", report.InterruptedNote);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static string Describe(ScanReport report, Finding f)
    {
        var text = new StringBuilder();
        if (f.Selector is not null) text.Append("at: ").Append(f.Selector).Append('\n');
        if (report.SourceLocationOf(f) is { } source) text.Append("source: ").Append(source).Append('\n');
        if (f.Hidden) text.Append("hidden: ").Append(string.Join(", ", f.HiddenReasons)).Append('\n');
        text.Append("evidence: ").Append(f.Evidence).Append('\n');
        if (f.LinkHref is not null) text.Append("link: ").Append(f.LinkHref).Append('\n');
        foreach (var reason in f.Reasons) text.Append("why: ").Append(reason).Append('\n');
        text.Append("fingerprint: ").Append(f.Fingerprint).Append('\n');
        return text.ToString();
    }

    private static string PageKey(PageResult page) => page.FinalUrl ?? page.Url;

    /// <summary>The folder of a local page's file, as the test case's class ("." for the scan's own folder).</summary>
    private static string LocalFolderOf(string file) => file.LastIndexOf('/') is var slash and > 0 ? file[..slash] : ".";

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : "local";

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters (even escaped); a hostile page's are shown as \uXXXX.</summary>
    public static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF && c != 0x7F) || (c >= 0xE000 && c <= 0xFFFD)
                     || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                     || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (ok && sb is null) continue;
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (ok) sb.Append(c); else sb.Append($"\\u{(int)c:x4}");
        }
        return sb?.ToString() ?? text;
    }
}
