using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The HTML report opened in real Chromium. Its evidence comes from hostile pages: every payload tries to set
/// window.__pwned (script elements, onerror/onload handlers, javascript: URLs, &lt;/textarea&gt; and &lt;/script&gt;
/// breakouts, comment openers); none may run, and the report's own sorting and filtering must still work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HtmlReportTests(BrowserFixture browser) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-html-").FullName;
    private static readonly string Hostile = Path.Combine(AppContext.BaseDirectory, "fixtures", "reports", "hostile.html");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_report_of_a_hostile_page_runs_none_of_its_payloads_and_shows_them_as_text()
    {
        var file = Path.Combine(_folder, "report.html");
        var run = await ScannerRun.ScanAsync(browser, Hostile, "--format", "html", "--output", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Findings, f => f.GetProperty("evidence").GetString()!.Contains("<script>window.__pwned"));
        Assert.Contains(run.Findings, f => f.GetProperty("hidden").GetBoolean());

        await using var report = await ReportInBrowser.OpenAsync(browser.Browser, file);
        await report.ClickEverythingAsync();

        Assert.Null(await report.PwnedAsync());
        Assert.Empty(report.Dialogs);
        Assert.Empty(await report.ViolationsAsync());
        var evidence = await report.Page.EvalOnSelectorAllAsync<string[]>(".evidence", "els => els.map(e => e.textContent)");
        Assert.Contains(evidence, e => e.Contains("<script>window.__pwned='script'</script>") && e.Contains("onerror=\"window.__pwned='onerror'\""));
        Assert.Contains(evidence, e => e.Contains("</textarea></script><!--<script>"));
        Assert.Equal(0, await report.Page.EvaluateAsync<int>("() => document.querySelectorAll('a[href^=\"javascript\" i], [onerror], [onload], textarea, svg, iframe').length"));
        Assert.Equal(1, await report.Page.EvaluateAsync<int>("() => document.scripts.length")); // the report's own, nothing else

        // The screenshots are there and display (data: images are allowed), and the hidden one says so.
        var images = await report.Page.EvaluateAsync<int[]>("() => Array.from(document.images).map(i => i.naturalWidth)");
        Assert.NotEmpty(images);
        Assert.All(images, w => Assert.True(w > 0));
        var captions = await report.Page.EvalOnSelectorAllAsync<string[]>("figcaption", "els => els.map(e => e.textContent)");
        Assert.Contains(captions, c => c.StartsWith("hidden"));
    }

    [Fact]
    public async Task The_reports_own_script_sorts_and_filters_under_its_content_security_policy()
    {
        var findings = new[]
        {
            Finding(Severity.Medium, "m", "<b>medium</b> 赌博", "https://b.gov.cn/", "keyword.gambling"),
            Finding(Severity.Critical, "c", "亚洲综合性色AⅤ一区", "https://a.gov.cn/"),
            Finding(Severity.Low, "l", "low", "https://c.gov.cn/"),
        };
        var file = await WriteAsync(Report(findings, Baseline.FromFindings([findings[1]])));
        await using var report = await ReportInBrowser.OpenAsync(browser.Browser, file);

        Assert.Equal("3", await report.Page.TextContentAsync("#shown"));
        await report.Page.SelectOptionAsync("#f-severity", ((int)Severity.Medium).ToString());
        Assert.Equal("2", await report.Page.TextContentAsync("#shown"));
        await report.Page.SelectOptionAsync("#f-state", "new");
        Assert.Equal("1", await report.Page.TextContentAsync("#shown")); // the critical one is in the baseline
        await report.Page.SelectOptionAsync("#f-state", "known");
        Assert.Equal("1", await report.Page.TextContentAsync("#shown"));
        await report.Page.SelectOptionAsync("#f-state", "");
        await report.Page.SelectOptionAsync("#f-severity", "0");
        await report.Page.FillAsync("#f-text", "赌博");
        Assert.Equal("1", await report.Page.TextContentAsync("#shown"));
        await report.Page.FillAsync("#f-text", "");
        await report.Page.SelectOptionAsync("#f-rule", "keyword.gambling");
        Assert.Equal("1", await report.Page.TextContentAsync("#shown"));
        Assert.Equal(1, await report.Page.EvaluateAsync<int>("() => document.querySelectorAll('section.page:not(.off)').length"));
        await report.Page.SelectOptionAsync("#f-severity", ((int)Severity.Critical).ToString());
        Assert.Equal("0", await report.Page.TextContentAsync("#shown"));
        Assert.Equal(0, await report.Page.EvaluateAsync<int>("() => document.querySelectorAll('section.page:not(.off)').length")); // empty pages hide too
        await report.Page.SelectOptionAsync("#f-rule", "");
        await report.Page.SelectOptionAsync("#f-severity", "0");

        // Pages sort by their most severe finding, or in scan order.
        var pages = "() => Array.from(document.querySelectorAll('section.page')).map(p => p.dataset.severity)";
        Assert.Equal(["2", "1", "4"], await report.Page.EvaluateAsync<string[]>(pages)); // pages with new findings first, then the most severe
        await report.Page.ClickAsync("button[data-sort=severity]");
        Assert.Equal(["1", "2", "4"], await report.Page.EvaluateAsync<string[]>(pages));
        await report.Page.ClickAsync("button[data-sort=order]");
        Assert.Equal(["2", "4", "1"], await report.Page.EvaluateAsync<string[]>(pages)); // as the scan found them
        Assert.Empty(await report.ViolationsAsync());
    }

    [Fact]
    public async Task Hostile_text_in_every_field_stays_text()
    {
        const string payload = "\"'><script>window.__pwned='field'</script><img src=x onerror=window.__pwned='img'></textarea></title></style><!--";
        var finding = Finding(Severity.Critical, payload, payload) with
        {
            RuleId = "keyword." + payload, Category = payload, Selector = payload, Reasons = [payload], HiddenReasons = [payload],
            Hidden = true, MatchedTerm = payload, LinkHref = "javascript:window.__pwned='href'", Url = "javascript:window.__pwned='url'",
        };
        var report = Report([finding]) with
        {
            Pages = [new PageResult("javascript:window.__pwned='page'", null, null, payload, TimeSpan.Zero, 1)],
        };
        await using var opened = await ReportInBrowser.OpenAsync(browser.Browser, await WriteAsync(report));
        await opened.ClickEverythingAsync();
        foreach (var link in await opened.Page.QuerySelectorAllAsync("a")) await link.ClickAsync(new() { Timeout = 2000 });

        Assert.Null(await opened.PwnedAsync());
        Assert.Empty(opened.Dialogs);
        Assert.Empty(await opened.ViolationsAsync());
        Assert.Equal(payload, await opened.Page.TextContentAsync(".evidence"));
    }

    private static Finding Finding(Severity severity, string fingerprint, string evidence, string url = "https://a.gov.cn/", string rule = "keyword.porn") => new()
    {
        RuleId = rule, Title = "Spam terms", Severity = severity, Category = rule.Split('.')[1], Url = url,
        Selector = $"li.f-{fingerprint}", Evidence = evidence, Fingerprint = fingerprint, // one element each: one row each
    };

    private static ScanReport Report(IReadOnlyList<Finding> findings, Baseline? baseline = null) => new()
    {
        StartedAt = DateTimeOffset.Now, FinishedAt = DateTimeOffset.Now, Engine = "browser", Gate = Gate.Default,
        Pages = findings.Select(f => f.Url).Distinct().Select(u => new PageResult(u, u, 200, null, TimeSpan.Zero, findings.Count(f => f.Url == u))).ToList(),
        Findings = findings, Baseline = baseline?.Compare(findings),
    };

    private async Task<string> WriteAsync(ScanReport report)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.html");
        await using var writer = new StreamWriter(file);
        HtmlReportWriter.Write(report, writer);
        return file;
    }
}
