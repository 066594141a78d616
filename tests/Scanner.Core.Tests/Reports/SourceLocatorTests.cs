using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Reports;

/// <summary>Line and column of findings in the served HTML, on hand-written pages whose positions are counted by hand.</summary>
public sealed class SourceLocatorTests
{
    private static Finding At(string? selector, string evidence) => new()
    {
        RuleId = "keyword.porn", Title = "Spam terms (porn)", Severity = Severity.High, Category = "porn",
        Url = "https://a.gov.cn/", Selector = selector, Evidence = evidence, Fingerprint = "f",
    };

    private static (int? Line, int? Column) Locate(string html, string? selector, string evidence)
    {
        var f = Assert.Single(SourceLocator.Locate(html, [At(selector, evidence)]));
        return (f.Line, f.Column);
    }

    [Fact]
    public void Points_at_the_evidence_inside_the_element_not_at_its_start_tag()
    {
        const string html = "<!DOCTYPE html>\n<html><body>\n<ul>\n  <li>news</li>\n  <li>welcome 亚洲综合性色AⅤ一区 and more</li>\n</ul>\n</body></html>";

        // Line 5 is "  <li>welcome 亚洲…": the evidence starts after "  <li>welcome " (14 UTF-16 units), so column 15.
        Assert.Equal((5, 15), Locate(html, "body > ul > li:nth-of-type(2)", "亚洲综合性色AⅤ一区"));
    }

    [Fact]
    public void Character_references_and_line_breaks_in_the_source_still_match_the_decoded_evidence()
    {
        const string html = "<html><body>\n<p class=\"x\">Tom &amp; Jerry&nbsp;&#x8272;情\n   网站 <b>bold</b></p>\n</body></html>";

        // The evidence is the text a browser shows: entities decoded, the line break and indentation one space.
        Assert.Equal((2, 14), Locate(html, "body > p", "Tom & Jerry 色情 网站"));
    }

    [Fact]
    public void The_start_of_a_cut_evidence_window_is_found_after_its_ellipsis()
    {
        var before = new string('a', 100);
        var html = $"<html><body><div>\n{before} spam-start and the rest</div></body></html>";

        Assert.Equal((2, 102), Locate(html, "body > div", "…spam-start and the rest"));
    }

    [Fact]
    public void A_link_is_found_by_its_text_or_else_by_its_href()
    {
        const string html = "<html><body>\n<p><a href=\"http://spam.example/x\"></a> <a href=\"http://b.example/\">casino</a></p></body></html>";

        Assert.Equal((2, 13), Locate(html, "body > p > a:nth-of-type(1)", "http://spam.example/x"));
        Assert.Equal((2, 69), Locate(html, "body > p > a:nth-of-type(2)", "casino → http://b.example/"));
    }

    [Fact]
    public void Evidence_not_in_the_element_gives_the_element_start_tag()
    {
        const string html = "<html><body>\n\n   <div id=\"farm\"><a href=\"/a\">a</a></div></body></html>";

        Assert.Equal((3, 4), Locate(html, "#farm", "12 links to 9 sites"));
    }

    [Fact]
    public void An_element_a_script_added_in_the_browser_has_no_position()
    {
        const string html = "<html><body>\n<div>one</div>\n<script>document.body.insertAdjacentHTML('beforeend','<div>spam</div>')</script>\n</body></html>";

        // The rendered DOM has a second div; the served HTML does not: unknown, not guessed.
        Assert.Equal((null, null), Locate(html, "body > div:nth-of-type(2)", "spam"));
    }

    [Fact]
    public void Page_level_findings_and_selectors_the_parser_rejects_have_no_position()
    {
        const string html = "<html><body><p>x</p></body></html>";

        Assert.Equal((null, null), Locate(html, null, "x"));
        Assert.Equal((null, null), Locate(html, "p:::nonsense((", "x"));
    }

    [Fact]
    public void Evidence_is_searched_only_inside_the_element_not_in_what_follows_it()
    {
        const string html = "<html><body>\n<div>first</div>\n<div>second 博彩</div>\n</body></html>";

        // The first div does not hold the evidence; the position is its start tag, not the later text.
        Assert.Equal((2, 1), Locate(html, "body > div:nth-of-type(1)", "博彩"));
    }

    [Fact]
    public void Carriage_returns_end_lines_as_html_does()
    {
        const string html = "<html>\r\n<body>\r<p>\r\nspam</p></body></html>";

        Assert.Equal((4, 1), Locate(html, "body > p", "spam"));
    }

    [Fact]
    public void A_paragraph_the_parser_moved_out_of_a_table_is_found_where_it_was_written()
    {
        // Foster parenting: the <p> is put before the <table> in the tree, so the table follows it in tree order but
        // starts before it in the source. "<table><tr><td>x</td></tr><p>" is 29 characters: the evidence is at column 30.
        const string html = "<table><tr><td>x</td></tr><p>百家乐 无码视频 婷婷五月</p></table>";

        Assert.Equal((1, 30), Locate(html, "body > p", "百家乐 无码视频 婷婷五月"));
    }

    [Fact]
    public void Text_fostered_out_of_a_table_between_rows_is_located_inside_the_table_source()
    {
        const string html = "<html><body>\n<table><tr><td>a</td></tr>\n<div>博彩 娱乐 <a href=\"http://spam.example/\">casino</a></div><tr><td>b</td></tr></table>\n<p>after</p></body></html>";

        Assert.Equal((3, 6), Locate(html, "body > div", "博彩 娱乐 casino"));
        Assert.Equal((3, 43), Locate(html, "body > div > a", "casino → http://spam.example/"));
    }

    [Fact]
    public void Misnested_formatting_elements_never_throw_and_any_position_lies_inside_the_source()
    {
        // The adoption agency algorithm clones <b> and moves the <p>; content after </html> is moved into <body>.
        string[] pages =
        [
            "<b><p>博彩</b>百家乐 娱乐</p>",
            "<a><table><a>婷婷五月</table>",
            "<html><body></body></html>\n<div>无码视频 博彩</div>",
            "<table><caption><p>a</caption><div>百家乐</div></table>",
            "<select><option>x<table><tr><td>百家乐</td></tr></table></select>",
        ];
        foreach (var html in pages)
            foreach (var selector in new[] { "body > p", "body > div", "body > b", "body > a", "td", "body > table", "body > b > p" })
            {
                var (line, column) = Locate(html, selector, "百家乐");
                if (line is null) continue;
                var lines = html.Split('\n');
                Assert.InRange(line.Value, 1, lines.Length);
                Assert.InRange(column!.Value, 1, lines[line.Value - 1].Length);
            }
    }

    [Fact]
    public void Decoding_a_range_outside_the_source_gives_no_text_rather_than_an_exception()
    {
        Assert.Equal("", SourceText.Decode("<p>abc</p>", 8, 3).Text);
        Assert.Equal("abc", SourceText.Decode("<p>abc</p>", -5, 100).Text);
    }

    /// <summary>
    /// The static engine locates its findings with the spans of its own parse (no second parse): on the real clean
    /// pages, every finding the second parse located gets the same line and column.
    /// </summary>
    [Fact]
    public void Spans_from_the_static_parse_give_the_positions_a_second_parse_gives()
    {
        var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] }));
        var pages = Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html").Select(f => HtmlDecoder.Decode(File.ReadAllBytes(f), null));
        var located = 0;
        foreach (var html in pages)
        {
            var url = new Uri("https://www.yongzhou.gov.cn/zwgk/page.html");
            var snapshot = StaticSnapshotBuilder.Build(html, url, new PageSnapshot { RequestedUrl = url.AbsoluteUri, FinalUrl = url.AbsoluteUri, Status = 200 }, withSourceSpans: true);
            Assert.NotNull(snapshot.SourceSpans);
            var findings = analysis.Analyze(snapshot);
            var fromSpans = SourceLocator.Locate(html, findings, snapshot.SourceSpans);
            var reparsed = SourceLocator.Locate(html, findings);
            // Where the second parse found the element, the spans agree. Where it did not, because AngleSharp rejects the
            // selector (an id that starts with a digit, "#9390543-49"), the spans still know the element: a position more.
            Assert.Equal(reparsed.Count, fromSpans.Count);
            for (var i = 0; i < reparsed.Count; i++)
                if (reparsed[i].Line is not null)
                    Assert.Equal((reparsed[i].RuleId, reparsed[i].Line, reparsed[i].Column), (fromSpans[i].RuleId, fromSpans[i].Line, fromSpans[i].Column));
            located += reparsed.Count(f => f.Line is not null);
        }
        Assert.True(located > 200, $"only {located} findings were located: the comparison says little");
    }

    /// <summary>
    /// Wide and deep pages: the static parse's spans agree with the element-by-element rule on every named element
    /// (the old per-element walk was quadratic on 20,000 siblings, AngleSharp's NextElementSibling being linear).
    /// </summary>
    [Theory]
    [InlineData("wide")]
    [InlineData("deep")]
    [InlineData("foster")]
    public void Spans_of_wide_deep_and_foster_parented_pages_follow_the_rule(string shape)
    {
        var body = shape switch
        {
            "wide" => string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<p>line {i}</p>\n")),
            "deep" => string.Concat(Enumerable.Range(0, 2_000).Select(i => $"<div>level {i}")) + string.Concat(Enumerable.Repeat("</div>", 2_000)),
            _ => "<table><tr><td>cell</td></tr><p>moved before the table</p><tr><td>cell 2</td></tr></table><p>after</p>",
        };
        var html = "<!DOCTYPE html><html><body>" + body + "</body></html>";
        var url = new Uri("https://a.gov.cn/");
        var snapshot = StaticSnapshotBuilder.Build(html, url, new PageSnapshot { RequestedUrl = url.AbsoluteUri }, withSourceSpans: true);
        using var document = new AngleSharp.Html.Parser.HtmlParser(new AngleSharp.Html.Parser.HtmlParserOptions { IsKeepingSourceReferences = true }).ParseDocument(html);
        var blocks = snapshot.TextBlocks.Select(b => b.Selector).Distinct().ToList();
        Assert.NotEmpty(blocks);
        foreach (var selector in blocks.Where((_, i) => i % Math.Max(1, blocks.Count / 200) == 0))
        {
            if (document.QuerySelector(selector) is not { } element) continue;
            Assert.Equal(SourceLocator.SpanOf(element, html), snapshot.SourceSpans![selector]);
        }
    }
}
