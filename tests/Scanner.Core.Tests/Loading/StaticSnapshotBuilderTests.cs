using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Loading;

/// <summary>The static engine's snapshot (the one the static loader ships): CSS visibility, frame sizes, link containers.</summary>
public sealed class StaticSnapshotBuilderTests
{
    private const string Url = "https://www.example-county.gov.cn/news/1.html";
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static PageSnapshot Build(string body, string head = "", string doctype = "<!DOCTYPE html>") =>
        StaticSnapshotBuilder.Build($"{doctype}<html><head><title>县政府</title>{head}</head><body>{body}</body></html>", Url);

    private static TextBlock Block(PageSnapshot page, string text) => Assert.Single(page.TextBlocks, b => b.Text == text);

    private static List<Finding> Analyze(PageSnapshot page) => new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();

    [Fact]
    public void A_visible_video_frame_keeps_its_declared_size_and_is_no_hidden_frame()
    {
        var page = Build("""<iframe src="https://player.example-video.net/embed/1" width="560" height="315"></iframe>""");
        var frame = Assert.Single(page.Frames);
        Assert.False(frame.Visibility.Hidden);
        Assert.Equal((560, 315), (frame.Box.Width, frame.Box.Height));
        Assert.DoesNotContain(Analyze(page), f => f.RuleId == "frame.hidden-external");
    }

    [Fact]
    public void Frame_sizes_come_from_stylesheets_and_inline_styles_too()
    {
        var page = Build("""
            <iframe class="f" src="https://a.example-spam.xyz/"></iframe>
            <iframe style="width:640px;height:360px" width="1" height="1" src="https://b.example-video.net/"></iframe>
            <iframe src="https://c.example-video.net/"></iframe>
            """, "<style>.f { width: 1px; height: 0 }</style>");
        Assert.Equal([(1d, 0d), (640d, 360d), (300d, 150d)], page.Frames.Select(f => (f.Box.Width, f.Box.Height)));
        var finding = Assert.Single(Analyze(page), f => f.RuleId == "frame.hidden-external");
        Assert.Contains("example-spam.xyz", finding.Evidence);
    }

    [Theory]
    [InlineData("<style>.a { display: none }</style>", "<div class=\"a\">t</div>", "display-none")]
    [InlineData("<style>div.a p { font: 0/0 a }</style>", "<div class=\"a\"><p>t</p></div>", "font-size-zero")]
    [InlineData("<style>#x { position: absolute; margin: -3000px 0 0 0 }</style>", "<div id=\"x\">t</div>", "off-screen")]
    [InlineData("<style>.a { height: 0; overflow: hidden }</style>", "<div class=\"a\">t</div>", "zero-size")]
    [InlineData("<style>.a { width: 1px; height: 1px; overflow: hidden }</style>", "<div class=\"a\">t</div>", "tiny-overflow-container")]
    [InlineData("<style>.a { text-indent: -9999em }</style>", "<div class=\"a\">t</div>", "negative-text-indent")]
    [InlineData("<style>.a { position: absolute; clip: rect(0 0 0 0) }</style>", "<div class=\"a\">t</div>", "clipped")]
    [InlineData("<style>.a { color: transparent }</style>", "<div class=\"a\">t</div>", "transparent-text")]
    [InlineData("<style>@media screen { .a { visibility: hidden } }</style>", "<div class=\"a\">t</div>", "visibility-hidden")]
    [InlineData("", "<details><summary>s</summary><p>t</p></details>", "closed-details")]
    public void Stylesheet_rules_hide_with_the_probes_reasons(string head, string body, string reason)
    {
        var block = Block(Build(body, head), "t");
        Assert.True(block.Visibility.Hidden, $"expected {reason}");
        Assert.StartsWith(reason, block.Visibility.Reasons[0]);
    }

    [Theory]
    [InlineData("<style>.a { display: none } #x.a { display: block }</style>", "<div id=\"x\" class=\"a\">t</div>")] // specificity
    [InlineData("<style>.a { display: none } .b { display: block }</style>", "<div class=\"a b\">t</div>")] // source order
    [InlineData("<style>.a { display: none }</style>", "<div class=\"a\" style=\"display: block\">t</div>")] // the style attribute wins
    [InlineData("<style>@media print { .a { display: none } }</style>", "<div class=\"a\">t</div>")] // not for a screen
    [InlineData("<style>@media (max-width: 600px) { .a { display: none } }</style>", "<div class=\"a\">t</div>")] // a phone's layout
    [InlineData("<style>.a::before { display: none }</style>", "<div class=\"a\">t</div>")] // a pseudo-element
    [InlineData("<style>.a { font-size: 0.8em }</style>", "<div class=\"a\">t</div>")] // 12.8 px
    [InlineData("<style>.a { width: 560px; height: 0 }</style>", "<div class=\"a\">t</div>")] // content overflows visibly
    [InlineData("", "<div style=\"position: absolute; left: -9999\">t</div>")] // a unitless length outside quirks mode is invalid
    public void What_the_cascade_leaves_visible_is_visible(string head, string body)
    {
        var block = Block(Build(body, head), "t");
        Assert.False(block.Visibility.Hidden, string.Join(", ", block.Visibility.Reasons));
    }

    [Fact]
    public void An_important_rule_beats_the_style_attribute_and_quirks_mode_reads_unitless_pixels()
    {
        Assert.True(Block(Build("<div class=\"a\" style=\"display: block\">t</div>", "<style>.a { display: none !important }</style>"), "t").Visibility.Hidden);
        var quirks = Block(Build("<div style=\"position: absolute; left: -9999\">t</div>", doctype: ""), "t");
        Assert.Equal(["off-screen, inline-style"], quirks.Visibility.Reasons);
    }

    [Fact]
    public void Font_size_visibility_and_colour_are_inherited_as_the_browser_computes_them()
    {
        // The whitespace trick of inline-block menus: font-size 0 on the list, a real size on its items.
        var menu = Build("<ul class=\"nav\"><li><a href=\"https://a.example-partner.net/\">partner</a></li></ul>",
            "<style>.nav { font-size: 0 } .nav li { display: inline-block; font-size: 14px }</style>");
        Assert.False(menu.Links[0].Visibility.Hidden, string.Join(", ", menu.Links[0].Visibility.Reasons));
        var shown = Build("<div style=\"visibility: hidden\"><p style=\"visibility: visible\">t</p></div>");
        Assert.False(Block(shown, "t").Visibility.Hidden);
        var halved = Build("<div style=\"font-size: 2px\"><p style=\"font-size: 50%\">t</p></div>");
        Assert.Equal(["tiny-font, inline-style"], Block(halved, "t").Visibility.Reasons); // 1 px
        // Injected: a style attribute on the block hides the links inside it, each by its own inherited font size.
        var farm = Build("<div style=\"font-size: 0\"><a href=\"http://x.example-spam.xyz/\">x</a></div>");
        Assert.Equal(["font-size-zero, inline-style"], farm.Links[0].Visibility.Reasons);
    }

    [Fact]
    public void Hiding_by_the_style_attribute_is_marked_and_a_class_rule_is_not()
    {
        var page = Build("<div class=\"menu\"><a href=\"/a\">menu</a></div><div style=\"display:none\"><a href=\"/b\">spam</a></div>",
            "<style>.menu { display: none }</style>");
        Assert.Equal(["hidden-ancestor (display-none on div.menu)"], page.Links[0].Visibility.Reasons);
        Assert.Equal(["hidden-ancestor (display-none, inline-style on div)"], page.Links[1].Visibility.Reasons);
    }

    [Fact]
    public void A_visible_block_of_spam_links_gets_its_container_and_trips_the_link_farm_rule()
    {
        var links = string.Concat(Enumerable.Range(1, 10).Select(i => $"<li><a href=\"http://bet{i}-casino.xyz/\">百家乐{i}</a></li>"));
        var page = Build($"<div id=\"footer\"><ul>{links}</ul></div>");
        Assert.All(page.Links, l => Assert.Equal("#footer > ul", l.Container));
        Assert.Contains(Analyze(page), f => f.RuleId == LinkFarmAnalyzer.BlockRule && f.Severity >= Severity.High);
    }

    [Fact]
    public void A_huge_stylesheet_is_read_up_to_its_cap_and_the_note_says_so()
    {
        var rules = string.Concat(Enumerable.Range(0, 70_000).Select(i => $".c{i}{{display:none}}"));
        var page = Build("<div class=\"c1\">t</div><p>u</p>", $"<style>{rules}</style>");
        Assert.True(Block(page, "t").Visibility.Hidden);
        Assert.False(Block(page, "u").Visibility.Hidden);
        Assert.Contains(page.Notes, n => n.Contains("<style>"));
    }
}
