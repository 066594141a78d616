using AngleSharp.Html.Parser;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Hidden link blocks with ordinary business domains and anchors (深圳搬家公司…), judged by structure (issue 14, item 4;
/// docs/detectors.md, "Issue 14: kinds seen in the wild"): nothing on the page can show the block again and it sits
/// outside the layout make a farm; a hover rule, a script or handler naming it, a control pointing at it, a place
/// inside the layout or links to public institutions keep it a menu's state. Also the static engine's moderate
/// off-screen offsets and the linked stylesheets in the cascade, on the static builder's snapshots with the shipped rules.
/// </summary>
public sealed class HiddenFarmStructureTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://127.0.0.1:8080/index.html";

    private static readonly string[] Hosts =
        ["shenzhenbanjia.com", "gzjiazheng.com", "dgzhuangxiu.com", "bjzulin.cn", "shyinshua.com", "hzjiaju.net", "szqingjie.com", "cdkuaidi.com"];
    private static readonly string[] Anchors = ["深圳搬家公司", "广州家政服务", "东莞装修公司", "北京汽车租赁", "上海印刷厂", "杭州家具定制", "苏州保洁公司", "成都快递物流"];

    private static string Block(string attributes, IEnumerable<string>? hosts = null) =>
        $"<div {attributes}>" + string.Join(" ", (hosts ?? Hosts).Zip(Anchors, (h, a) => $"<a href=\"http://www.{h}/\">{a}</a>")) + "</div>";

    private const string Layout = "<div class=\"top\">青山县人民政府</div><div class=\"main\"><p>通知公告</p><a href=\"/a.html\">首页</a></div><div class=\"footer\">网站标识码</div>";

    private static PageSnapshot Page(string head, string bodyEnd, string bodyStart = "") =>
        StaticSnapshotBuilder.Build($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>青山县人民政府</title>{head}</head><body>{bodyStart}{Layout}{bodyEnd}</body></html>", Url);

    private static Finding? Hidden(PageSnapshot page) =>
        new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).SingleOrDefault(f => f.RuleId == HiddenContentAnalyzer.ExternalLinksRule);

    [Fact]
    public void A_block_hidden_by_the_pages_style_that_nothing_reveals_after_the_footer_is_critical()
    {
        var finding = Hidden(Page("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\"")));
        Assert.NotNull(finding);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.StartsWith("nothing on the page can show it again"));
        Assert.Contains(finding.Reasons, r => r.StartsWith("placed outside the page's layout"));
    }

    [Fact]
    public void Five_sites_with_only_the_two_structural_signals_are_high()
    {
        var finding = Hidden(Page("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\"", Hosts.Take(5))));
        Assert.Equal(Severity.High, finding?.Severity);
    }

    [Theory]
    [InlineData("<style>#friend-lk{display:none} .footer:hover ~ #friend-lk{display:block}</style>", "")]   // a hover rule shows it
    [InlineData("<style>#friend-lk{display:none} #friend-lk.open{display:block}</style>", "")]        // a class a script adds
    [InlineData("<style>#friend-lk{display:none}</style>", "<script>function t(){document.getElementById('friend-lk').style.display='block'}</script>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<button aria-controls=\"friend-lk\">友情链接</button>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<button aria-controls=\"nav-menu friend-lk\">友情链接</button>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<a data-toggle=\"collapse\" data-target=\"#friend-lk\">友情链接</a>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<a data-bs-toggle=\"collapse\" href=\"#friend-lk\">友情链接</a>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<label for=\"friend-lk\">友情链接</label>")]
    [InlineData("<style>#friend-lk{display:none}</style>", "<span onmouseover=\"$('#friend-lk').show()\">友情链接</span>")]
    public void A_block_the_page_can_show_again_stays_a_menus_state(string head, string control)
    {
        var page = Page(head, control + Block("id=\"friend-lk\""));
        var finding = Hidden(page);
        Assert.Equal(Severity.Medium, finding?.Severity);
        Assert.Contains(page.Links.First(l => l.Href.Contains("shenzhenbanjia")).Visibility.Reasons, r => r.Contains("revealable-by-page"));
    }

    [Fact]
    public void A_control_pointing_at_the_blocks_class_makes_it_revealable_and_one_pointing_elsewhere_does_not()
    {
        var byClass = Page("<style>.friend-box{display:none}</style>", "<button data-bs-target=\".friend-box\">友情链接</button>" + Block("class=\"friend-box\""));
        Assert.Equal(Severity.Medium, Hidden(byClass)?.Severity);
        var elsewhere = Page("<style>#friend-lk{display:none}</style>",
            "<a href=\"#friend-lk-2\">更多</a><label for=\"friend\">搜索</label><button aria-controls=\"friend-lk-menu\">菜单</button>" + Block("id=\"friend-lk\""));
        Assert.Equal(Severity.Critical, Hidden(elsewhere)?.Severity);
    }

    [Fact]
    public void A_class_only_other_pages_use_does_not_make_a_block_revealable()
    {
        // Site-wide sheets style classes of other pages: `.hot-k{display:none}` names nothing on this one.
        var page = Page("<style>#friend-lk{display:none} .hot-k{display:block} .other div{display:block}</style>", Block("id=\"friend-lk\""));
        Assert.Equal(Severity.Critical, Hidden(page)?.Severity);
    }

    [Fact]
    public void A_hidden_block_inside_the_layout_stays_medium()
    {
        var page = StaticSnapshotBuilder.Build("<!DOCTYPE html><html><head><style>#friend-lk{display:none}</style></head><body>"
            + $"<div class=\"top\">县政府</div><div class=\"main\"><p>通知</p>{Block("id=\"friend-lk\"")}<p>公告</p></div><div class=\"footer\">标识码</div></body></html>", Url);
        Assert.Equal(Severity.Medium, Hidden(page)?.Severity);
    }

    [Theory]
    [InlineData("hunan.gov.cn hnust.edu.cn csust.edu.cn hunau.edu.cn csu.edu.cn hnu.edu.cn xtu.edu.cn hunnu.edu.cn")]
    public void A_hidden_block_of_public_institutions_is_never_judged_by_structure(string agencies)
    {
        var finding = Hidden(Page("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\"", agencies.Split(' '))));
        Assert.Equal(Severity.Medium, finding?.Severity);
    }

    [Theory]
    [InlineData("whitehouse.gov")]      // the US: top-level labels only its institutions can register
    [InlineData("mit.edu")]
    [InlineData("army.mil")]
    [InlineData("fs.fed.us")]
    [InlineData("gov.uk")]              // other English-speaking countries
    [InlineData("nhs.uk")]
    [InlineData("met.police.uk")]
    [InlineData("canada.ca")]
    [InlineData("health.gov.au")]
    [InlineData("govt.nz")]
    [InlineData("gov.ie")]
    [InlineData("nic.in")]
    public void One_institution_of_an_english_speaking_country_makes_the_block_a_list_of_agencies(string institution)
    {
        var finding = Hidden(Page("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\"", [institution, .. Hosts.Skip(1)])));
        Assert.Equal(Severity.Medium, finding?.Severity);
    }

    [Fact]
    public void A_top_level_label_covers_only_its_own_domain_names()
    {
        // gov and edu cover whitehouse.gov and mit.edu, not govt-jobs.com or a name that merely ends in "edu".
        string[] lookalikes = ["govt-jobs.com", "myedu.com", "militaria.net", "shyinshua.com", "hzjiaju.net", "szqingjie.com", "cdkuaidi.com", "gzjiazheng.com"];
        Assert.Equal(Severity.Critical, Hidden(Page("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\"", lookalikes)))?.Severity);
    }

    private const string SiteUrl = "http://www.qingshan.gov.cn/index.html";

    /// <summary>The page served from <see cref="SiteUrl"/> with what a loader brought in besides it.</summary>
    private static PageSnapshot PageWith(string head, string bodyEnd, LinkedStyleSheets.Fetched fetched, DetectorSettings? settings = null) =>
        StaticSnapshotBuilder.Build($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>青山县人民政府</title>{head}</head><body>{Layout}{bodyEnd}</body></html>",
            new Uri(SiteUrl), new PageSnapshot { RequestedUrl = SiteUrl, FinalUrl = SiteUrl, Status = 200 }, linked: fetched, settings: settings);

    private static LinkedStyleSheets.Fetched SiteScripts(params string[] code) =>
        LinkedStyleSheets.Fetched.None with { SiteScripts = code.Select((c, i) => (Url: $"http://www.qingshan.gov.cn/js/site{i}.js", Code: c)).ToDictionary(x => x.Url, x => x.Code) };

    [Theory]
    [InlineData("$(function(){ $('.lk-btn').click(function(){ $('#friend-lk').slideToggle(); }); });")]
    [InlineData("document.querySelector('.lk-btn').addEventListener('click', function () { document.getElementById(\"friend-lk\").classList.toggle('open'); });")]
    [InlineData("var menu = { panel: `#friend-lk` };")]
    public void A_block_a_same_site_script_names_stays_a_menus_state(string siteJs)
    {
        var page = PageWith("<style>#friend-lk{display:none}</style>", "<button class=\"lk-btn\">友情链接</button>" + Block("id=\"friend-lk\""), SiteScripts(siteJs));
        Assert.Equal(Severity.Medium, Hidden(page)?.Severity);
        Assert.Contains(page.Links.First(l => l.Href.Contains("shenzhenbanjia")).Visibility.Reasons, r => r.Contains("revealable-by-page"));
    }

    [Theory]
    [InlineData("function friend_lk() { return 1; } var lk = friend_lk();")]  // identifiers of the file's own code, not the page's names
    [InlineData("document.getElementById('other-box').style.display = 'block';")]
    public void A_same_site_script_that_names_something_else_does_not_reveal_the_block(string siteJs)
    {
        var page = PageWith("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\""), SiteScripts(siteJs));
        Assert.Equal(Severity.Critical, Hidden(page)?.Severity);
    }

    [Fact]
    public void A_librarys_own_strings_do_not_reveal_the_block_but_code_appended_to_it_does()
    {
        // A site's own copy of jQuery is full of strings ("friend-lk" stands for any name its code happens to hold).
        var library = "/*! jQuery v1.12.4 | (c) jQuery Foundation | jquery.org/license */\n!function(a){var n='friend-lk';" + new string('x', 6000) + "}(window);\n";
        Assert.Equal(Severity.Critical, Hidden(PageWith("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\""), SiteScripts(library)))?.Severity);
        var appended = library + "$('#friend-lk').show();\n";
        Assert.Equal(Severity.Medium, Hidden(PageWith("<style>#friend-lk{display:none}</style>", Block("id=\"friend-lk\""), SiteScripts(appended)))?.Severity);
    }

    [Fact]
    public void Only_the_pages_own_site_scripts_are_read_for_what_reveals_a_block()
    {
        using var document = new HtmlParser().ParseDocument("<html><head><script src=\"/js/site.js\"></script><script src=\"http://static.qingshan.gov.cn/menu.js\"></script>"
            + "<script src=\"http://cdn.tongji-x9.com/a.js\"></script><script src=\"js/site.js\"></script><script>var inline = 1;</script>"
            + "<script src=\"data:text/javascript,1\"></script></head><body></body></html>");

        Assert.Equal(["http://www.qingshan.gov.cn/js/site.js", "http://static.qingshan.gov.cn/menu.js"],
            LinkedStyleSheets.SameSiteScripts(document, new Uri(SiteUrl)));
    }

    [Fact]
    public void Imported_sheets_apply_before_the_importing_sheets_rules_and_a_cycle_ends()
    {
        const string html = "<!DOCTYPE html><html><head><style>@import url(css/a.css); @import url(css/print.css) print; .z{display:block}</style></head><body>"
            + "<div class=\"a\">one</div><div class=\"b\">two</div><div class=\"z\">three</div><div class=\"p\">four</div></body></html>";
        using var document = new HtmlParser().ParseDocument(html);
        var sheets = new LinkedStyleSheets.Fetched(new Dictionary<string, string>
        {
            ["http://127.0.0.1:8080/css/a.css"] = "@charset \"utf-8\";\n/* @import url(never.css); */\n@import url(\"b.css\");\n.a{display:none}",
            ["http://127.0.0.1:8080/css/b.css"] = "@import 'a.css';\n.b{display:none} .z{display:none}",  // imports a.css again: a cycle
            ["http://127.0.0.1:8080/css/print.css"] = ".p{display:none}",
        }, []);

        var markup = MarkupSnapshot.Of(document, new Uri(Url), linked: sheets);

        Assert.True(markup.TextBlocks.Single(b => b.Text == "one").Visibility.Hidden);
        Assert.True(markup.TextBlocks.Single(b => b.Text == "two").Visibility.Hidden);    // imported by an imported sheet
        Assert.False(markup.TextBlocks.Single(b => b.Text == "three").Visibility.Hidden); // the block's own rule comes after its imports
        Assert.False(markup.TextBlocks.Single(b => b.Text == "four").Visibility.Hidden);  // a print import is not applied
    }

    [Theory]
    [InlineData("@import url(a.css);\n@import \"b.css\" screen;\n@import url('c.css') print;\n@import url(d.css) layer(base);\n.x{color:red}\n@import url(e.css);", "a.css|b.css|d.css")]
    [InlineData(".x{color:red} @import url(a.css);", "")]          // after a rule: ignored, as browsers do
    [InlineData("/* @import url(a.css); */ .x{}", "")]
    [InlineData("@import url( \"a b.css\" ) all;", "a b.css")]
    public void The_imports_of_a_sheet_are_read_as_browsers_read_them(string css, string expected)
    {
        Assert.Equal(expected, string.Join("|", CssImports.Of(css)));
    }

    [Fact]
    public void The_moderate_offset_is_a_setting()
    {
        const string style = "position:absolute;top:-150px";
        var html = $"<!DOCTYPE html><html><body><div style=\"{style}\"><a href=\"http://a.com/\">a</a> <a href=\"http://b.com/\">b</a></div></body></html>";
        var template = new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 };
        var closer = new DetectorSettings { Values = new Dictionary<string, object> { [StaticVisibilitySettings.AboveThePagePixels.Name] = 100 } };

        Assert.False(StaticSnapshotBuilder.Build(html, new Uri(Url), template).Links[0].Visibility.Hidden);
        Assert.Contains(StaticSnapshotBuilder.Build(html, new Uri(Url), template, settings: closer).Links[0].Visibility.Reasons, r => r.Contains("off-screen"));
    }

    [Fact]
    public void The_browsers_served_view_is_judged_with_the_sheets_and_same_site_scripts_it_loaded()
    {
        // A browser snapshot: the rendered DOM is not the served HTML; ServedSource reads the served HTML again with what
        // the browser loaded, as the static engine reads it with what it fetched.
        var served = $"<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/css/common.css\"><script src=\"/js/menu.js\"></script></head><body>{Layout}{Block("class=\"yqlj-k9\"")}</body></html>";
        PageSnapshot Browser(string menuJs) => new()
        {
            RequestedUrl = SiteUrl, FinalUrl = SiteUrl, Status = 200, ServedHtml = served,
            Scripts = [new PageScript("http://www.qingshan.gov.cn/js/menu.js", null, "script") { ExternalText = menuJs }],
            StyleSheets = new Dictionary<string, string> { ["http://www.qingshan.gov.cn/css/common.css"] = ".yqlj-k9{position:absolute;left:-9999px}" },
        };

        var unrevealed = ServedSource.HiddenLinks(Browser("var x = 1;"));
        var revealed = ServedSource.HiddenLinks(Browser("$('.yqlj-k9').show();"));

        Assert.Equal(8, unrevealed.Count);
        Assert.All(unrevealed.Values, v => Assert.Contains(v.Reasons, r => r.Contains("off-screen") && r.Contains("outside-layout") && !r.Contains("revealable-by-page")));
        Assert.All(revealed.Values, v => Assert.Contains(v.Reasons, r => r.Contains("revealable-by-page")));
    }

    [Theory]
    [InlineData("position:absolute;top:-300px;left:0", true)]                  // a farm moved above the page
    [InlineData("position:fixed;top:-120px;height:100px", true)]               // past its own declared height
    [InlineData("position:absolute;left:-500px;width:400px", true)]            // past its own declared width
    [InlineData("transform:translateX(-9999px)", true)]
    [InlineData("position:absolute;top:-40px;left:0", false)]                  // a skip link waiting for focus
    [InlineData("position:absolute;top:-150px", false)]                        // a tall block could still show its bottom
    [InlineData("position:relative;top:-300px", false)]                        // relative: its place is unknown without layout
    public void Moderate_negative_offsets_are_off_screen_when_they_clear_the_box(string style, bool offScreen)
    {
        var page = StaticSnapshotBuilder.Build($"<!DOCTYPE html><html><body><div style=\"{style}\"><a href=\"http://a.com/\">a</a> <a href=\"http://b.com/\">b</a></div></body></html>", Url);
        Assert.Equal(offScreen, page.Links[0].Visibility.Reasons.Any(r => r.Contains("off-screen")));
    }

    [Fact]
    public void A_negative_top_inside_a_positioned_menu_is_not_off_screen()
    {
        var page = StaticSnapshotBuilder.Build("<!DOCTYPE html><html><body><div style=\"position:relative\"><ul style=\"position:absolute;top:-300px\">"
            + "<li><a href=\"http://a.com/\">a</a></li><li><a href=\"http://b.com/\">b</a></li></ul></div></body></html>", Url);
        Assert.False(page.Links[0].Visibility.Hidden);
    }

    [Fact]
    public void A_linked_sheet_is_applied_where_its_link_stands_in_the_cascade()
    {
        const string html = "<!DOCTYPE html><html><head><style>.a{display:block}</style><link rel=\"stylesheet\" href=\"css/site.css\">"
            + "<style>.b{display:block}</style><link rel=\"alternate stylesheet\" href=\"css/alt.css\"></head><body>"
            + "<div class=\"a\">one</div><div class=\"b\">two</div><div class=\"c\">three</div></body></html>";
        using var document = new HtmlParser().ParseDocument(html);
        var sheets = new LinkedStyleSheets.Fetched(new Dictionary<string, string>
        {
            ["http://127.0.0.1:8080/css/site.css"] = ".a,.b{display:none}",
            ["http://127.0.0.1:8080/css/alt.css"] = ".c{display:none}",
        }, []);

        var markup = MarkupSnapshot.Of(document, new Uri(Url), linked: sheets);

        Assert.True(markup.TextBlocks.Single(b => b.Text == "one").Visibility.Hidden);   // the sheet comes after the block's rule
        Assert.False(markup.TextBlocks.Single(b => b.Text == "two").Visibility.Hidden);  // a later <style> wins
        Assert.False(markup.TextBlocks.Single(b => b.Text == "three").Visibility.Hidden); // an alternate sheet is not applied
    }
}

/// <summary>The ids and classes a rule's subjects need, by which CssVisibility skips the rules of a site-wide sheet this page has no element for.</summary>
public sealed class SubjectKeysTests
{
    [Theory]
    [InlineData(".nav li .yqlj", ".yqlj")]
    [InlineData("#friend-lk.open, div > .a.b", "#friend-lk.open|.a.b")]
    [InlineData("ul li:hover .sub", ".sub")]
    [InlineData("div.x ~ p", null)]              // the subject is any p
    [InlineData(".a:not(.b)", null)]             // too intricate to read: matched as before
    [InlineData("[class~=a]", null)]
    public void The_subjects_keys_are_read_from_the_rightmost_compound(string selector, string? expected)
    {
        var keys = SubjectKeys.Of(selector);
        Assert.Equal(expected, keys is null ? null : string.Join("|", keys.Select(k => string.Concat(k))));
    }

    [Fact]
    public void Rules_for_classes_the_page_lacks_are_skipped_and_the_others_still_apply()
    {
        var page = StaticSnapshotBuilder.Build("<!DOCTYPE html><html><head><style>.absent{display:block} .farm{display:none} .other .absent2{display:none}</style></head>"
            + "<body><div class=\"farm\"><a href=\"http://a.com/\">a</a></div><div class=\"FARM2\"><a href=\"http://b.com/\">b</a></div></body></html>", "http://127.0.0.1/");
        Assert.True(page.Links[0].Visibility.Hidden);
        Assert.False(page.Links[1].Visibility.Hidden);
    }
}
