using System.Diagnostics;
using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>
/// The whole hostile site through the browser engine (the shared Chromium, one context per page, pages in parallel),
/// --timeout 5: every page is in the report with its error or findings within the page timeout plus the bounded
/// after-load steps (load event 5 s, network idle 2 s, probe: 17 s together) and a little slack; no dialog, pop-up,
/// endless script or endless load holds a worker.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HostileBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int TimeoutSeconds = 5;
    private const double AfterLoadSeconds = 17;
    private const double MarginSeconds = 6;
    private const double PageBoundSeconds = TimeoutSeconds + AfterLoadSeconds + MarginSeconds;

    [Fact]
    public async Task Every_hostile_page_is_recorded_within_the_timeout_plus_the_after_load_budget()
    {
        await using var site = await HostileSite.StartAsync();
        string[] targets = [.. HostileSite.PagePaths.Select(site.Url), site.SlowLorisUrl, site.SelfSignedUrl,
            site.Url("/sitemap-bomb.xml"), site.Url("/sitemap-bomb.xml.gz")];
        var clock = Stopwatch.StartNew();
        var run = await ScannerRun.ScanAsync(browser, honourTimeout: true,
            [.. targets, "--timeout", TimeoutSeconds.ToString(), "-j", "6", "--host-concurrency", "32", "--no-screenshots"]);
        clock.Stop();
        Assert.NotNull(run.Report);
        var report = new HostileReport(run.Report!);
        output.WriteLine($"scan: {clock.Elapsed.TotalSeconds:0.0} s, exit {run.ExitCode}\n{report.Describe()}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(targets.Length - 2 + 2, report.Pages.Length); // the sitemaps stand for the robots page and the listed page
        foreach (var page in report.Pages)
        {
            Assert.True(HostileReport.Recorded(page), $"{page} is neither an error nor a page with findings");
            Assert.True(HostileReport.Seconds(page) <= PageBoundSeconds, $"{page.GetProperty("url")} took {HostileReport.Seconds(page):0.0} s");
        }
        // Whether dialogs and pop-ups let the page be read is PageBehaviourTests' job: here, on a machine this scan
        // keeps busy (Chromium inflating a 200 MB bomb and parsing 50 MB), any page may time out; none may hang.
        Assert.Contains("not an HTML document", HostileReport.Error(report.Page(site.Url("/download.bin"))));
        // busy.html and busy-late.html have their endless script stopped and are read (PageBehaviourTests), or time out here.
        Assert.NotNull(HostileReport.Error(report.Page(site.Url("/never-ends.html"))));
        // Chromium gives up after 20 redirects; on a loaded machine 20 round trips may outlast the page's timeout first.
        var loop = HostileReport.Error(report.Page(site.Url("/redirect-loop")));
        Assert.True(loop is not null && (loop.Contains("ERR_TOO_MANY_REDIRECTS", StringComparison.Ordinal) || loop.StartsWith("Timeout", StringComparison.Ordinal)),
            $"redirect-loop: {loop}");
        Assert.NotNull(HostileReport.Error(report.Page(site.SlowLorisUrl)));
        Assert.True(report.Has(site.Url(HostileSite.RobotsAllowed)));
        Assert.False(report.Has(site.Url(HostileSite.RobotsBlocked)));
    }
}
