using Scanner.Browser.Loading;
using Scanner.Core.Loading;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>Dialogs, pop-ups and endless scripts one page at a time in the shared browser: answered, closed or stopped, and the page read.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBehaviourTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("/dialogs.html")]
    [InlineData("/popup.html")]
    public async Task The_page_is_read_past_its_dialogs_and_pop_ups(string path)
    {
        await using var site = await HostileSite.StartAsync();
        await using var loader = (IPageLoader)browser.LoaderWith(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(10) });
        var page = await loader.LoadAsync(site.Url(path), FetchProfile.Visitor, CancellationToken.None);
        Assert.Null(page.Error);
        Assert.Contains(page.TextBlocks, b => b.Text.Contains("百家乐"));
        if (path == "/popup.html") Assert.Contains(page.AttemptedNavigations, n => n.Contains("/popup-target.html"));
    }

    [Theory]
    [InlineData("/busy.html", "while the document was parsed")] // while(true){} in the body: DOMContentLoaded never comes
    [InlineData("/busy-late.html", "after the page loaded")] // the loop starts from a timer once the page is there
    [InlineData("/busy-twice.html", "while the document was parsed")] // a second loop holds the parser after the first is stopped
    [InlineData("/busy-late-twice.html", "after the page loaded")] // a second timer loop holds the renderer after the first is stopped
    public async Task A_script_that_never_yields_is_stopped_and_the_page_read(string path, string when)
    {
        await using var site = await HostileSite.StartAsync();
        // A generous after-load budget: on a loaded CI machine each stop, and each check that the renderer answers again,
        // takes seconds, and two loops need two of each. A loader that stops a loop once and no more still fails here.
        await using var loader = (IPageLoader)browser.LoaderWith(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(5), AfterLoadBudget = TimeSpan.FromSeconds(40) });
        var page = await loader.LoadAsync(site.Url(path), FetchProfile.Visitor, CancellationToken.None);
        Assert.Null(page.Error);
        Assert.Contains(page.TextBlocks, b => b.Text.Contains("百家乐"));
        Assert.Contains(page.Notes, n => n.StartsWith("a script held the page's renderer " + when, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_document_that_never_ends_is_a_timeout_not_a_stopped_script()
    {
        // The renderer is free while the body trickles in: nothing is held, so nothing is stopped.
        await using var site = await HostileSite.StartAsync();
        await using var loader = (IPageLoader)browser.LoaderWith(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(3) });
        var page = await loader.LoadAsync(site.Url("/never-ends.html"), FetchProfile.Visitor, CancellationToken.None);
        Assert.StartsWith("Timeout in navigation", page.Error);
        Assert.DoesNotContain(page.Notes, n => n.Contains("held", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_that_leaves_from_its_head_is_judged_on_the_document_it_was_served()
    {
        // The script in <head> sends the visitor on before the body is parsed (163.com sends http visitors to https);
        // the target does not resolve, so Chromium ends on an error page and the served body is gone from the browser.
        const string page = """
            <html><head><title>新闻中心</title>
            <script>if (!/^https:/.test(location.href)) location.href = "https://news.example.invalid/";</script>
            </head><body><p>今日要闻</p><div style="display:none">百家乐 在线赌场 <a href="http://spam.example.invalid/">六合彩</a></div></body></html>
            """;
        await using var site = await LoopbackServer.ServingAsync(new Dictionary<string, string> { ["/left.html"] = page });
        var snapshot = await browser.LoadAsync(site.Url("/left.html"));
        Assert.Null(snapshot.Error);
        Assert.Contains(snapshot.AttemptedNavigations, n => n.StartsWith("https://news.example.invalid/"));
        Assert.Contains("百家乐", snapshot.ServedHtml);
        Assert.Contains(snapshot.TextBlocks, b => b.Text.Contains("百家乐") && b.Visibility.Hidden);
        Assert.Equal("新闻中心", snapshot.RawTitle);
    }
}
