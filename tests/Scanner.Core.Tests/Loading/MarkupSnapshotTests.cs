using AngleSharp.Html.Parser;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

public sealed class MarkupSnapshotTests
{
    private static MarkupSnapshot Of(string html) => MarkupSnapshot.Of(new HtmlParser().ParseDocument(html), new Uri("https://a.gov.cn/news/"));

    [Fact]
    public void Blocks_links_and_hidden_reasons_come_from_one_walk()
    {
        var page = Of("""
            <html><head><title> 永州 </title><meta name="keywords" content="x"><script>var a;</script></head>
            <body><div id="main"><p>one</p><p>two <a href="/a">link</a></p></div>
            <div style="display: none"><span hidden>spam</span><a href="http://x.com/">x</a></div>
            <iframe src="/f"></iframe><script src="s.js"></script></body></html>
            """);
        Assert.Equal("永州", page.Title);
        Assert.Equal(["one", "two", "link", "spam", "x"], page.TextBlocks.Select(b => b.Text));
        Assert.Equal(["#main > p:nth-of-type(1)", "#main > p:nth-of-type(2)", "#main > p:nth-of-type(2) > a"], page.TextBlocks.Take(3).Select(b => b.Selector));
        Assert.Equal("https://a.gov.cn/a", page.TextBlocks[2].LinkHref);
        var spam = page.TextBlocks[3];
        Assert.Equal("body > div:nth-of-type(2) > span", spam.Selector);
        Assert.Equal(["display-none", "hidden-ancestor (display-none on div)"], spam.Visibility.Reasons);
        Assert.Equal(["https://a.gov.cn/a", "http://x.com/"], page.Links.Select(l => l.Href));
        Assert.True(page.Links[1].Visibility.Hidden);
        Assert.Equal(["https://a.gov.cn/f"], page.Frames.Select(f => f.Src));
        Assert.Equal([null, "https://a.gov.cn/news/s.js"], page.Scripts.Select(s => s.Src));
        Assert.Equal("x", Assert.Single(page.Meta).Content);
    }

    [Fact]
    public void A_deep_nesting_is_walked_without_recursion()
    {
        // The parser keeps the tree 512 deep (as browsers do); hidden ancestors all the way down are shared, not copied.
        const int depth = 2000;
        var html = "<body>" + string.Concat(Enumerable.Repeat("<div hidden>", depth)) + "百家乐" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body>";
        var page = Of(html);
        var block = Assert.Single(page.TextBlocks);
        Assert.Equal("百家乐", block.Text);
        Assert.True(block.Visibility.Hidden);
        Assert.True(block.Visibility.Reasons.Count <= 10);
    }

    [Fact]
    public void A_page_of_countless_paragraphs_keeps_the_first_ones_and_says_so()
    {
        var html = "<body>" + string.Concat(Enumerable.Repeat("<p>x</p>", MarkupSnapshot.MaxItems + 10)) + "</body>";
        var page = Of(html);
        Assert.Equal(MarkupSnapshot.MaxItems, page.TextBlocks.Count);
        Assert.Equal($"body > p:nth-of-type({MarkupSnapshot.MaxItems})", page.TextBlocks[^1].Selector);
        Assert.Contains(page.Notes, n => n.Contains("text blocks"));
    }
}
