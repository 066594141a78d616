using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Hard negatives with the shipped rules: lottery news and crackdown stories name gambling games and scams; a visible
/// mention in such a context stays below high, the same words hidden or advertised do not.
/// </summary>
public sealed class ReportingContextTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.Combine(AppContext.BaseDirectory, "rules")] });

    private static List<Finding> Analyze(PageSnapshot page) => new KeywordAnalyzer().Analyze(page, Shipped).ToList();

    private const string LotteryNotice =
        "中国福利彩票发行管理中心公告：经财政部批准，重庆时时彩游戏自2019年10月31日起停止销售。"
        + "本期双色球开奖号码为03、08、15、21、27、30，蓝球09；大乐透、七乐彩开奖结果请见各销售站公告。";

    private const string PoliceNotice =
        "近日，市公安局治安大队成功破获一起网络赌博案件。经查，犯罪嫌疑人张某某等人利用境外“百家乐”“六合彩”等赌博网站"
        + "招揽参赌人员，涉案资金达300余万元。目前，警方已抓获犯罪嫌疑人12名，案件正在进一步侦办中。";

    private const string TrafficNews = "禄口交警大队联合禄口街道开展道路交通安全宣传进社区活动，提醒市民文明出行。";

    // Written for this test (not from the dev corpus): a bank's anti-fraud reminder quoting the ads it warns about.
    private const string FraudWarning =
        "银行提醒：近期有不法分子以“花呗套现”“无视征信、黑户秒下”为诱饵，骗取客户银行卡信息。"
        + "所谓“高价收购银行卡”均涉嫌违法，请勿轻信，谨防上当。";

    // A court's story that quotes many scam names: more than a story usually names, but all in quotes, in sentences.
    private const string QuotingStory =
        "法院经审理查明，被告人通过网站发布“百家乐”“六合彩”“时时彩”“北京赛车”“真人荷官”“网上赌场”等赌博链接，招揽参赌人员。"
        + "法院以开设赌场罪判处被告人有期徒刑三年。";

    [Theory]
    [InlineData(LotteryNotice)]
    [InlineData(PoliceNotice)]
    [InlineData(FraudWarning)]
    [InlineData(QuotingStory)]
    public void Reporting_in_a_visible_block_stays_below_high(string text)
    {
        var findings = Analyze(Page([Block(text)], title: "通知公告"));
        Assert.NotEmpty(findings); // the names are still worth a look
        Assert.All(findings, f => Assert.True(f.Severity <= Severity.Medium, $"{f.RuleId} {f.Severity}: {string.Join(" | ", f.Reasons)}"));
        Assert.Contains(findings, f => f.Reasons.Any(r => r.StartsWith("reporting, not advertising")));
    }

    [Fact]
    public void Traffic_police_news_in_Lukou_is_no_porn()
    {
        Assert.Empty(Analyze(Page([Block(TrafficNews)], title: "禄口交警大队")));
    }

    [Fact]
    public void The_same_crackdown_story_hidden_is_critical()
    {
        var finding = Assert.Single(Analyze(Page([Block(PoliceNotice, hidden: true)])));
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void Spam_corroboration_in_the_block_lifts_the_cap()
    {
        var finding = Assert.Single(Analyze(Page([Block("警方提醒：百家乐、六合彩最新网址，注册送38元彩金，联系QQ 123456")])));
        Assert.True(finding.Severity >= Severity.High, string.Join(" | ", finding.Reasons));
        Assert.DoesNotContain(finding.Reasons, r => r.StartsWith("reporting, not advertising"));
    }

    [Fact]
    public void Links_from_the_block_to_unrelated_sites_lift_the_cap()
    {
        var block = Block("警方打击百家乐、六合彩", selector: "div#news");
        var page = Page([block], [Link("https://casino-777.example/", "百家乐") with { Selector = "div#news > a" }]);
        var finding = Assert.Single(new KeywordAnalyzer().Analyze(page, Shipped), f => f.Selector == "div#news");
        Assert.True(finding.Severity >= Severity.High);
    }

    [Fact]
    public void More_terms_than_a_story_names_lift_the_cap()
    {
        var finding = Assert.Single(Analyze(Page([Block("警方提醒 百家乐 时时彩 北京赛车 幸运飞艇 分分彩 真人视讯 澳门赌场")])));
        Assert.True(finding.Severity >= Severity.High);
    }

    [Fact]
    public void Without_a_reporting_word_the_game_names_are_high()
    {
        var finding = Assert.Single(Analyze(Page([Block("百家乐、时时彩")])));
        Assert.Equal(Severity.High, finding.Severity);
    }

    // The story around a paragraph (ReportingStory): written for these tests, not taken from any corpus.
    private const string ArrestParagraph = "近日，区公安分局侦破一起网络赌博案件，抓获犯罪嫌疑人15名，扣押电脑、手机等作案工具一批。";
    private const string NamesParagraph =
        "该团伙以“澳门银河”“皇冠体育”“百家乐”“六合彩”“时时彩”“北京赛车”等名义搭建网站，通过聊天群招揽群众参与，从中抽头渔利。";

    private static TextBlock Heading(string text, string tag = "h1") => new(tag, tag, text, Visibility.Visible, new Box(0, 0, 100, 30));

    [Fact]
    public void A_paragraph_that_names_the_scams_takes_its_context_from_the_story_around_it()
    {
        var alone = Analyze(Page([Block(NamesParagraph, selector: "p#names")]));
        Assert.Contains(alone, f => f.Severity >= Severity.High); // no reporting word of its own: the names read as spam

        var story = Analyze(Page([Block(ArrestParagraph, selector: "p#arrest"), Block(NamesParagraph, selector: "p#names")]));
        var names = Assert.Single(story, f => f.Selector == "p#names");
        Assert.True(names.Severity <= Severity.Medium, string.Join(" | ", names.Reasons));
        Assert.Contains(names.Reasons, r => r.StartsWith("reporting, not advertising"));
    }

    [Fact]
    public void A_footer_line_is_no_story_and_a_keyword_list_borrows_no_context()
    {
        // The reporting words sit in a footer line (no sentence) next to an injected list: both must stay uncapped.
        var footer = Block("主办单位：某市公安局办公室　地址：人民路1号　电话：0551-12345678", selector: "p#footer");
        var list = Block("澳门银河 皇冠体育 百家乐 六合彩", selector: "p#spam");
        var findings = Analyze(Page([footer, list]));
        Assert.Contains(findings, f => f.Selector == "p#spam" && f.Severity >= Severity.High);

        var sentence = Block("澳门银河官方娱乐平台，百家乐、六合彩天天开奖。", selector: "p#spam");
        findings = Analyze(Page([footer, sentence]));
        Assert.Contains(findings, f => f.Selector == "p#spam" && f.Severity >= Severity.High);
    }

    [Fact]
    public void A_title_that_repeats_a_reporting_headline_is_capped_and_a_replaced_title_is_not()
    {
        const string headline = "关于停止“时时彩”游戏销售的公告";
        var body = Block("根据有关规定，福利彩票“时时彩”游戏自即日起停止销售，已售彩票可在兑奖期内兑奖。", selector: "p#notice");
        var story = Analyze(Page([Heading(headline), body], title: headline + "_某市财政局"));
        var title = Assert.Single(story, f => f.Selector == "title");
        Assert.True(title.Severity <= Severity.Medium, string.Join(" | ", title.Reasons));

        // The same title over a page whose headline is something else: nothing on the page tells that story.
        var replaced = Analyze(Page([Heading("2024年度部门预算公开"), body], title: headline + "_某市财政局"));
        Assert.Contains(replaced, f => f.Selector == "title" && f.Severity >= Severity.High);
    }

    [Fact]
    public void Meta_keywords_that_repeat_a_reporting_headline_are_capped()
    {
        const string headline = "关于停止“时时彩”游戏销售的公告";
        var body = Block("根据有关规定，福利彩票“时时彩”游戏自即日起停止销售，已售彩票可在兑奖期内兑奖。", selector: "p#notice");
        MetaTag[] meta = [new("keywords", null, null, "时时彩,财政局公告")];
        PageSnapshot Notice(string h1) => Page([Heading(h1), body], title: headline + "_某市财政局") with { RawTitle = headline + "_某市财政局", Meta = meta };

        var capped = Assert.Single(new TitleHijackAnalyzer().Analyze(Notice(headline), Shipped), f => f.RuleId == TitleHijackAnalyzer.MetaSpamRule);
        Assert.Equal(Severity.Medium, capped.Severity);
        var hijacked = Assert.Single(new TitleHijackAnalyzer().Analyze(Notice("2024年度部门预算公开"), Shipped), f => f.RuleId == TitleHijackAnalyzer.MetaSpamRule);
        Assert.True(hijacked.Severity >= Severity.High, string.Join(" | ", hijacked.Reasons));

        // A description that is itself a warning (a reporting context of the pack) is capped whatever the headline.
        PageSnapshot Warning() => Notice("2024年度部门预算公开") with { Meta = [new("description", null, null, "警方提醒：网上“时时彩”平台均为诈骗陷阱，谨防上当受骗")] };
        Assert.Equal(Severity.Medium, Assert.Single(new TitleHijackAnalyzer().Analyze(Warning(), Shipped), f => f.RuleId == TitleHijackAnalyzer.MetaSpamRule).Severity);
    }

    [Fact]
    public void English_reporting_caps_a_news_mention_and_revenge_porn_is_a_legal_term()
    {
        var news = Block("The state senate passed a bill that makes sharing sexually explicit deepfakes a crime, after police reported a rise in revenge porn cases.");
        Assert.Empty(Analyze(Page([news])));
        var warning = Block("Health officials warn that pills sold online as \"no prescription needed\" may hold fentanyl. Buy medicine only from a licensed pharmacy.");
        Assert.All(Analyze(Page([warning])), f => Assert.True(f.Severity <= Severity.Medium, string.Join(" | ", f.Reasons)));
        var advert = Block("Buy cheap viagra online, no prescription needed, discreet shipping worldwide.");
        Assert.Contains(Analyze(Page([advert])), f => f.Severity >= Severity.High);
    }

    [Fact]
    public void A_warning_that_quotes_the_ads_promise_is_reporting_and_the_ad_saying_it_is_not()
    {
        var warning = Block("近期，不法分子以“信用卡套现”“花呗套现”为名，在网上宣称“加微信秒到账”，骗取群众银行卡信息。");
        var capped = Assert.Single(Analyze(Page([warning])));
        Assert.True(capped.Severity <= Severity.Medium, string.Join(" | ", capped.Reasons));

        var advert = Block("诚信防范风险：信用卡套现、花呗套现，加微信秒到账。");
        Assert.Contains(Analyze(Page([advert])), f => f.Severity >= Severity.High);
    }

    [Fact]
    public void Corroboration_is_read_in_the_mention_itself_not_in_the_paragraph_next_to_it()
    {
        // A hospital's story: its warning next to a paragraph with the clinic's phone line (联系电话 corroborates spam in an ad).
        var story = Block("我国法律明确禁止任何形式的代孕。所谓“代孕公司”“包生男孩”均属违法，请勿上当受骗。", selector: "p#warning");
        var contact = Block("如需咨询辅助生殖技术，请在工作日就诊，联系电话：0551-12345678。", selector: "p#contact");
        var findings = Analyze(Page([story, contact]));
        Assert.All(findings, f => Assert.True(f.Severity <= Severity.Medium, $"{f.Selector}: {string.Join(" | ", f.Reasons)}"));
    }

    [Fact]
    public void Education_that_names_many_drugs_in_a_sentence_is_reporting_and_a_list_of_them_is_not()
    {
        var heading = Heading("禁毒知识进校园：认清毒品危害");
        var lesson = Block("常见毒品包括：海洛因、冰毒（甲基苯丙胺）、摇头丸（MDMA）、K粉（氯胺酮）、麻古、大麻等，青少年一旦沾染极易成瘾，要坚决远离。", selector: "p#lesson");
        var findings = Analyze(Page([heading, lesson]));
        Assert.All(findings, f => Assert.True(f.Severity <= Severity.Medium, $"{f.Selector}: {string.Join(" | ", f.Reasons)}"));

        var list = Block("海洛因、冰毒、摇头丸、K粉、麻古、大麻出售。", selector: "p#list"); // the names are most of the text
        Assert.Contains(Analyze(Page([heading, list])), f => f.Selector == "p#list" && f.Severity >= Severity.High);
    }

    [Fact]
    public void A_code_sample_that_quotes_an_injection_is_worth_a_look_and_the_same_text_hidden_is_critical()
    {
        const string code = "<div style=\"display:none\"><a href=\"https://spam.example/\">buy viagra online</a> <a href=\"https://spam.example/\">cheap cialis</a></div>";
        var sample = new TextBlock("pre > code", "code", code, Visibility.Visible, new Box(0, 0, 600, 40));
        Assert.All(Analyze(Page([sample])), f => Assert.True(f.Severity <= Severity.Medium, string.Join(" | ", f.Reasons)));
        var hidden = sample with { Visibility = Visibility.HiddenBecause("display-none") };
        Assert.Contains(Analyze(Page([hidden])), f => f.Severity == Severity.Critical);
    }

    [Fact]
    public void An_english_news_headline_linking_to_a_news_site_is_worth_a_look_and_a_spam_anchor_is_not_excused()
    {
        static Severity AnchorSeverity(string text, bool hidden = false) => Assert.Single(new LinkPolicyAnalyzer().Analyze(
            Page(links: [Link("https://www.news-daily.example/2026/12/story.html", text, hidden)]), Shipped), f => f.RuleId == LinkPolicyAnalyzer.SpamAnchorRule).Severity;

        Assert.Equal(Severity.Medium, AnchorSeverity("Lawmakers debate new age checks for porn websites before the holidays"));
        Assert.Equal(Severity.Critical, AnchorSeverity("Lawmakers debate new age checks for porn websites before the holidays", hidden: true));
        Assert.True(AnchorSeverity("free porn videos") >= Severity.High);
        Assert.True(AnchorSeverity("澳门新葡京娱乐场官方网站欢迎您的光临") >= Severity.High); // a long Chinese phrase around one term is still an anchor
    }

    [Fact]
    public void Items_of_a_list_take_the_story_of_what_introduces_it()
    {
        var intro = Block("以下网站为近期依法查处的境外赌博网站，请广大群众切勿访问、切勿充值。", selector: "#zoom > p");
        TextBlock Item(int n, string text) => Block(text, selector: $"#zoom > ul > li:nth-of-type({n})") with { Tag = "li" };
        var items = new[] { Item(1, "1. xpj-88.example（百家乐赌博网站）"), Item(2, "2. hg-sports.example（六合彩赌博网站）") };
        Assert.All(Analyze(Page([intro, .. items])), f => Assert.True(f.Severity <= Severity.Medium, $"{f.Selector}: {string.Join(" | ", f.Reasons)}"));
        Assert.Contains(Analyze(Page(items)), f => f.Severity >= Severity.High); // no story: the same items read as spam
    }

    [Fact]
    public void A_line_that_ends_with_a_colon_introduces_the_list_after_it()
    {
        // No sentence of its own, but "：" hands its words to the list (the paragraph before it names the crackdown).
        var intro = Block("以下网站为诈骗网站或其他违法网站（已处置，请勿访问）：", selector: "#zoom > p:nth-of-type(2)");
        TextBlock Item(int n, string text) => Block(text, selector: $"#zoom > ul > li:nth-of-type({n})") with { Tag = "li" };
        var items = new[] { Item(1, "1. www.icbc-jp.example（仿冒工商银行）"), Item(2, "2. hy-bet365.example（境外赌博网站）") };
        Assert.All(Analyze(Page([intro, .. items])), f => Assert.True(f.Severity <= Severity.Medium, $"{f.Selector}: {string.Join(" | ", f.Reasons)}"));
        var notIntro = intro with { Text = "以下网站为诈骗网站或其他违法网站（已处置，请勿访问）" };
        Assert.Contains(Analyze(Page([notIntro, .. items])), f => f.Severity >= Severity.High);
    }

    [Fact]
    public void A_closed_tab_the_page_can_open_whose_own_words_warn_is_medium_and_injected_hidden_text_is_not()
    {
        var revealable = Visibility.HiddenBecause("hidden-ancestor (display-none, inline-style, revealable-by-page on ul#pane2)");
        var warning = Block("警惕“校园贷”“裸贷”陷阱", selector: "#pane2 > li") with { Visibility = revealable };
        Assert.Equal(Severity.Medium, Assert.Single(Analyze(Page([warning]))).Severity);

        var injected = Block("裸贷 校园贷 秒到账", selector: "#pane2 > li") with { Visibility = revealable };
        Assert.Equal(Severity.Critical, Assert.Single(Analyze(Page([injected]))).Severity);
        var notRevealable = warning with { Visibility = Visibility.HiddenBecause("display-none") };
        Assert.Equal(Severity.Critical, Assert.Single(Analyze(Page([notRevealable]))).Severity);
    }

    [Fact]
    public void An_addiction_clinic_names_drugs_and_gambling_it_treats()
    {
        var clinic = Block("物质依赖科诊治海洛因、冰毒等毒品所致的成瘾问题，也接诊病理性赌博患者，门诊时间为工作日上午。");
        Assert.All(Analyze(Page([clinic])), f => Assert.True(f.Severity <= Severity.Medium, $"{f.RuleId}: {string.Join(" | ", f.Reasons)}"));
    }

    [Fact]
    public void Real_names_and_services_that_hold_a_term_are_not_spam()
    {
        Assert.DoesNotContain(Analyze(Page([Block("会议代表入住澳门新葡京酒店，报到时间为下午两点。")])), f => f.RuleId == "keyword.gambling");
        var escort = Assert.Single(Analyze(Page([Block("Children travelling alone can book our unaccompanied minor escort service at the desk.")])));
        Assert.Equal(Severity.Medium, escort.Severity);
    }

    [Fact]
    public void One_sentence_in_which_the_names_are_the_minority_is_no_phrase_list()
    {
        var sentence = Block("特区政府推动负责任博彩，如您或家人受赌博问题困扰，可致电问题赌博辅导热线，获得免费及保密的咨询服务。");
        Assert.DoesNotContain(new MassSpamSignatureAnalyzer().Analyze(Page([sentence]), Shipped), f => f.RuleId == "signature.spam-phrase-list");
        var list = Block("博彩，赌博，百家乐，六合彩。");
        Assert.Contains(new MassSpamSignatureAnalyzer().Analyze(Page([list]), Shipped), f => f.RuleId == "signature.spam-phrase-list");
    }

    [Fact]
    public void An_anchor_whose_own_words_report_is_medium()
    {
        var page = Page(links: [Link("https://www.city-post.example/news/1.html", "Police dismantle illegal online casino network in the city")]);
        Assert.Equal(Severity.Medium, Assert.Single(new LinkPolicyAnalyzer().Analyze(page, Shipped), f => f.RuleId == LinkPolicyAnalyzer.SpamAnchorRule).Severity);
    }
}
