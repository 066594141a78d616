using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Crawling;

/// <summary>The browser engine crawls too (links from the probe), and reads GBK and Big5 pages right, served and rendered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserCrawlTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_browser_engine_follows_links_and_decodes_GBK_and_Big5()
    {
        await using var site = await GeneratedSite.StartAsync(10, sitemapsInRobots: false); // only what the two pages link to

        var run = await ScannerRun.ScanAsync(browser, site.Site.Url("p/5"), site.Site.Url("p/6"), "--max-depth", "1", "--timeout", "20");

        var urls = run.Pages.Select(p => p.GetProperty("url").GetString()!).ToArray();
        Assert.Equal([site.Site.Url("p/5"), site.Site.Url("p/6")], urls[..2]); // the targets first, in their order
        Assert.Equal([site.Site.Url("d/5"), site.Site.Url("d/6")], urls[2..].Order()); // then what they link to
        var findings = run.Findings.Where(f => f.GetProperty("ruleId").GetString() == "keyword.gambling").ToList();
        Assert.Equal(2, findings.Count);
        Assert.Contains("真人百家乐", findings[0].GetProperty("evidence").GetString());
        Assert.Contains("真人百家樂", findings[1].GetProperty("evidence").GetString());
        // Their served titles read as the page says (Chromium hands bodies over in UTF-8): no "rewritten" title.
        Assert.DoesNotContain(run.Findings, f => f.GetProperty("ruleId").GetString() == "title.rewritten");
        Assert.Equal(1, run.ExitCode);
    }
}
