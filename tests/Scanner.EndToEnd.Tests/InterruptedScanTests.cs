using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Ctrl+C or SIGTERM in the middle of a crawl: the real scanner process, real Chromium, a slow loopback site. The
/// report must still be written, parse, say it is partial and hold the pages done; the exit code keeps DESIGN's contract.
/// </summary>
[Collection(ProcessFaultCollection.Name)]
public sealed class InterruptedScanTests : IDisposable
{
    private const int SlowPages = 30;
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-interrupt-").FullName;
    private int _served;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>An index linking to 30 pages, each answering after a second; the index may carry one porn phrase.</summary>
    private Task<LoopbackServer> SlowSiteAsync(bool spam) => LoopbackServer.StartAsync(app =>
    {
        var links = string.Concat(Enumerable.Range(0, SlowPages).Select(n => $"<li><a href=\"/p/{n}\">通知 {n}</a></li>"));
        var spamLine = spam ? "<p>免费观看高清无码视频</p>" : "";
        app.MapGet("/", () => Results.Content(
            $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>教育局</title></head><body><h1>通知公告</h1><ul>{links}</ul>{spamLine}</body></html>",
            "text/html; charset=utf-8", Encoding.UTF8));
        app.MapGet("/p/{n:int}", async (int n) =>
        {
            Interlocked.Increment(ref _served);
            await Task.Delay(TimeSpan.FromSeconds(1));
            return Results.Content($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>通知 {n}</title></head><body><p>关于做好第{n}期工作的通知。</p></body></html>",
                "text/html; charset=utf-8", Encoding.UTF8);
        });
    });

    /// <summary>
    /// What a terminal's Ctrl+C (SIGINT) and `timeout` or a CI runner (SIGTERM) send: the signal goes to the scanner's
    /// whole process group, Playwright's driver and Chromium included unless they were started out of it.
    /// </summary>
    [Theory]
    [InlineData("INT", false, 2, "browser")]
    [InlineData("TERM", true, 1, "browser")]
    [InlineData("INT", true, 1, "static")]
    public async Task A_signal_to_the_process_group_mid_crawl_leaves_a_partial_report_of_the_pages_done(string signal, bool spam, int expectedExit, string engine)
    {
        await using var site = await SlowSiteAsync(spam);
        var report = Path.Combine(_folder, "report.json");
        await File.WriteAllTextAsync(report, "an earlier report");
        using var scanner = ScannerProcess.Start(["scan", site.Url("/"), "--max-depth", "1", "-j", "2", "-f", "json", "-o", report, "--no-screenshots", "--engine", engine],
            ownProcessGroup: true);

        // Once a few slow pages were asked for, the crawl is well under way and far from its end.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (Volatile.Read(ref _served) < 4 && !scanner.HasExited && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(scanner.HasExited, "the scanner ended before it could be interrupted");
        var chromium = ProcessTree.ChromiumBrowserBelow(scanner.Id);
        Assert.True(chromium is not null == (engine == "browser"), "no Chromium found below the scanner process");
        scanner.SignalGroup(signal);
        var (exit, _, error) = await scanner.WaitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(expectedExit == exit, $"expected exit {expectedExit}, got {exit}: {error}");
        Assert.Contains("interrupted", error);
        Assert.DoesNotContain("Exception", error); // no stack traces, no "browser has been closed"
        Assert.DoesNotContain("   at ", error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report)); // replaced whole, not truncated
        var root = json.RootElement;
        Assert.True(root.GetProperty("interrupted").GetBoolean());
        var pages = root.GetProperty("pages").EnumerateArray().ToList();
        Assert.InRange(pages.Count, 2, SlowPages); // the index and some slow pages, not all of them
        Assert.Equal(site.Url("/"), pages[0].GetProperty("url").GetString());
        // Chromium lived until the scanner was done with it: no page in flight failed, none never started is listed.
        Assert.All(pages, p => Assert.Equal(200, p.GetProperty("status").GetInt32()));
        Assert.All(pages, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind));
        Assert.Equal(0, root.GetProperty("summary").GetProperty("pagesFailed").GetInt32());
        Assert.Contains($"({pages.Count} page(s) scanned)", error); // the summary says what was scanned, no more
        Assert.True(Volatile.Read(ref _served) < SlowPages + 1, "the crawl kept taking pages after the signal");
        Assert.Equal(spam, root.GetProperty("gateTripped").GetBoolean());
        // ... and then the scanner shut Chromium down itself.
        if (chromium is null) return;
        var gone = DateTime.UtcNow.AddSeconds(20);
        while (ProcessTree.IsRunning(chromium.Value) && DateTime.UtcNow < gone) await Task.Delay(100);
        Assert.False(ProcessTree.IsRunning(chromium.Value), "Chromium outlived the scanner");
    }

    /// <summary>
    /// kill -9 of the scanner: no chance to write anything at the end. The JSON Lines report was written page by page,
    /// so every page done before the kill is on disk, each line whole and readable.
    /// </summary>
    [Fact]
    public async Task A_killed_scan_leaves_every_page_done_in_the_json_lines_report()
    {
        await using var site = await SlowSiteAsync(spam: true);
        var lines = Path.Combine(_folder, "report.jsonl");
        const int concurrency = 2;
        using var scanner = ScannerProcess.Start(["scan", site.Url("/"), "--max-depth", "1", "-j", $"{concurrency}", "--engine", "static",
            "-f", "jsonl", "-o", lines, "-f", "json", "-o", Path.Combine(_folder, "report.json")]);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Volatile.Read(ref _served) < 10 && !scanner.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(scanner.HasExited, "the scanner ended before it could be killed");
        scanner.Kill();
        var served = Volatile.Read(ref _served);

        Assert.False(File.Exists(Path.Combine(_folder, "report.json")), "the JSON report is written only at the end");
        var parsed = (await File.ReadAllLinesAsync(lines)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("header", parsed[0].GetProperty("type").GetString());
        Assert.Equal("1.0", parsed[0].GetProperty("schemaVersion").GetString());
        Assert.DoesNotContain(parsed, l => l.GetProperty("type").GetString() == "summary");
        var pages = parsed.Skip(1).ToList();
        Assert.All(pages, l => Assert.Equal("page", l.GetProperty("type").GetString()));
        // Every slow page asked for is done, except the ones still in flight (at most one per worker), plus the index.
        Assert.InRange(pages.Count, served - concurrency + 1, served + 1);
        Assert.All(pages, l => Assert.Equal(200, l.GetProperty("page").GetProperty("status").GetInt32()));
        var index = Assert.Single(pages, l => l.GetProperty("page").GetProperty("url").GetString() == site.Url("/"));
        Assert.Contains(index.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "keyword.porn");
        Assert.Equal(index.GetProperty("findings").GetArrayLength(), index.GetProperty("page").GetProperty("findings").GetInt32());
    }
}
