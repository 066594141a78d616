using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>A page that cannot be loaded is recorded with its error, and the scan goes on to the next.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FailedPageTests(BrowserFixture browser)
{
    private const string SpamPage = "<html><head><title>news</title></head><body><p>今日新闻</p><p>澳门新葡京娱乐场，真人百家乐在线开户</p></body></html>";
    private const string CleanPage = "<html><head><title>news</title></head><body><p>全市教育大会召开</p></body></html>";

    private int _unavailableHits;

    private Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/spam.html", () => Results.Content(SpamPage, "text/html; charset=utf-8"));
        app.MapGet("/clean.html", () => Results.Content(CleanPage, "text/html; charset=utf-8"));
        // Never answers within the scan's timeout; gives up when the browser goes away.
        app.MapGet("/slow.html", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { });
            return Results.Content(CleanPage, "text/html");
        });
        // Down for maintenance, and says to come back at once (so the retries take no time).
        app.MapGet("/down.html", (HttpContext context) =>
        {
            Interlocked.Increment(ref _unavailableHits);
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(503);
        });
        app.MapGet("/index.html", () => Results.Content(
            "<html><head><title>index</title></head><body><a href=\"/missing.html\">old</a> <a href=\"/down.html\">down</a> <a href=\"/clean.html\">ok</a></body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/data.json", () => Results.Content("{\"百家乐\": \"无码视频\"}", "application/json"));
        app.MapGet("/logo.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "image/png"));
        app.MapGet("/setup.bin", () => Results.Bytes(new byte[4096], "application/octet-stream"));
    });

    [Fact]
    public async Task Refused_missing_and_slow_pages_are_recorded_and_the_exit_code_follows_the_findings()
    {
        await using var server = await StartAsync();
        var refused = $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/";

        var run = await ScannerRun.ScanAsync(browser, refused, server.Url("missing.html"), server.Url("slow.html"),
            server.Url("spam.html"), "--timeout", "3");

        Assert.Equal(1, run.ExitCode); // the spam page trips the gate, which says more than the targets that failed
        Assert.Equal(4, run.Pages.Length);
        Assert.Contains("ERR_CONNECTION_REFUSED", run.Pages[0].GetProperty("error").GetString());
        Assert.Equal(404, run.Pages[1].GetProperty("status").GetInt32());
        Assert.Contains("404", run.Pages[1].GetProperty("error").GetString());
        Assert.Contains("Timeout", run.Pages[2].GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, run.Pages[3].GetProperty("status").GetInt32());
        Assert.All(run.FindingsAtLeast("high"), f => Assert.Equal(server.Url("spam.html"), f.GetProperty("url").GetString()));
        Assert.NotEmpty(run.FindingsAtLeast("high"));
        Assert.Contains("ERROR", run.Output);
        // Still said, on one line: the refused and the slow target could not be checked (the 404 answered).
        var line = Assert.Single(run.Error.Split('\n'), l => l.Contains("could not be loaded"));
        Assert.StartsWith("warning: 2 targets could not be loaded", line);
        Assert.Contains($"{refused} (net::ERR_CONNECTION_REFUSED)", line);
        Assert.Contains(server.Url("slow.html"), line);
        Assert.DoesNotContain("missing.html", line);
    }

    /// <summary>A site that is down must not pass the gate: the scan could not check what it was asked to.</summary>
    [Theory]
    [InlineData("browser", "refused")]
    [InlineData("static", "refused")]
    [InlineData("browser", "dns")]
    [InlineData("static", "dns")]
    [InlineData("browser", "tls")]
    [InlineData("static", "tls")]
    [InlineData("browser", "503")]
    [InlineData("static", "503")]
    [InlineData("static", "timeout")] // the browser engine's timeout: the test above (the shared browser waits 20 s)
    public async Task A_named_target_that_cannot_be_loaded_exits_2_and_names_it(string engine, string failure)
    {
        await using var server = await StartAsync();
        var target = failure switch
        {
            "refused" => $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/",
            "dns" => "http://no-such-host.invalid/", // RFC 2606: never resolves
            "tls" => $"https://127.0.0.1:{server.BaseUri.Port}/clean.html", // a plain-HTTP server: the handshake fails
            "503" => server.Url("down.html"),
            _ => server.Url("slow.html"),
        };

        var run = await ScannerRun.ScanAsync(browser, target, server.Url("clean.html"), "--engine", engine, "--timeout", "3");

        Assert.True(run.ExitCode == 2, $"expected exit 2, got {run.ExitCode}: {run.Error}");
        var line = Assert.Single(run.Error.Split('\n'), l => l.Contains("could not be loaded"));
        Assert.StartsWith($"error: a target could not be loaded, so the scan could not check it: {target} (", line);
        Assert.Equal(2, run.Pages.Length); // both recorded; the clean page was scanned as usual
        Assert.NotNull(run.Pages[0].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, run.Pages[1].GetProperty("error").ValueKind);
        if (failure == "503")
        {
            Assert.Equal(503, run.Pages[0].GetProperty("status").GetInt32());
            Assert.Equal(3, Volatile.Read(ref _unavailableHits)); // after the two retries
        }
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task Pages_found_by_crawling_that_fail_are_recorded_and_do_not_fail_the_run(string engine)
    {
        await using var server = await StartAsync();
        var run = await ScannerRun.ScanAsync(browser, server.Url("index.html"), "--max-depth", "1", "--engine", engine);

        Assert.True(run.ExitCode == 0, $"expected exit 0, got {run.ExitCode}: {run.Error}");
        Assert.Equal(4, run.Pages.Length);
        Assert.Equal(404, run.Pages.Single(p => p.GetProperty("url").GetString() == server.Url("missing.html")).GetProperty("status").GetInt32());
        Assert.Equal(503, run.Pages.Single(p => p.GetProperty("url").GetString() == server.Url("down.html")).GetProperty("status").GetInt32());
        Assert.Equal(2, run.Report!.RootElement.GetProperty("summary").GetProperty("pagesFailed").GetInt32());
        Assert.DoesNotContain("could not be loaded", run.Error);
    }

    [Theory]
    [InlineData("browser", "data.json", "application/json")]
    [InlineData("static", "data.json", "application/json")]
    [InlineData("browser", "logo.png", "image/png")]
    [InlineData("static", "logo.png", "image/png")]
    [InlineData("browser", "setup.bin", "application/octet-stream")]
    [InlineData("static", "setup.bin", "application/octet-stream")]
    public async Task A_target_that_is_not_html_is_recorded_as_such(string engine, string path, string contentType)
    {
        await using var server = await StartAsync();
        var run = await ScannerRun.ScanAsync(browser, server.Url(path), "--engine", engine);

        Assert.True(run.ExitCode == 0, $"expected exit 0, got {run.ExitCode}: {run.Error}"); // it answered: nothing to check
        var page = Assert.Single(run.Pages);
        Assert.Equal($"not an HTML document (content type {contentType})", page.GetProperty("error").GetString());
        Assert.Equal(200, page.GetProperty("status").GetInt32());
        Assert.Empty(run.Findings); // the spam words in the JSON are not read as a page
    }
}
