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

    private static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/spam.html", () => Results.Content(SpamPage, "text/html; charset=utf-8"));
        app.MapGet("/clean.html", () => Results.Content(CleanPage, "text/html; charset=utf-8"));
        // Never answers within the scan's timeout; gives up when the browser goes away.
        app.MapGet("/slow.html", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { });
            return Results.Content(CleanPage, "text/html");
        });
    });

    [Fact]
    public async Task Refused_missing_and_slow_pages_are_recorded_and_the_exit_code_follows_the_findings()
    {
        await using var server = await StartAsync();
        var refused = $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/";

        var run = await ScannerRun.ScanAsync(browser, refused, server.Url("missing.html"), server.Url("slow.html"),
            server.Url("spam.html"), "--timeout", "3");

        Assert.Equal(1, run.ExitCode); // the spam page trips the gate; the failures do not turn the run into a 2
        Assert.Equal(4, run.Pages.Length);
        Assert.Contains("ERR_CONNECTION_REFUSED", run.Pages[0].GetProperty("error").GetString());
        Assert.Equal(404, run.Pages[1].GetProperty("status").GetInt32());
        Assert.Contains("404", run.Pages[1].GetProperty("error").GetString());
        Assert.Contains("Timeout", run.Pages[2].GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, run.Pages[3].GetProperty("status").GetInt32());
        Assert.All(run.FindingsAtLeast("high"), f => Assert.Equal(server.Url("spam.html"), f.GetProperty("url").GetString()));
        Assert.NotEmpty(run.FindingsAtLeast("high"));
        Assert.Contains("ERROR", run.Output);
    }

    [Fact]
    public async Task Failures_alone_do_not_fail_the_gate()
    {
        await using var server = await StartAsync();
        var run = await ScannerRun.ScanAsync(browser, $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/", server.Url("clean.html"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Pages.Length);
        Assert.NotNull(run.Pages[0].GetProperty("error").GetString());
        Assert.Equal(1, run.Report!.RootElement.GetProperty("summary").GetProperty("pagesFailed").GetInt32());
    }
}
