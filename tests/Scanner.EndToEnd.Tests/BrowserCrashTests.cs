using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Browser.Loading;
using Scanner.Core.Loading;
using Serilog;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Chromium killed (kill -9) in the middle of a crawl, as the OOM killer or a crash would: the real scanner process
/// starts a new one, loads the pages that were in flight once more, and loses none.
/// </summary>
[Collection(ProcessFaultCollection.Name)]
public sealed class BrowserCrashTests
{
    private const int Pages = 30;
    private int _served;

    private Task<LoopbackServer> SiteAsync() => LoopbackServer.StartAsync(app =>
    {
        var links = string.Concat(Enumerable.Range(0, Pages).Select(n => $"<li><a href=\"/p/{n}\">通知 {n}</a></li>"));
        app.MapGet("/", () => Results.Content($"<!DOCTYPE html><html><head><title>教育局</title></head><body><ul>{links}</ul></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8));
        app.MapGet("/p/{n:int}", async (int n) =>
        {
            Interlocked.Increment(ref _served);
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // slow enough that pages are in flight when Chromium dies
            return Results.Content($"<!DOCTYPE html><html><head><title>通知 {n}</title></head><body><p>关于做好第{n}期工作的通知。</p></body></html>",
                "text/html; charset=utf-8", Encoding.UTF8);
        });
    });

    [Fact]
    public async Task Chromium_killed_mid_scan_is_started_again_and_no_page_is_lost()
    {
        await using var site = await SiteAsync();
        var report = Path.Combine(Path.GetTempPath(), $"scanner-crash-{Guid.NewGuid():N}.json");
        using var scanner = ScannerProcess.Start(["scan", site.Url("/"), "--max-depth", "1", "-j", "4", "-f", "json", "-o", report, "--no-screenshots"]);
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (Volatile.Read(ref _served) < 6 && !scanner.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.False(scanner.HasExited, "the scanner ended before Chromium could be killed");
            var chromium = ProcessTree.ChromiumBrowserBelow(scanner.Id);
            Assert.True(chromium is not null, "no Chromium found below the scanner process");
            using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", chromium.Value.ToString()])!) await kill.WaitForExitAsync();

            var (exit, _, error) = await scanner.WaitAsync().WaitAsync(TimeSpan.FromMinutes(4));

            Assert.True(exit == 0, $"expected exit 0, got {exit}: {error}");
            Assert.Contains("restart 1", error);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var pages = json.RootElement.GetProperty("pages").EnumerateArray().ToList();
            Assert.Equal(Pages + 1, pages.Count);
            Assert.All(pages, p =>
            {
                Assert.True(p.GetProperty("error").ValueKind == JsonValueKind.Null, $"{p.GetProperty("url")}: {p.GetProperty("error")}");
                Assert.Equal(200, p.GetProperty("status").GetInt32());
            });
            Assert.Equal(Enumerable.Range(0, Pages).Select(n => site.Url($"/p/{n}")).Order(), pages.Skip(1).Select(p => p.GetProperty("url").GetString()!).Order());
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>
    /// A loader made by WithOptions (as tests and a scan's second set of options use) shares the browser's restart:
    /// after Chromium is killed, it loads into the new one instead of failing on the dead one. A browser of its own,
    /// not the shared fixture's: killing that one would fail the other tests.
    /// </summary>
    [Fact]
    public async Task A_loader_made_with_other_options_follows_the_restarted_browser()
    {
        await using var site = await SiteAsync();
        var before = ChromiumProcesses();
        await using var loader = await BrowserPageLoader.StartAsync(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(20) }, Serilog.Core.Logger.None);
        var ours = ChromiumProcesses().Except(before).ToList();
        Assert.True(ours.Count == 1, $"expected one new Chromium below the test process, found {ours.Count}");
        await using var derived = loader.WithOptions(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(15) });
        Assert.Null((await derived.LoadAsync(site.Url("/p/1"), FetchProfile.Visitor, CancellationToken.None)).Error);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", ours[0].ToString()])!) await kill.WaitForExitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (loader.Browser.IsConnected && DateTime.UtcNow < deadline) await Task.Delay(50);

        var page = await derived.LoadAsync(site.Url("/p/2"), FetchProfile.Visitor, CancellationToken.None);
        Assert.Null(page.Error);
        Assert.Equal(200, page.Status);
        Assert.Equal("通知 2", page.RenderedTitle);
        Assert.Equal(1, loader.Restarts);
        Assert.True(loader.Browser.IsConnected, "the first loader does not see the new browser");
    }

    private static HashSet<int> ChromiumProcesses() =>
        ProcessTree.Descendants(Environment.ProcessId).Where(IsChromiumBrowser).ToHashSet();

    private static bool IsChromiumBrowser(int pid)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return args.Length > 0 && Path.GetFileName(args[0]) is "chromium" or "chrome" or "headless_shell"
                && !args.Any(a => a.StartsWith("--type=", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
