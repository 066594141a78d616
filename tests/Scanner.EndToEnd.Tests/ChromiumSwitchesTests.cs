using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The command line the scanner starts Chromium with, read back from the running browser: Chromium honours only the
/// last <c>--disable-features</c>, so ours must keep every feature Playwright disables, and a page's context must not
/// cost a browser-interface renderer (the omnibox drop-down WebUI, issue 20's seventh pass).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChromiumSwitchesTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_last_disable_features_keeps_every_feature_playwright_disables()
    {
        // chrome://version shows the browser's command line (Browser.getBrowserCommandLine needs --enable-automation).
        var context = await browser.Browser.NewContextAsync();
        string commandLine;
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("chrome://version");
            commandLine = await page.InnerTextAsync("#command_line");
        }
        finally
        {
            await context.CloseAsync();
        }
        var arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lists = arguments.Where(a => a.StartsWith("--disable-features=", StringComparison.Ordinal))
            .Select(a => a["--disable-features=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.True(lists.Count >= 2, $"expected Playwright's list and ours: {string.Join(" ", arguments)}");
        var effective = lists[^1];
        foreach (var earlier in lists.SkipLast(1))
            Assert.Empty(earlier.Except(effective));
        Assert.Contains("WebUIOmniboxPopup", effective);
    }

    [Fact]
    public async Task A_new_context_opens_no_browser_interface_pages()
    {
        var context = await browser.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.SetContentAsync("<p>hello</p>");
            var cdp = await browser.Browser.NewBrowserCDPSessionAsync();
            // Chromium builds the omnibox drop-down right after the window opens: give it the moment it took before.
            await Task.Delay(1500);
            var targets = await cdp.SendAsync("Target.getTargets", new Dictionary<string, object> { ["filter"] = new[] { new Dictionary<string, object>() } });
            var kinds = targets!.Value.GetProperty("targetInfos").EnumerateArray()
                .Select(t => (Type: t.GetProperty("type").GetString(), Url: t.GetProperty("url").GetString())).ToList();
            Assert.DoesNotContain(kinds, t => t.Type == "browser_ui" || t.Url!.Contains(".top-chrome", StringComparison.Ordinal));
            Assert.Contains(kinds, t => t.Type == "page");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
