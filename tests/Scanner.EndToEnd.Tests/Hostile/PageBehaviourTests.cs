using Scanner.Browser.Loading;
using Scanner.Core.Loading;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>Dialogs and pop-ups one page at a time in the shared browser: answered, closed, and the page read.</summary>
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
}
