using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Remote;

/// <summary>
/// The remote browser goes away mid-scan (kill -9 of the Chromium behind --cdp-endpoint) and its supervisor starts a
/// new one on the same port a moment later: the scanner connects again, retrying while nothing answers, and loads the
/// pages that were in flight once more, as it does when its own Chromium crashes (BrowserCrashTests).
/// </summary>
[Collection(ProcessFaultCollection.Name)]
public sealed class RemoteBrowserDropTests
{
    private const int Pages = 12;
    private int _served;

    [Fact]
    public async Task A_DevTools_browser_that_drops_mid_scan_is_connected_to_again_and_no_page_is_lost()
    {
        await using var chromium = await DevToolsChromium.StartAsync();
        // Slow pages, so some are in flight when the browser dies.
        await using var site = await RemoteBrowserTests.SiteAsync(Pages, TimeSpan.FromMilliseconds(400), () => Interlocked.Increment(ref _served));

        var scan = RemoteBrowserTests.ScanAsync(site, ["--cdp-endpoint", chromium.Endpoint]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Volatile.Read(ref _served) < 4 && !scan.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(scan.IsCompleted, "the scan ended before the remote browser could be dropped");
        await chromium.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing answers for a moment: the scanner's reconnection has to wait
        await chromium.StartAgainAsync();

        var (exit, pages, findings, error) = await scan.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(exit == 1, $"expected exit 1 (the porn phrase trips the gate), got {exit}: {error}");
        Assert.Contains("reconnect 1", error);
        RemoteBrowserTests.AssertAllLoaded(pages, Pages + 1, error);
        Assert.Contains(findings, f => f.Rule == "keyword.porn" && f.Url == site.Url("/p/1"));
    }
}
