using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Kinds of real 2017-era hacks that our own corpus did not hold (docs/detectors.md, "Issue 14: kinds seen in the
/// wild"), on snapshots the static engine's builder makes from HTML, with the shipped rules: a frame that fills the
/// window, a title a script sets from escapes, a refresh only the served HTML holds, and phones sent to a mobile edition.
/// </summary>
public sealed class WildKindsTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://127.0.0.1:8080/index.html";

    private static PageSnapshot Static(string html) =>
        StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });

    private static PageSnapshot Page(string body, string head = "", string title = "青山县人民政府") =>
        Static($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body><div class=\"top\">青山县人民政府</div>{body}</body></html>");

    private static List<Finding> Analyze(PageSnapshot page) => new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();

    private static Finding? Redirect(PageSnapshot page) => Analyze(page).SingleOrDefault(f => f.RuleId == RedirectAnalyzer.CrossDomainRule);

    [Fact]
    public void A_served_frameset_showing_another_site_is_a_critical_redirect()
    {
        var page = Static("<html><head><title>青山县人民政府门户网站</title></head><frameset rows=\"100%,*\" frameborder=\"no\">"
            + "<frame src=\"http://www.js9599.com/?gov\" name=\"main\"></frameset></html>");
        Assert.Equal(new Box(0, 0, 1366, 900), page.Frames.Single().Box);
        var finding = Redirect(page);
        Assert.NotNull(finding);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("from the window's top-left corner shows another site"));
    }

    [Theory]
    [InlineData("rows=\"80,*\"", 0, 820)]      // a banner row and the rest
    [InlineData("cols=\"25%,75%\"", 341.5, 900)] // a side menu: the first frame gets a quarter of the width
    public void Frameset_tracks_share_the_window(string tracks, double firstWidthOrZero, double secondHeight)
    {
        var page = Static($"<html><frameset {tracks}><frame src=\"/top.html\"><frame src=\"/main.html\"></frameset></html>");
        Assert.Equal(2, page.Frames.Count);
        if (firstWidthOrZero > 0) Assert.Equal(firstWidthOrZero, page.Frames[0].Box.Width);
        Assert.Equal(secondHeight, page.Frames[1].Box.Height);
    }

    [Fact]
    public void A_fixed_iframe_over_the_whole_window_is_a_critical_redirect()
    {
        var page = Page("<iframe src=\"http://www.hg0888x.com/\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999;border:none\"></iframe>");
        Assert.Equal(Severity.Critical, Redirect(page)?.Severity);
    }

    [Theory]
    [InlineData("<iframe src=\"https://player.youku.com/embed/XNDk\" width=\"560\" height=\"315\"></iframe>")]        // a video
    [InlineData("<iframe src=\"https://map.example-maps.com/?q=county\" width=\"100%\" height=\"800\"></iframe>")]     // an in-flow map: its place is unknown without layout
    [InlineData("<div class=\"player\"><iframe src=\"//emp.example-news.com/player.html\" style=\"position:absolute;left:0;top:0;width:100%;height:100%\"></iframe></div>")] // a responsive video: 100 % of its wrapper
    [InlineData("<iframe src=\"http://www.hunan.gov.cn/\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\"></iframe>")] // an allowed domain
    [InlineData("<iframe src=\"/zwfw/index.html\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\"></iframe>")]         // the site's own page
    public void Frames_that_do_not_cover_the_window_with_another_site_are_not_redirects(string frame) =>
        Assert.Null(Redirect(Page(frame)));

    [Theory]
    [InlineData("document.writeln(\"<frameset rows=\\\"100%,*\\\"><frame src=\\\"http://www.xpj8k2.com/\\\"></frameset>\");")]
    [InlineData("var ss='<center><iframe scrolling=\"no\" frameborder=\"0\" width=\"100%\" height=\"5000\" src=\"http://www.bet36k5.com/\"></iframe></center>';"
                + "if(/baidu|sogou/.test(document.referrer)){document.write(ss);}")]
    public void A_script_that_writes_a_frame_over_the_page_is_a_critical_redirect(string code)
    {
        var finding = Redirect(Page("", $"<script>{code}</script>"));
        Assert.NotNull(finding);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.StartsWith("a script writes a frame that fills the window"));
    }

    [Fact]
    public void A_script_that_writes_a_small_iframe_is_not_a_redirect() =>
        Assert.Null(Redirect(Page("", "<script>document.write('<iframe src=\"https://www.example-video.com/embed/1\" width=\"100%\" height=\"400\"></iframe>');</script>")));

    [Theory]
    [InlineData("document.title = \"\\u6fb3\\u95e8\\u65b0\\u8461\\u4eac\\u5a31\\u4e50\\u573a_\\u771f\\u4eba\\u767e\\u5bb6\\u4e50\";")]
    [InlineData("document.title = String.fromCharCode(28595,38376,26032,33889,20140,23089,20048,22330,95,30495,20154,30334,23478,20048);")]
    [InlineData("document.title = unescape(\"%u6FB3%u95E8%u65B0%u8461%u4EAC%u5A31%u4E50%u573A%5F%u771F%u4EBA%u767E%u5BB6%u4E50\");")]
    public void A_spam_title_a_script_sets_from_escapes_is_critical_on_the_static_engine(string code)
    {
        var finding = Assert.Single(Analyze(Page("", $"<script>{code}</script>")), f => f.RuleId == TitleHijackAnalyzer.RewrittenRule);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("澳门新葡京娱乐场_真人百家乐"));
    }

    [Fact]
    public void A_clean_title_a_script_sets_from_escapes_is_not_a_hijack() =>
        Assert.DoesNotContain(Analyze(Page("", "<script>document.title = \"\\u9752\\u5c71\\u53bf\\u4eba\\u6c11\\u653f\\u5e9c\";</script>")),
            f => f.RuleId == TitleHijackAnalyzer.RewrittenRule && f.Severity >= Severity.High);

    [Fact]
    public void A_refresh_in_noscript_is_read_from_the_served_html_when_the_browser_did_not_parse_it()
    {
        const string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青山县人民政府</title>"
            + "<noscript><meta http-equiv=\"refresh\" content=\"0;url=http://www.ylc88v.com/\"></noscript></head><body><p>通知公告</p></body></html>";
        // What the browser engine hands over: the rendered page (scripts on, so no refresh parsed) and the served HTML.
        var rendered = new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200, ServedHtml = html, RenderedTitle = "青山县人民政府", RawTitle = "青山县人民政府" };
        var finding = Redirect(rendered);
        Assert.NotNull(finding);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("in the served HTML only"));
    }

    [Theory]
    [InlineData("http://m.qsrmyy.com/", Severity.Medium)]   // the hospital's own mobile edition, seen from a local copy
    [InlineData("http://wap.qsrmyy.com/", Severity.Medium)]
    [InlineData("http://m.8k9x7z.com/", Severity.Critical)]  // a random-looking host
    [InlineData("http://www.qsrmyy.com/", Severity.Critical)] // not a mobile edition
    public void Phones_sent_to_a_mobile_edition_are_medium(string target, Severity expected)
    {
        var page = Page("", $"<script>if (/Android|iPhone|iPod/i.test(navigator.userAgent)) {{ window.location.href = \"{target}\"; }}</script>");
        Assert.Equal(expected, Redirect(page)?.Severity);
    }

    [Fact]
    public void Phones_and_search_visitors_sent_to_a_mobile_host_stay_critical()
    {
        var page = Page("", "<script>if (/Android|iPhone/i.test(navigator.userAgent) && document.referrer.indexOf(\"baidu\") > -1) { window.location.href = \"http://m.qsrmyy.com/\"; }</script>");
        Assert.Equal(Severity.Critical, Redirect(page)?.Severity);
    }
}
