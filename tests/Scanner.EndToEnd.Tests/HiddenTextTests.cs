using AngleSharp.Html.Parser;
using Scanner.Engine.Targets;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>Every hiding technique in fixtures/hidden/techniques.html is reported as hidden, with its reason.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HiddenTextTests(BrowserFixture browser)
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "hidden", "techniques.html");

    /// <summary>The expectations written in the fixture itself, as (text, expected reason) pairs.</summary>
    public static TheoryData<string, string> Expectations()
    {
        var document = new HtmlParser().ParseDocument(File.ReadAllText(Fixture));
        var data = new TheoryData<string, string>();
        foreach (var element in document.QuerySelectorAll("[data-expect]"))
            data.Add(element.TextContent.Trim(), element.GetAttribute("data-expect")!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public async Task Each_technique_is_reported_with_its_reason(string text, string expected)
    {
        var snapshot = await LoadFixtureAsync();
        var block = Assert.Single(snapshot.TextBlocks, b => b.Text == text);
        if (expected == "visible")
        {
            Assert.False(block.Visibility.Hidden, $"'{text}' should be visible but was hidden: {string.Join(", ", block.Visibility.Reasons)}");
            return;
        }
        Assert.True(block.Visibility.Hidden, $"'{text}' should be hidden ({expected})");
        Assert.Contains(block.Visibility.Reasons, r => r.StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>Reasons only a browser can give: the static engine paints nothing, so it cannot compare text and background colours.</summary>
    private static readonly HashSet<string> BrowserOnly = ["colour-matches-background"];

    public static TheoryData<string, string> StaticExpectations()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Expectations())
            if (!BrowserOnly.Contains((string)row[1])) data.Add((string)row[0], (string)row[1]);
        return data;
    }

    /// <summary>The static engine's snapshot (the shipped builder) gives the same verdicts, with the probe's reasons, for what markup and CSS decide.</summary>
    [Theory]
    [MemberData(nameof(StaticExpectations))]
    public void Each_technique_is_reported_by_the_static_engine_too(string text, string expected)
    {
        var snapshot = Core.Loading.StaticSnapshotBuilder.Build(File.ReadAllText(Fixture), "http://127.0.0.1/techniques.html");
        var block = Assert.Single(snapshot.TextBlocks, b => b.Text == text);
        if (expected == "visible")
        {
            Assert.False(block.Visibility.Hidden, $"'{text}' should be visible but was hidden: {string.Join(", ", block.Visibility.Reasons)}");
            return;
        }
        Assert.True(block.Visibility.Hidden, $"'{text}' should be hidden ({expected})");
        Assert.Contains(block.Visibility.Reasons, r => r.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_carry_visibility_and_position()
    {
        var snapshot = await LoadFixtureAsync();
        var link = Assert.Single(snapshot.Links, l => l.Text == "block-off-screen-link");
        Assert.Equal("https://spam.example/", link.Href);
        Assert.True(link.Visibility.Hidden);
        Assert.True(link.Box.X < 0, $"expected an off-screen x, got {link.Box.X}");
        var visible = Assert.Single(snapshot.TextBlocks, b => b.Text.StartsWith("block-visible a plain"));
        Assert.True(visible.Box.Width > 0 && visible.Box.Height > 0);
    }

    private static readonly object Gate = new();
    private static Task<Core.Model.PageSnapshot>? _snapshot;

    /// <summary>The fixture is loaded once for all the cases of this class.</summary>
    private Task<Core.Model.PageSnapshot> LoadFixtureAsync()
    {
        lock (Gate) return _snapshot ??= LoadAsync(browser);
    }

    private static async Task<Core.Model.PageSnapshot> LoadAsync(BrowserFixture browser)
    {
        await using var server = await LocalSiteServer.StartAsync(Path.GetDirectoryName(Fixture)!);
        var page = await browser.LoadAsync(server.UrlOf(Fixture));
        Assert.Null(page.Error);
        return page;
    }
}
