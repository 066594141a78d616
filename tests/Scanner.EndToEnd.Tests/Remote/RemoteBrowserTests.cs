using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Remote;

/// <summary>
/// The real scanner process scanning through a browser it did not start: a Chromium launched apart with a DevTools port
/// (--cdp-endpoint), and `npx playwright run-server` from npm (--browser-endpoint). SCANNER_BROWSER names no file, so a
/// scan that tried to start a Chromium of its own would exit 2: the pages can only have been loaded by the remote one.
/// </summary>
public sealed class RemoteBrowserTests
{
    /// <summary>A site of a handful of pages, one with a porn phrase (keyword.porn, high: the default gate trips).</summary>
    internal static Task<LoopbackServer> SiteAsync(int pages, TimeSpan delay, Action? served = null) => LoopbackServer.StartAsync(app =>
    {
        var links = string.Concat(Enumerable.Range(0, pages).Select(n => $"<li><a href=\"/p/{n}\">通知 {n}</a></li>"));
        app.MapGet("/", () => Results.Content($"<!DOCTYPE html><html><head><title>教育局</title></head><body><ul>{links}</ul></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8));
        app.MapGet("/p/{n:int}", async (int n) =>
        {
            served?.Invoke();
            if (delay > TimeSpan.Zero) await Task.Delay(delay);
            var text = n == 1 ? "免费观看高清无码视频" : $"关于做好第{n}期工作的通知。";
            return Results.Content($"<!DOCTYPE html><html><head><title>通知 {n}</title></head><body><p>{text}</p></body></html>",
                "text/html; charset=utf-8", Encoding.UTF8);
        });
    });

    internal static readonly Dictionary<string, string> NoLocalBrowser = new() { ["SCANNER_BROWSER"] = "/nonexistent/chromium" };

    [Fact]
    public async Task A_scan_through_a_DevTools_endpoint_loads_every_page_in_the_remote_Chromium_and_leaves_it_running()
    {
        await using var chromium = await DevToolsChromium.StartAsync();
        await using var site = await SiteAsync(4, TimeSpan.Zero);

        var (exit, pages, findings, error) = await ScanAsync(site, ["--cdp-endpoint", chromium.Endpoint]);

        Assert.True(exit == 1, $"expected exit 1 (the porn phrase trips the gate), got {exit}: {error}");
        Assert.Contains($"at {chromium.Endpoint}/ (DevTools protocol)", error);
        AssertAllLoaded(pages, 5, error);
        Assert.Equal([site.Url("/p/1")], findings.Where(f => f.Rule == "keyword.porn").Select(f => f.Url));
        // Disconnecting closes the scanner's contexts, not the browser others may share.
        Assert.True(ProcessTree.IsRunning(chromium.ProcessId), "the scan closed the remote Chromium");
    }

    [Fact]
    public async Task A_scan_through_playwright_run_server_loads_every_page()
    {
        await using var server = await PlaywrightRunServer.StartAsync();
        await using var site = await SiteAsync(4, TimeSpan.Zero);

        var (exit, pages, findings, error) = await ScanAsync(site, ["--browser-endpoint", server.Endpoint]);

        Assert.True(exit == 1, $"expected exit 1 (the porn phrase trips the gate), got {exit}: {error}");
        Assert.Contains($"at {server.Endpoint} (Playwright server)", error);
        AssertAllLoaded(pages, 5, error);
        Assert.Equal([site.Url("/p/1")], findings.Where(f => f.Rule == "keyword.porn").Select(f => f.Url));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_or_is_not_a_url_exits_2_with_what_to_check()
    {
        var port = LoopbackServer.UnusedPort();
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", "http://127.0.0.1:9/", "--cdp-endpoint", $"http://127.0.0.1:{port}"], NoLocalBrowser);
        Assert.True(exit == 2, $"expected exit 2, got {exit}: {error}");
        Assert.Contains($"Could not connect to the browser at http://127.0.0.1:{port}/ (--cdp-endpoint)", error);
        Assert.Contains("--remote-debugging-port", error);

        (exit, _, error) = await ScannerProcess.RunAsync(["scan", "http://127.0.0.1:9/", "--browser-endpoint", $"http://127.0.0.1:{port}"], NoLocalBrowser);
        Assert.Equal(2, exit);
        Assert.Contains("--browser-endpoint 'http://127.0.0.1", error);
        Assert.Contains("ws://", error);

        (exit, _, error) = await ScannerProcess.RunAsync(["scan", "http://127.0.0.1:9/", "--engine", "static", "--cdp-endpoint", $"http://127.0.0.1:{port}"], NoLocalBrowser);
        Assert.Equal(2, exit);
        Assert.Contains("need the browser engine", error);
    }

    internal static async Task<(int Exit, List<JsonElement> Pages, List<(string Rule, string Url)> Findings, string Error)> ScanAsync(LoopbackServer site, string[] remote)
    {
        var report = Path.Combine(Path.GetTempPath(), $"scanner-remote-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, _, error) = await ScannerProcess.RunAsync(
                ["scan", site.Url("/"), "--max-depth", "1", "-j", "3", "-f", "json", "-o", report, "--no-screenshots", .. remote], NoLocalBrowser);
            if (!File.Exists(report)) return (exit, [], [], error);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var pages = json.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.Clone()).ToList();
            var findings = json.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("url").GetString()!)).ToList();
            return (exit, pages, findings, error);
        }
        finally
        {
            File.Delete(report);
        }
    }

    internal static void AssertAllLoaded(List<JsonElement> pages, int count, string error)
    {
        Assert.True(pages.Count == count, $"expected {count} pages, got {pages.Count}: {error}");
        Assert.All(pages, p =>
        {
            Assert.True(p.GetProperty("error").ValueKind == JsonValueKind.Null, $"{p.GetProperty("url")}: {p.GetProperty("error")}");
            Assert.Equal(200, p.GetProperty("status").GetInt32());
        });
    }
}
