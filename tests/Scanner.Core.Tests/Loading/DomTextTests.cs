using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

/// <summary><see cref="DomText"/> gives what AngleSharp's <c>TextContent</c> gives, for every element of real pages.</summary>
public sealed class DomTextTests
{
    [Fact]
    public void Nested_text_comments_and_scripts_read_as_AngleSharp_reads_them()
    {
        using var document = new HtmlParser().ParseDocument(
            "<p id=p>one <b>two <i>three</i></b><!-- not text --> four<script>var x = '<five>';</script><span></span></p><a id=a>only</a>");

        Assert.Equal("one two three fourvar x = '<five>';", DomText.Of(document.GetElementById("p")!));
        Assert.Equal(document.GetElementById("p")!.TextContent, DomText.Of(document.GetElementById("p")!));
        Assert.Equal("only", DomText.Of(document.GetElementById("a")!));
        Assert.Equal("", DomText.Of(document.QuerySelector("span")!));
    }

    [Fact]
    public void Every_element_of_the_clean_corpus_pages_reads_as_its_TextContent()
    {
        var folder = SharedFolder.Path("corpus", "clean");
        var pages = Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal).Where((_, i) => i % 8 == 0).ToList();
        Assert.NotEmpty(pages);
        var checkedElements = 0;
        foreach (var page in pages)
        {
            using var document = new HtmlParser().ParseDocument(File.ReadAllText(page));
            foreach (var element in document.All)
            {
                Assert.True(element.TextContent == DomText.Of(element), $"{Path.GetFileName(page)}: <{element.LocalName}> reads differently");
                checkedElements++;
            }
        }
        Assert.True(checkedElements > 1000, $"only {checkedElements} elements");
    }
}
