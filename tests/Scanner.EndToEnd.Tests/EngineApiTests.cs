using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Scanner.Engine;
using Scanner.Engine.Crawling;
using Scanner.Engine.Reports;
using Scanner.Engine.Scanning;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The engine driven as a library, without the command line: options in, a loader of the caller's choosing, pages
/// streamed out as they complete, the run's end facts after. A loopback site with a spam page, a clean page and a
/// link to a missing one.
/// </summary>
public sealed class EngineApiTests
{
    private static IResult Html(string body) => Results.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>永州市人民政府</title></head><body><h1>全市教育大会召开</h1>{body}</body></html>",
        "text/html; charset=utf-8");

    [Fact]
    public async Task A_crawl_streams_its_pages_with_policy_applied_and_ends_with_its_facts()
    {
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Html("<p><a href=\"/spam\">教育</a> <a href=\"/gone\">往期</a></p>"));
            app.MapGet("/spam", () => Html("<p>亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情,人妻系列精品无码视频在线</p>"));
            app.MapGet("/gone", () => Results.NotFound());
        });
        var options = new ScanOptions
        {
            Targets = [site.Url("/")],
            Rules = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] }),
            Policy = new RulePolicy { SeverityOverrides = new Dictionary<string, Severity> { ["keyword.porn"] = Severity.Low } },
            Crawl = new CrawlOptions { MaxDepth = 1, CheckLinks = true, Retries = 0 },
            PageTimeout = TimeSpan.FromSeconds(10),
        };
        using var interruption = new ScanInterruption(ScanInterruption.DefaultGrace);
        await using var run = await new ScanEngine(options, Serilog.Core.Logger.None)
            .StartAsync(guard => Task.FromResult<IPageLoader>(new StaticPageLoader(options.PageTimeout, guard)), interruption);

        var pages = new List<CompletedPage>();
        await foreach (var page in run.PagesAsync()) pages.Add(page);

        Assert.Equal(["/", "/spam", "/gone"], pages.OrderBy(p => p.Sequence).Select(p => new Uri(p.Page.Url).AbsolutePath));
        Assert.Equal([0, 1, 2], pages.Select(p => p.Sequence).Order());
        var spam = Assert.Single(pages, p => p.Page.Url.EndsWith("/spam"));
        Assert.NotEmpty(spam.Findings);
        Assert.All(spam.Findings.Where(f => f.RuleId == "keyword.porn"), f => Assert.Equal(Severity.Low, f.Severity));
        Assert.Contains(spam.Findings, f => f.RuleId == "keyword.porn");
        var home = Assert.Single(pages, p => p.Page.Url == site.Url("/"));
        Assert.Contains(home.Findings, f => f.RuleId == "link.broken" && f.LinkHref == site.Url("/gone"));
        Assert.All(pages, p => Assert.Equal(p.Findings.Count, p.Page.FindingCount));

        Assert.False(run.End.Interrupted);
        Assert.Empty(run.End.Unreachable); // the 404 was found by crawling, not named
        Assert.Equal(1, run.End.Links!.Broken);
        Assert.Contains(run.Rules, r => r.Id == "keyword.porn" && r.DefaultSeverity == Severity.Low);
        Assert.Contains(run.Rules, r => r.Id == "link.broken");
    }

    [Fact]
    public async Task The_whole_run_record_lists_pages_in_discovery_order_whatever_order_they_complete_in()
    {
        var start = new ScanStart(DateTimeOffset.Now, "static", Gate.Default, null);
        using var record = new ScanRecord(start, Serilog.Core.Logger.None);
        CompletedPage Page(int sequence, params Finding[] findings) =>
            new(sequence, new PageResult($"https://a.gov.cn/{sequence}", null, 200, null, TimeSpan.Zero, findings.Length), findings);
        var high = new Finding
        {
            RuleId = "keyword.porn", Title = "Spam terms (porn)", Severity = Severity.High, Category = "porn", Url = "https://a.gov.cn/2",
            Evidence = "亚洲综合性色AⅤ一区", Fingerprint = "f2",
        };

        record.Add(Page(2, high));
        record.Add(Page(0));
        record.Add(Page(3)); // 1 never completes (an interrupted scan): 2 and 3 wait for it until the record is closed
        record.Close();
        var report = record.Report(new ScanConclusion(DateTimeOffset.Now, new ScanEnd(true, [], null, new Dictionary<string, Core.Reports.FindingScreenshot>()),
            [], _ => null, Environment.CurrentDirectory));

        Assert.Equal(["https://a.gov.cn/0", "https://a.gov.cn/2", "https://a.gov.cn/3"], report.Pages.Select(p => p.Url));
        Assert.Equal("f2", Assert.Single(report.Findings).Fingerprint);
        Assert.Equal(1, report.CountOf(Severity.High));
        Assert.True(report.GateTripped);
        Assert.True(report.Interrupted);
    }
}
