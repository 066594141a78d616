using AngleSharp.Css.Parser;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

/// <summary>
/// Cutting a sheet to its relevant rules before AngleSharp.Css parses it (<see cref="RelevantStyleRules"/>) changes no
/// hiding rule: the same selectors, declarations and order as parsing the whole sheet.
/// </summary>
public sealed class RelevantStyleRulesTests
{
    private static readonly Func<string, bool> Display = name => name is "display" or "margin" or "margin-left";

    [Theory]
    [InlineData(".a{padding:0}.b{display:none}", ".b{display:none}")]
    [InlineData("@font-face{font-family:x;src:url(a;b.woff)} .b { DISPLAY : none }", " .b { DISPLAY : none }")]
    [InlineData("@media screen{.a{color:red}.b{margin:0}}@keyframes k{from{top:0}}", "@media screen{.b{margin:0}}")]
    [InlineData("@import 'x.css';.a{background:url(\"}\")}", "@import 'x.css';")]
    [InlineData(".a{/* display: */padding:0}.b{/*x*/display/*y*/:none}", ".b{/*x*/display/*y*/:none}")]
    [InlineData(".a{background:url(data:a;display:b)}", "")]
    [InlineData(".a[title='{']{display:none}", ".a[title='{']{display:none}")]
    [InlineData(".a{width:1px\\9}", ".a{width:1px\\9}")] // an escape: kept, whatever it says
    [InlineData(".a{.b{padding:0}}", ".a{.b{padding:0}}")] // nesting: kept
    public void Keeps_the_rules_that_declare_a_relevant_property(string css, string kept) =>
        Assert.Equal(kept, RelevantStyleRules.Of(css, Display));

    [Theory]
    [InlineData(".a{display:none")] // an open block
    [InlineData(".a{padding:0} } .b{display:none}")] // a stray brace
    [InlineData(".a{padding:0} [x={] .b{display:none}")] // a brace in brackets
    [InlineData(".a{content:'open\n}")] // a bad string
    [InlineData(".a{padding:0} /* open")] // an open comment
    public void Returns_a_sheet_it_does_not_follow_whole(string css) =>
        Assert.Same(css, RelevantStyleRules.Of(css, Display));

    [Fact]
    public void Every_style_block_of_the_clean_corpus_gives_the_same_hiding_rules() =>
        SameHidingRules(Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html"), cutAtLeast: 0.5);

    /// <summary>The hacked pages of our own corpora (tests/corpus: dev and red-team sets), whose sheets hide the spam.</summary>
    [Fact]
    public void Every_style_block_of_the_hacked_pages_gives_the_same_hiding_rules() =>
        SameHidingRules(Directory.GetFiles(Path.Combine(RepositoryRoot(), "tests", "corpus"), "*.html", SearchOption.AllDirectories), cutAtLeast: 0);

    private static void SameHidingRules(IEnumerable<string> files, double cutAtLeast)
    {
        var html = new HtmlParser();
        var css = new CssParser();
        var blocks = 0;
        var smaller = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            using var document = html.ParseDocument(HtmlDecoder.Decode(File.ReadAllBytes(file), null));
            foreach (var style in document.QuerySelectorAll("style"))
            {
                var text = style.TextContent;
                blocks++;
                if (RelevantStyleRules.Of(text, _ => false).Length < text.Length) smaller++;
                var whole = CssVisibility.HidingRules(css, text, wholeSheet: true);
                var cut = CssVisibility.HidingRules(css, text);
                Assert.True(Describe(whole).SequenceEqual(Describe(cut)), $"{file}: the hiding rules differ for the block\n{text}");
            }
        }
        Assert.True(blocks > 100, $"only {blocks} style blocks read");
        Assert.True(smaller >= blocks * cutAtLeast, $"only {smaller} of {blocks} blocks were cut");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Scanner.sln above " + AppContext.BaseDirectory);
    }

    private static List<string> Describe(IEnumerable<HidingRule> rules) =>
        rules.Select(r => r.SelectorText + " { " + string.Join("; ", r.Declarations.Select(d => $"{d.Name}:{d.Value}{(d.Important ? "!" : "")}")) + " }").ToList();
}
