using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Crawling;

/// <summary>
/// A server that resets the connection, or closes it without answering, on the first two requests for a path and
/// answers the third: pages and checked links are retried (Polly, like 429/5xx) and come out fine, in both engines.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DroppedConnectionTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string> Pages = new()
    {
        ["/reset-page"] = GeneratedSite.Page("重置", "<a href=\"/reset-link\">甲</a><a href=\"/closed-link\">乙</a>"),
        ["/closed-page"] = GeneratedSite.Page("关闭", ""),
        ["/reset-link"] = GeneratedSite.Page("甲", ""),
        ["/closed-link"] = GeneratedSite.Page("乙", ""),
    };

    [Theory]
    [InlineData("static")]
    [InlineData("browser")]
    public async Task Reset_and_unanswered_connections_are_retried_for_pages_and_checked_links(string engine)
    {
        await using var server = new DroppingServer(Pages);

        var run = await ScannerRun.ScanAsync(browser, server.Url("/reset-page"), server.Url("/closed-page"),
            "--engine", engine, "--check-links", "--timeout", "20", "--fail-on", "none");

        Assert.All(run.Pages, p => Assert.Equal(200, p.GetProperty("status").GetInt32()));
        Assert.Equal(2, run.Pages.Length);
        var links = run.Report!.RootElement.GetProperty("links");
        Assert.Equal(2, links.GetProperty("ok").GetInt32());
        Assert.Equal(2, links.GetProperty("checked").GetInt32());
        Assert.Empty(run.Findings);
        // Dropped twice, answered the third time: the pages (GET) and the links (HEAD, no GET fallback needed).
        // HttpClient asks exactly once per attempt; Chromium may add a retry of its own on a dropped socket, whose
        // timing varies, so the browser engine is held to "at least" (the 200s above already need a retry).
        foreach (var path in Pages.Keys)
        {
            if (engine == "static") Assert.Equal(DroppingServer.Drops + 1, server.Requests(path));
            else Assert.InRange(server.Requests(path), DroppingServer.Drops + 1, DroppingServer.Drops + 3);
        }
    }
}
