using System.Text.Json;
using System.Xml.Linq;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Core.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    private static XDocument JUnit(ScanReport report)
    {
        using var stream = new MemoryStream();
        JUnitReportWriter.Write(report, stream);
        stream.Position = 0;
        return XDocument.Load(stream);
    }

    [Fact]
    public void One_case_per_page_and_a_failure_per_finding_that_trips_the_gate()
    {
        var findings = new[]
        {
            ReportSamples.Finding(Severity.High, "1"),
            ReportSamples.Finding(Severity.Critical, "2", ReportSamples.Hostile),
            ReportSamples.Finding(Severity.Medium, "3"),               // below the gate
            ReportSamples.Finding(Severity.High, "4", url: "https://b.gov.cn/"), // in the baseline
        };
        var xml = JUnit(ReportSamples.Report(findings, Baseline.FromFindings([findings[3]])));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.Equal("https://a.gov.cn/", cases[0].Attribute("name")!.Value);
        Assert.Equal(2, cases[0].Elements("failure").Count());
        Assert.Contains(ReportSamples.Hostile[..40], cases[0].Elements("failure").First().Value); // the XML parser reads back the page's text
        Assert.Contains("[below the gate]", cases[0].Element("system-out")!.Value);
        Assert.Empty(cases[1].Elements("failure"));
        Assert.Contains("[in baseline: unchanged]", cases[1].Element("system-out")!.Value);
        Assert.NotNull(cases[2].Element("skipped")); // the page that failed to load
        Assert.Equal("1", xml.Root!.Attribute("failures")!.Value);
        Assert.Equal("3", xml.Root!.Attribute("tests")!.Value);
    }

    [Fact]
    public void Control_characters_that_XML_cannot_carry_are_shown_escaped()
    {
        Assert.Equal("a\\u001bb\\u0000", JUnitReportWriter.Clean("a\u001bb\0"));
        Assert.Equal("亚洲 😀\n", JUnitReportWriter.Clean("亚洲 😀\n"));
    }
}

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void Evidence_cannot_become_markup_links_or_break_the_table()
    {
        var output = new StringWriter();
        MarkdownReportWriter.Write(ReportSamples.Report([ReportSamples.Finding(Severity.High, "1", ReportSamples.Hostile)]), output);
        var md = output.ToString();

        Assert.DoesNotContain("<script", md);
        Assert.DoesNotContain("<img", md);
        Assert.DoesNotContain("](javascript", md);
        Assert.False(md.Contains('\u001b'), "a control character reached the Markdown");
        var row = md.Split('\n').Single(l => l.Contains("keyword.porn"));
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|")); // five cells: every '|' of the page is escaped
        Assert.Contains("Gate failed", md);
    }

    [Fact]
    public void Lists_at_most_the_row_limit()
    {
        var many = Enumerable.Range(0, MarkdownReportWriter.MaxRows + 5).Select(i => ReportSamples.Finding(Severity.Low, $"{i}")).ToList();
        var output = new StringWriter();
        MarkdownReportWriter.Write(ReportSamples.Report(many), output);
        Assert.Contains("and 5 more finding(s)", output.ToString());
    }
}

public sealed class HtmlReportWriterTests
{
    private static string Html(ScanReport report)
    {
        var output = new StringWriter();
        HtmlReportWriter.Write(report, output);
        return output.ToString();
    }

    [Fact]
    public void Page_text_is_encoded_everywhere()
    {
        var html = Html(ReportSamples.Report([ReportSamples.Finding(Severity.Critical, "1", ReportSamples.Hostile, hidden: true)]));
        Assert.DoesNotContain("<script>window", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("</textarea>", html);
        Assert.DoesNotContain("href=\"javascript", html);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script>")); // ours, and only ours
        Assert.Contains("http-equiv=\"Content-Security-Policy\"", html);
        Assert.Contains("default-src &#39;none&#39;", html);
    }

    [Fact]
    public void Summarises_by_severity_and_category()
    {
        var html = Html(ReportSamples.Report([ReportSamples.Finding(Severity.High, "1"), ReportSamples.Finding(Severity.Medium, "2", rule: "link.suspicious-tld")]));
        Assert.Contains("<th scope=\"row\">porn</th>", html);
        Assert.Contains("<th scope=\"row\">suspicious-tld</th>", html);
        Assert.Contains("data-severity=\"3\"", html);
    }
}

public sealed class SourceLocationInReportsTests
{
    [Fact]
    public void Markdown_junit_and_html_show_page_line_and_column_when_known()
    {
        var located = ReportSamples.Finding(Severity.High, "1", line: 45);
        var unknown = ReportSamples.Finding(Severity.Critical, "2", url: "https://b.gov.cn/");
        var report = ReportSamples.Report([located, unknown]);

        var markdown = new StringWriter();
        MarkdownReportWriter.Write(report, markdown);
        Assert.Contains(MarkdownReportWriter.Escape("https://a.gov.cn/:45:17"), markdown.ToString());
        using var junit = new MemoryStream();
        JUnitReportWriter.Write(report, junit);
        var xml = System.Text.Encoding.UTF8.GetString(junit.ToArray());
        Assert.Contains("source: https://a.gov.cn/:45:17", xml);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(xml, "source: ")); // the unlocated finding has none
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html);
        Assert.Contains("<small class=\"source\">https://a.gov.cn/:45:17</small>", html.ToString());
    }

    [Fact]
    public void A_local_page_is_located_by_its_file()
    {
        var report = ReportSamples.Report([ReportSamples.Finding(Severity.High, "1", line: 3)]) with
        {
            LocalFiles = new Dictionary<string, string> { ["https://a.gov.cn/"] = "site/index.html" },
            SourceRoot = "/repo",
        };

        Assert.Equal("site/index.html:3:17", report.SourceLocationOf(report.Findings[0]));
    }
}

public sealed class ElementFindingsTests
{
    [Fact]
    public void Findings_on_one_element_of_one_page_are_one_entry_most_severe_rule_first()
    {
        var porn = ReportSamples.Finding(Severity.High, "1");
        var signature = ReportSamples.Finding(Severity.Critical, "2", rule: "signature.spam-phrase-list");
        var otherPage = ReportSamples.Finding(Severity.Critical, "3", url: "https://b.gov.cn/");
        Finding[] pageLevel = [porn with { Selector = null, Fingerprint = "4" }, porn with { Selector = null, Fingerprint = "5", Severity = Severity.Low }];

        var groups = ElementFindings.Group([porn, otherPage, signature, .. pageLevel]);

        Assert.Equal(4, groups.Count); // the shared element, the other page's, and each page-level finding alone
        Assert.Equal(["2", "1"], groups[0].Findings.Select(f => f.Fingerprint));
        Assert.Equal("3", Assert.Single(groups[1].Findings).Fingerprint);
        Assert.Equal(["4", "5"], groups.Skip(2).Select(g => Assert.Single(g.Findings).Fingerprint));
    }

    [Fact]
    public void The_html_report_has_one_row_per_element_listing_every_rule_and_its_reasons()
    {
        var porn = ReportSamples.Finding(Severity.High, "1");
        var signature = ReportSamples.Finding(Severity.Critical, "2", evidence: "亚洲综合性色AⅤ一区, 婷婷", rule: "signature.spam-phrase-list");
        var output = new StringWriter();
        HtmlReportWriter.Write(ReportSamples.Report([porn, signature]), output);
        var html = output.ToString();

        var row = Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<article class=\"element\" data-severity=\"(\\d)\"[^>]*>"));
        Assert.Equal("4", row.Groups[1].Value); // filters and sorts as its most severe rule
        Assert.Contains("<code>keyword.porn</code>", html);
        Assert.Contains("<code>signature.spam-phrase-list</code>", html);
        Assert.Contains("data-category=\"spam-phrase-list porn\"", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "class=\"evidence\"").Count); // two different evidences
    }
}

public sealed class InterruptedReportTests
{
    [Fact]
    public void Every_format_says_that_an_interrupted_scan_is_partial()
    {
        var report = ReportSamples.Report([ReportSamples.Finding(Severity.High, "1")]) with { Interrupted = true };

        using var json = new MemoryStream();
        JsonReportWriter.Write(report, json);
        Assert.True(JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("interrupted").GetBoolean());
        using var sarif = new MemoryStream();
        SarifReportWriter.Write(report, sarif);
        var invocation = JsonDocument.Parse(sarif.ToArray()).RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains("interrupted", invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString());
        using var junit = new MemoryStream();
        JUnitReportWriter.Write(report, junit);
        Assert.Contains("partial", XDocument.Parse(System.Text.Encoding.UTF8.GetString(junit.ToArray())).Descendants("system-err").Single().Value);
        var markdown = new StringWriter();
        MarkdownReportWriter.Write(report, markdown);
        Assert.Contains("interrupted", markdown.ToString());
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html);
        Assert.Contains("class=\"interrupted\"", html.ToString());
    }

    [Fact]
    public void A_complete_scan_says_it_was_not_interrupted()
    {
        using var json = new MemoryStream();
        JsonReportWriter.Write(ReportSamples.Report([]), json);
        Assert.False(JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("interrupted").GetBoolean());
    }
}

public sealed class BaselineTests
{
    [Fact]
    public void Known_findings_are_unchanged_and_do_not_trip_the_gate()
    {
        var old = ReportSamples.Finding(Severity.Critical, "old");
        var fresh = ReportSamples.Finding(Severity.Medium, "new");
        var report = ReportSamples.Report([old, fresh], Baseline.FromFindings([old, ReportSamples.Finding(Severity.High, "gone")]));

        Assert.False(report.GateTripped); // the critical one is known; the new one is below the gate
        Assert.Equal(BaselineState.Unchanged, report.Baseline!.StateOf(old));
        Assert.Equal(BaselineState.New, report.Baseline.StateOf(fresh));
        Assert.Equal("gone", Assert.Single(report.Baseline.Absent).Fingerprint);
        Assert.True((report with { Gate = new Gate(Severity.Medium) }).GateTripped);
    }

    [Fact]
    public void A_known_finding_whose_severity_or_evidence_changed_is_updated_and_fails_only_when_more_severe()
    {
        var accepted = ReportSamples.Finding(Severity.High, "fp", evidence: "博彩 one");
        var baseline = Baseline.FromFindings([accepted]);
        ScanReport Run(Finding now) => ReportSamples.Report([now], baseline);

        var same = Run(accepted);
        Assert.Equal(BaselineState.Unchanged, same.Baseline!.StateOf(accepted));
        Assert.False(same.GateTripped);

        var otherEvidence = accepted with { Evidence = "博彩 one and two" };
        var report = Run(otherEvidence);
        Assert.Equal(BaselineState.Updated, report.Baseline!.StateOf(otherEvidence));
        Assert.False(report.GateTripped);
        Assert.Equal("updated (evidence changed)", report.BaselineNote(otherEvidence));
        Assert.Equal((0, 0, 1, 1), (report.Baseline.New, report.Baseline.Unchanged, report.Baseline.Updated, report.Suppressed));

        var milder = accepted with { Severity = Severity.Medium };
        Assert.Equal(BaselineState.Updated, Run(milder).Baseline!.StateOf(milder));
        Assert.False((Run(milder) with { Gate = new Gate(Severity.Medium) }).GateTripped);

        var worse = accepted with { Severity = Severity.Critical };
        var worseReport = Run(worse);
        Assert.Equal(BaselineState.Updated, worseReport.Baseline!.StateOf(worse));
        Assert.True(worseReport.GateTripped); // more severe than accepted: it trips the gate like a new finding
        Assert.Equal(0, worseReport.Suppressed);
        Assert.Equal("updated (severity high → critical, fails like a new finding)", worseReport.BaselineNote(worse));
    }

    [Fact]
    public void A_change_past_the_kept_start_of_the_evidence_is_noticed_by_its_hash()
    {
        var longText = new string('x', 300);
        var accepted = ReportSamples.Finding(Severity.High, "fp", evidence: longText + "A");
        using var file = new MemoryStream();
        Baseline.FromFindings([accepted]).Write(file, DateTimeOffset.UnixEpoch);
        file.Position = 0;
        var baseline = Baseline.Read(file, "baseline.json");

        var changedAtTheEnd = accepted with { Evidence = longText + "B" };
        Assert.Equal(BaselineState.Unchanged, baseline.Compare([accepted]).StateOf(accepted));
        Assert.Equal(BaselineState.Updated, baseline.Compare([changedAtTheEnd]).StateOf(changedAtTheEnd));
    }

    [Fact]
    public void A_baseline_file_from_before_evidence_hashes_is_still_read_and_compared_by_the_evidence_it_kept()
    {
        const string old = """
            { "schemaVersion": "1.0", "createdAt": "2026-01-01T00:00:00Z", "findings": [
              { "fingerprint": "fp", "ruleId": "keyword.porn", "url": "https://a.gov.cn/", "severity": "high", "evidence": "博彩 one" },
              { "fingerprint": "bare", "ruleId": "keyword.porn", "url": "https://a.gov.cn/" } ] }
            """;
        var baseline = Baseline.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(old)), "old.json");
        var same = ReportSamples.Finding(Severity.High, "fp", evidence: "博彩 one");
        var changed = same with { Evidence = "博彩 two" };
        var bare = ReportSamples.Finding(Severity.Critical, "bare");

        Assert.Equal(BaselineState.Unchanged, baseline.Compare([same]).StateOf(same));
        Assert.Equal(BaselineState.Updated, baseline.Compare([changed]).StateOf(changed));
        Assert.Equal(BaselineState.Unchanged, baseline.Compare([bare]).StateOf(bare)); // nothing kept to compare with
    }

    [Fact]
    public void A_baseline_is_created_from_a_json_report_and_read_back()
    {
        var report = ReportSamples.Report([ReportSamples.Finding(Severity.High, "f1"), ReportSamples.Finding(Severity.Low, "f2", new string('x', 500))]);
        using var json = new MemoryStream();
        JsonReportWriter.Write(report, json);
        json.Position = 0;
        var baseline = Baseline.Read(json, "report.json");
        Assert.Equal(["f1", "f2"], baseline.Entries.Select(e => e.Fingerprint).Order());

        using var file = new MemoryStream();
        baseline.Write(file, DateTimeOffset.UnixEpoch);
        file.Position = 0;
        var again = Baseline.Read(file, "baseline.json");
        Assert.True(again.Find("f1") is not null && again.Find("f2") is not null);
        Assert.True(again.Entries.Single(e => e.Fingerprint == "f2").Evidence!.Length < 300); // evidence kept short
    }

    [Fact]
    public void Something_that_is_not_a_report_is_refused_with_a_reason()
    {
        var e = Assert.Throws<InvalidDataException>(() => Baseline.Read(new MemoryStream("{\"pages\":[]}"u8.ToArray()), "x.json"));
        Assert.Contains("findings", e.Message);
        Assert.Throws<InvalidDataException>(() => Baseline.Read(new MemoryStream("not json"u8.ToArray()), "x.json"));
    }

    [Fact]
    public void The_json_report_gains_baseline_fields_and_keeps_its_contract()
    {
        var old = ReportSamples.Finding(Severity.High, "old");
        using var stream = new MemoryStream();
        JsonReportWriter.Write(ReportSamples.Report([old, ReportSamples.Finding(Severity.High, "new")], Baseline.FromFindings([old])), stream);
        var json = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal("unchanged", json.GetProperty("findings")[0].GetProperty("baselineState").GetString());
        Assert.Equal("new", json.GetProperty("findings")[1].GetProperty("baselineState").GetString());
        var summary = json.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("high").GetInt32()); // counts by severity still count every finding
        Assert.Equal(1, summary.GetProperty("suppressed").GetInt32());
        Assert.Equal(1, summary.GetProperty("baseline").GetProperty("new").GetInt32());
        Assert.True(json.GetProperty("gateTripped").GetBoolean());
    }
}

public sealed class RulePolicyTests
{
    [Fact]
    public void Overrides_severities_and_drops_disabled_rules_most_specific_first()
    {
        var policy = new RulePolicy
        {
            SeverityOverrides = new Dictionary<string, Severity> { ["keyword.*"] = Severity.Low, ["keyword.porn"] = Severity.Critical, ["*"] = Severity.Info },
            DisabledRules = ["link.*"],
        };
        var findings = policy.Apply([
            ReportSamples.Finding(Severity.High, "1"),
            ReportSamples.Finding(Severity.High, "2", rule: "keyword.gambling"),
            ReportSamples.Finding(Severity.High, "3", rule: "link.denied-domain"),
            ReportSamples.Finding(Severity.High, "4", rule: "title.hijacked"),
        ]);
        Assert.Equal([Severity.Critical, Severity.Low, Severity.Info], findings.Select(f => f.Severity));
        Assert.Contains(findings[0].Reasons, r => r.Contains("by configuration"));
        Assert.Equal(Severity.Critical, policy.Apply([new Scanner.Core.Analyzers.RuleDescriptor("keyword.porn", "t", "porn", Severity.High, "")])[0].DefaultSeverity);
    }

    [Theory]
    [InlineData("keyword.porn", true)]
    [InlineData("keyword.*", true)]
    [InlineData("*", true)]
    [InlineData("key*word", false)]
    [InlineData("keyword*", false)]
    [InlineData("", false)]
    public void Patterns_are_ids_families_or_everything(string pattern, bool valid) => Assert.Equal(valid, RulePolicy.IsValidPattern(pattern));
}

public sealed class FingerprintTests
{
    [Theory]
    [InlineData("http://127.0.0.1:40721/a.html#x", "http://127.0.0.1/a.html")]
    [InlineData("http://localhost:5000/a.html?q=1", "http://localhost/a.html?q=1")]
    [InlineData("https://www.example.gov.cn:8443/a.html#top", "https://www.example.gov.cn:8443/a.html")]
    [InlineData("https://www.example.gov.cn/", "https://www.example.gov.cn/")]
    public void Page_keys_drop_the_fragment_and_a_loopback_port(string url, string key) =>
        Assert.Equal(key, Scanner.Core.Analyzers.Fingerprint.PageKey(url));
}
