using System.Text.Json;
using Microsoft.Playwright;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The HTML report of a 100-page scan (through the command line, static engine, against a baseline of the first 60
/// pages), opened in the shared Chromium at 1,280 px: nothing overflows, page paths do not wrap every few characters,
/// findings are grouped by page and by element, the rule and new/known filters work, and the decoded script is the
/// lines around its bad call. The screenshot is kept in the test's output for a person to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HtmlReportAtScaleTests(BrowserFixture browser) : IDisposable
{
    private const int Pages = 100;
    private readonly string _site = Directory.CreateTempSubdirectory("scanner-big-site-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("scanner-big-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_site, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    /// <summary>Deep paths (as real government sites have), a hidden spam block with links, a link to a suspicious TLD.</summary>
    private void WritePage(int i)
    {
        var folder = Path.Combine(_site, "zwgk", "xxgkml", "bmwj", $"departmentnoticesandannouncements{i % 7}");
        Directory.CreateDirectory(folder);
        var script = i == 0 ? $"<script>eval(atob('{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(BeautifiedRedirect))}'));</script>" : "";
        File.WriteAllText(Path.Combine(folder, $"t20261203_{i:D4}_notice_of_the_municipal_peoples_government.html"), $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知 {i}</title>{script}</head><body>
            <h1>关于做好第{i}项工作的通知</h1><p>各区县人民政府，市政府各部门：现将有关事项通知如下。</p>
            <div style="position:absolute;left:-9999px">{string.Concat(Enumerable.Repeat("澳门新葡京娱乐场百家乐在线赌场时时彩计划网，", 12))}
            <a href="https://bet-casino{i % 5}.example/very/long/path/to/a/landing/page/with/tracking?id={i}&amp;ref=gov">澳门新葡京</a>
            <a href="https://bet-casino{i % 5}.example/b">百家乐在线赌场</a></div>
            <p>友情链接：<a href="https://partner{i}.xyz/">合作单位</a></p>
            </body></html>
            """);
    }

    private static string BeautifiedRedirect => string.Concat(Enumerable.Range(0, 25).Select(i => $"var v{i} = {{\n\n}};\n\n}}\n"))
        + "var target = 'https://casino.example/';\n\n}\nwindow.location.href = target;\n}\n";

    [Fact]
    public async Task A_100_page_report_reads_at_1280_px_grouped_by_page_and_element_with_rule_and_new_filters()
    {
        for (var i = 0; i < 60; i++) WritePage(i);
        var earlier = Path.Combine(_out, "earlier.json");
        Assert.Equal(1, (await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--format", "json", "--output", earlier)).ExitCode);
        for (var i = 60; i < Pages; i++) WritePage(i);
        var html = Path.Combine(_out, "report.html");
        var run = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--baseline", earlier, "--format", "html", "--output", html);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Pages, run.Pages.Length);

        await using var report = await ReportInBrowser.OpenAsync(browser.Browser, html, width: 1280, height: 900);
        var page = report.Page;
        Assert.Equal(Pages, await page.EvaluateAsync<int>("() => document.querySelectorAll('section.page').length")); // one group a page
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the report overflows 1,280 px");

        // A page's path is one or two lines, not a column three characters wide.
        var heights = await page.EvaluateAsync<double[]>("() => Array.from(document.querySelectorAll('.location')).map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || '20'))");
        Assert.All(heights, h => Assert.True(h <= 3.5, $"a page path takes {h:0.0} lines"));
        var evidenceWidths = await page.EvaluateAsync<double[]>("() => Array.from(document.querySelectorAll('.evidence')).slice(0, 20).map(e => e.getBoundingClientRect().width)");
        Assert.All(evidenceWidths, w => Assert.True(w > 500, $"evidence squeezed into {w} px"));

        // Filters: by rule, and new (the 40 pages added after the baseline) or known.
        var elementsOf = (string rule) => run.Findings.Where(f => f.GetProperty("ruleId").GetString() == rule)
            .Select(f => (f.GetProperty("url").GetString(), f.GetProperty("selector").GetString())).Distinct().Count();
        await page.SelectOptionAsync("#f-rule", "link.suspicious-tld");
        Assert.Equal(elementsOf("link.suspicious-tld").ToString(), await page.TextContentAsync("#shown"));
        await page.SelectOptionAsync("#f-rule", "");
        await page.SelectOptionAsync("#f-state", "new");
        var newPages = await page.EvaluateAsync<int>("() => document.querySelectorAll('section.page:not(.off)').length");
        Assert.Equal(Pages - 60, newPages);
        await page.SelectOptionAsync("#f-state", "known");
        Assert.Equal(60, await page.EvaluateAsync<int>("() => document.querySelectorAll('section.page:not(.off)').length"));
        await page.SelectOptionAsync("#f-state", "");
        // New pages come first, each tagged.
        Assert.Equal(Enumerable.Repeat(true, Pages - 60), await page.EvaluateAsync<bool[]>(
            $"() => Array.from(document.querySelectorAll('section.page')).slice(0, {Pages - 60}).map(p => !!p.querySelector('h3 .new-tag'))"));

        // The decoded script: the lines around the redirect, not braces.
        var decoded = (await page.EvalOnSelectorAllAsync<string[]>(".evidence", "els => els.map(e => e.textContent)")).Single(e => e.Contains("decodes to"));
        Assert.Contains("window.location.href = target;", decoded);

        var shot = Path.Combine(AppContext.BaseDirectory, "html-report-1280.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        Assert.Equal(1280, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]); // the PNG's width
        Assert.Empty(await report.ViolationsAsync());

        // Wider, nothing changes for the worse.
        await page.SetViewportSizeAsync(1400, 900);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the report overflows 1,400 px");
    }
}
