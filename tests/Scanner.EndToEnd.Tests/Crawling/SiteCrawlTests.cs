using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Crawling;

/// <summary>A whole generated site crawled with the static engine (cheap on CPU), counts asserted exactly.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteCrawlTests(BrowserFixture browser)
{
    private const int SitemapPages = 200;

    [Fact]
    public async Task The_sitemap_index_and_links_are_crawled_to_the_depth_limit_with_robots_exclusions_retries_and_link_checks()
    {
        await using var site = await GeneratedSite.StartAsync(SitemapPages);

        // --allow-private: the "external" casino on 127.0.0.2 stands in for a site on the internet (SsrfTests covers the guard).
        var run = await ScannerRun.ScanAsync(browser, site.SitemapIndex, "--engine", "static", "--max-depth", "1",
            "--exclude", "/excluded/**", "--check-links", "--timeout", "10", "-j", "4", "--allow-private");

        // 200 sitemap pages (depth 0), their 200 /d/ pages (depth 1), and /old, /missing, /flaky linked from /p/0.
        // Not scanned: /dd/* (depth 2), /private/secret (robots.txt), /excluded/page (--exclude), the external links.
        var pages = run.Pages;
        Assert.Equal(SitemapPages * 2 + 3, pages.Length);
        Assert.Equal(pages.Length, pages.Select(p => p.GetProperty("url").GetString()).Distinct().Count());
        Assert.DoesNotContain(pages, p => Url(p).Contains("/dd/") || Url(p).Contains("/private/") || Url(p).Contains("/excluded/"));
        Assert.Equal(site.Site.Url("p/0"), Url(pages[0])); // discovery order: the sitemap's order first
        var old = Assert.Single(pages, p => Url(p).EndsWith("/old"));
        Assert.Equal(site.Site.Url("new"), old.GetProperty("finalUrl").GetString());
        var missing = Assert.Single(pages, p => Url(p).EndsWith("/missing"));
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Equal(1, run.Report!.RootElement.GetProperty("summary").GetProperty("pagesFailed").GetInt32());
        var flaky = Assert.Single(pages, p => Url(p).EndsWith("/flaky"));
        Assert.Equal(200, flaky.GetProperty("status").GetInt32()); // 429 (Retry-After: 1), then 200
        Assert.True(site.FlakyRequests >= 2);

        // The GBK and Big5 pages are decoded: their spam is found, quoted as the page says it.
        var keyword = run.Findings.Where(f => Rule(f).StartsWith("keyword.")).ToList();
        Assert.Equal(2, keyword.Count);
        Assert.Contains(keyword, f => f.GetProperty("url").GetString() == site.Site.Url("p/5") && f.GetProperty("evidence").GetString()!.Contains("真人百家乐"));
        Assert.Contains(keyword, f => f.GetProperty("url").GetString() == site.Site.Url("p/6") && f.GetProperty("evidence").GetString()!.Contains("真人百家樂"));

        // --check-links: the 404 and the refused host are broken; the 429-then-200 link is fine; the casino is spam.
        var broken = run.Findings.Where(f => Rule(f) == "link.broken").Select(f => f.GetProperty("linkHref").GetString()).Order().ToList();
        Assert.Equal(new[] { site.Site.Url("missing"), $"http://127.0.0.1:{site.RefusedPort}/gone" }.Order(), broken);
        Assert.DoesNotContain(run.Findings, f => Rule(f) == "link.unverified");
        var spam = Assert.Single(run.Findings, f => Rule(f) == "link.target-spam");
        Assert.Equal(site.External.Url("casino"), spam.GetProperty("linkHref").GetString());
        Assert.Equal("high", spam.GetProperty("severity").GetString());
        Assert.Equal(site.Site.Url("p/0"), spam.GetProperty("url").GetString());
        Assert.Equal(5, run.Findings.Length);
        CatalogueCheck.AssertCatalogued(run, "--check-links");
        Assert.Equal(1, run.ExitCode);

        // The totals, kept apart: 607 distinct targets = /p/*, /d/*, /dd/* (200 each) and the 7 http(s) extras of /p/0
        // (the mailto: is not checked); broken: /missing and the refused host; the casino answers (ok) but serves spam.
        var links = run.Report.RootElement.GetProperty("links");
        Assert.Equal(SitemapPages * 3 + 7, links.GetProperty("checked").GetInt32());
        Assert.Equal(SitemapPages * 3 + 5, links.GetProperty("ok").GetInt32());
        Assert.Equal(2, links.GetProperty("broken").GetInt32());
        Assert.Equal(0, links.GetProperty("couldNotVerify").GetInt32());
        Assert.Equal(1, links.GetProperty("servingSpam").GetInt32());
        Assert.Contains($"Links: {SitemapPages * 3 + 7} checked: {SitemapPages * 3 + 5} ok, 2 broken, 0 could not be verified (1 serving spam)", run.Output);
    }

    [Fact]
    public async Task Max_pages_include_and_depth_zero_limit_the_crawl()
    {
        await using var site = await GeneratedSite.StartAsync(40);

        var depthZero = await ScannerRun.ScanAsync(browser, site.SitemapIndex, "--engine", "static", "--fail-on", "none");
        Assert.Equal(40, depthZero.Pages.Length); // the default --max-depth 0: only the listed pages

        var limited = await ScannerRun.ScanAsync(browser, site.Site.Url("p/1"), "--engine", "static", "--max-depth", "5", "--max-pages", "2", "--fail-on", "none");
        Assert.Equal(2, limited.Pages.Length);

        var included = await ScannerRun.ScanAsync(browser, site.Site.Url("p/1"), "--engine", "static", "--max-depth", "5",
            "--include", "re:/(p|d)/1$", "--fail-on", "none");
        Assert.Equal([site.Site.Url("p/1"), site.Site.Url("d/1")], included.Pages.Select(Url).ToArray());

        var robotsIgnored = await ScannerRun.ScanAsync(browser, site.Site.Url("p/0"), "--engine", "static", "--max-depth", "1",
            "--include", "/private/**", "--ignore-robots", "--fail-on", "none");
        Assert.Equal([site.Site.Url("p/0"), site.Site.Url("private/secret")], robotsIgnored.Pages.Select(Url).ToArray());
    }

    [Fact]
    public async Task A_crawl_is_also_seeded_with_the_sitemaps_robots_txt_lists_in_scope()
    {
        await using var site = await GeneratedSite.StartAsync(30);

        // /p/3 links only to /d/3, which --include leaves out: the other 29 pages come from the sitemap index that
        // robots.txt lists. The sitemap it lists on another host is out of scope and never requested.
        var crawl = await ScannerRun.ScanAsync(browser, site.Site.Url("p/3"), "--engine", "static", "--max-depth", "1",
            "--include", "re:/p/[0-9]+$", "--fail-on", "none");
        Assert.Equal(site.Site.Url("p/3"), Url(crawl.Pages[0]));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => site.Site.Url($"p/{i}")).Order(), crawl.Pages.Select(Url).Order());
        Assert.Equal(0, site.ExternalSitemapRequests);

        // Depth 0 is not a crawl: only the page named.
        var single = await ScannerRun.ScanAsync(browser, site.Site.Url("p/3"), "--engine", "static", "--fail-on", "none");
        Assert.Equal([site.Site.Url("p/3")], single.Pages.Select(Url).ToArray());
    }

    private static string Url(JsonElement page) => page.GetProperty("url").GetString()!;
    private static string Rule(JsonElement finding) => finding.GetProperty("ruleId").GetString()!;
}
