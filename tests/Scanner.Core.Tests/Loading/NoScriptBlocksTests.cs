using Scanner.Core.Loading;
using Scanner.Core.Model;

namespace Scanner.Core.Tests.Loading;

/// <summary>
/// The static engine keeps the noscript blocks of its own (spider) parse with the served HTML (issue 20); the served-source
/// rule then reads them without parsing the page again. They must be what a second parse gives, on real pages too.
/// </summary>
public sealed class NoScriptBlocksTests
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>县政府</title><noscript><img src="/pixel.gif"></noscript></head><body>
        <div class="main"><p>通知公告</p></div>
        <noscript><div class="links"><a href="http://www.k8x-bet.com/">澳门赌场</a> <a href="/about">关于</a></div></noscript>
        </body></html>
        """;

    [Fact]
    public void The_blocks_kept_from_the_load_are_those_a_second_parse_gives()
    {
        var url = new Uri("http://www.qingshan.gov.cn/index.html");
        var html = string.Concat(Page, ""); // its own instance
        StaticSnapshotBuilder.Build(html, url, new PageSnapshot { RequestedUrl = url.AbsoluteUri });

        var kept = MarkupSnapshot.NoScriptBlocks(html, url);
        var parsedAgain = MarkupSnapshot.NoScriptBlocks(new string(html.AsSpan()), url); // another instance: parsed anew
        Assert.Equal(2, kept.Count);
        Assert.Same(kept, MarkupSnapshot.NoScriptBlocks(html, url)); // kept from the load, not parsed again
        Assert.Equal(Describe(parsedAgain), Describe(kept));
        Assert.Contains(kept, b => b.Links.Any(l => l.Href == "http://www.k8x-bet.com/" && l.Text == "澳门赌场"));
    }

    [Fact]
    public void Every_clean_corpus_page_with_noscript_gives_the_same_blocks_both_ways()
    {
        var pages = Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).Where(h => h.Contains("<noscript", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(pages.Count >= 10, $"only {pages.Count} pages with noscript");
        var url = new Uri("http://127.0.0.1/page.html");
        foreach (var html in pages)
        {
            StaticSnapshotBuilder.Build(html, url, new PageSnapshot { RequestedUrl = url.AbsoluteUri });
            Assert.Equal(Describe(MarkupSnapshot.NoScriptBlocks(new string(html.AsSpan()), url)), Describe(MarkupSnapshot.NoScriptBlocks(html, url)));
        }
    }

    private static string Describe(IReadOnlyList<(string Selector, string Text, IReadOnlyList<(string Href, string Text)> Links)> blocks) =>
        string.Join("\n", blocks.Select(b => $"{b.Selector} | {b.Text} | {string.Join(", ", b.Links.Select(l => $"{l.Href} {l.Text}"))}"));
}
