using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Red-team set 5's false alarms, as classes: each clean kind (written for the test, not copied from the set) stays below
/// high, and its spam variant still reaches high. Snapshots from the static engine's builder, the shipped rules.
/// </summary>
public sealed class Set5FalseAlarmTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static List<Finding> Analyze(string body, string url = "http://www.lanxi.gov.cn/zwgk/index.html", string head = "")
    {
        var html = $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>信息公开_兰溪县人民政府</title>{head}</head><body>"
            + "<div class=\"top\">兰溪县人民政府</div>" + body + "</body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(url), new PageSnapshot { RequestedUrl = url, FinalUrl = url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();
    }

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Severity} {f.RuleId} {f.Evidence.Split('\n')[0]} — {string.Join("; ", f.Reasons)}"));

    private static void BelowHigh(List<Finding> findings) =>
        Assert.True(findings.All(f => f.Severity < Severity.High), "expected nothing at high or above; got:\n" + Describe(findings));

    private static void AtLeastHigh(List<Finding> findings, string rule) =>
        Assert.True(findings.Any(f => f.RuleId == rule && f.Severity >= Severity.High), $"expected {rule} at high or above; got:\n" + Describe(findings));

    private static string Percent(string code) => string.Concat(code.Select(c => $"%{(int)c:x2}"));

    private static string EvalUnescape(string code) => $"<script>eval(unescape('{Percent(code)}'))</script>";

    // Class: packed or escaped code whose decoded markup is inert (an e-mail address hidden from harvesters, a clock).
    public static TheoryData<string> InertWrites => new()
    {
        "document.write('<a href=\"mailto:office@lanxi.gov.cn\">office@lanxi.gov.cn</a>');",
        "document.write('<a href=\"tel:0579-8888\">咨询电话</a>');",
        "function tick(){var d=new Date();document.getElementById('now').innerHTML=d.getHours()+':'+d.getMinutes();setTimeout(tick,1000)}tick();",
    };

    [Theory]
    [MemberData(nameof(InertWrites))]
    public void Obfuscated_code_that_writes_inert_markup_is_below_high(string code) =>
        BelowHigh(Analyze("<p>电子邮箱：" + EvalUnescape(code) + "</p><span id=\"now\"></span>"));

    // The spam variants: the same wrapper writing a link to a page, a hidden box, a loader.
    public static TheoryData<string> ActiveWrites => new()
    {
        "document.write('<a href=\"/news/2019/kj88.html\">k8</a>');",
        "document.write('<div style=\"display:none\">'+'<b>x</b>'+'</div>');",
        "document.write('<scr'+'ipt src=\"/js/tj.js\"></scr'+'ipt>');",
    };

    [Theory]
    [MemberData(nameof(ActiveWrites))]
    public void Obfuscated_code_that_writes_a_link_a_hidden_box_or_a_loader_stays_high(string code) =>
        AtLeastHigh(Analyze("<p>电子邮箱：" + EvalUnescape(code) + "</p>"), ScriptInjectionAnalyzer.ObfuscatedRule);

    // Class: a page saved from its site (scanned from a folder or a mirror) links to its own posts with absolute URLs;
    // the site it names as its own (its rel="home" link, with its stylesheet or feed there) is not "another site".
    private const string OwnSiteHead = "<link rel=\"stylesheet\" href=\"https://northpharmacy.org.uk/wp-content/themes/t/style.css\">";
    private const string OwnSiteHeader = "<p class=\"site-title\"><a href=\"https://northpharmacy.org.uk/\" rel=\"home\">North Pharmacy</a></p>";

    private static List<Finding> SavedPage(string head, string header, string linkHost, bool hidden = false) =>
        Analyze(header + $"<ul{(hidden ? " style=\"display:none\"" : "")}><li><a href=\"https://{linkHost}/2016/11/buy-viagra-online/\">Buy Viagra online</a></li></ul>",
            url: "http://127.0.0.1:8080/post.html", head: head);

    [Fact]
    public void A_link_to_the_site_the_page_names_as_its_own_is_below_high() =>
        BelowHigh(SavedPage(OwnSiteHead, OwnSiteHeader, "northpharmacy.org.uk"));

    [Fact]
    public void The_same_anchor_to_another_site_or_without_the_template_stays_high()
    {
        AtLeastHigh(SavedPage(OwnSiteHead, OwnSiteHeader, "rx-k8h2.com"), LinkPolicyAnalyzer.SpamAnchorRule);
        // rel="home" alone (an injected link can say so) is not enough: the template must come from the same site.
        AtLeastHigh(SavedPage("<link rel=\"stylesheet\" href=\"https://cdn.example.net/style.css\">", OwnSiteHeader, "northpharmacy.org.uk"), LinkPolicyAnalyzer.SpamAnchorRule);
        // Hidden, a link to the own site stays critical.
        AtLeastHigh(SavedPage(OwnSiteHead, OwnSiteHeader, "northpharmacy.org.uk", hidden: true), LinkPolicyAnalyzer.SpamAnchorRule);
    }

    // Class: a headline reads the story its first paragraph reads (the helpline is in the third short paragraph).
    [Fact]
    public void A_headline_takes_the_story_of_its_first_paragraph() =>
        BelowHigh(Analyze("<h1>Worried about online casino gambling?</h1><p>Slot machines and poker can become a problem for anyone. Talk to us.</p>"
            + "<p>Ask your bank to block gambling payments on your card.</p><p>Call our helpline on 0800 000 000, any time.</p>"));

    [Fact]
    public void A_spam_headline_over_three_paragraphs_without_reporting_words_stays_high() =>
        AtLeastHigh(Analyze("<h1>Best online casino bonus codes</h1><p>Slot machines and poker are waiting for you. Sign in today.</p>"
            + "<p>Fast payouts to your card, every day.</p><p>Our team answers on 0800 000 000, any time.</p>"), "keyword.gambling");

    // Class: prevention lessons (rules/context/prevention-education.txt) name what they teach children to refuse.
    public static TheoryData<string> Lessons => new()
    {
        "<p>上网安全小贴士：网上弹出的色情视频、色情图片会误导孩子，遇到时请立即关掉并告诉家长。</p>",
        "<p>毒品是指鸦片、海洛因、冰毒、可卡因等能使人形成瘾癖的麻醉药品和精神药品。</p><p>青少年要学会拒绝毒品，不吸第一口。</p>",
    };

    [Theory]
    [MemberData(nameof(Lessons))]
    public void A_prevention_lesson_is_below_high(string body) => BelowHigh(Analyze(body));

    public static TheoryData<string, string> Adverts => new()
    {
        { "<p>色情视频、色情图片高清在线看，加微信领取，告诉家长也不怕。</p>", "keyword.porn" },
        { "<p>海洛因、冰毒、可卡因、大麻等，货到付款。</p><p>同城配送，老客户优惠。</p>", "keyword.drugs" },
    };

    [Theory]
    [MemberData(nameof(Adverts))]
    public void The_same_names_in_an_advert_stay_high(string body, string rule) => AtLeastHigh(Analyze(body), rule);

    // Class: a headline that tells of a sentence or an illegal trade (被判刑, 黑产, 跨境赌博) links to a news site.
    public static TheoryData<string> NewsHeadlines => new()
    {
        "“传奇私服”架设者被判刑三年",
        "“百家乐”背后的跨境赌博资金链",
        "“代孕”黑产调查：中介称包生男孩",
    };

    [Theory]
    [MemberData(nameof(NewsHeadlines))]
    public void A_news_headline_linking_to_a_news_site_is_below_high(string headline) =>
        BelowHigh(Analyze($"<ul class=\"list\"><li><a href=\"http://www.fazhinews.cn/news/1.html\">{headline}</a></li></ul>"));

    [Fact]
    public void A_spam_anchor_to_the_same_site_stays_high() =>
        AtLeastHigh(Analyze("<ul class=\"list\"><li><a href=\"http://www.fazhinews.cn/news/1.html\">传奇私服新开一秒</a></li></ul>"), LinkPolicyAnalyzer.SpamAnchorRule);

    // Class: a travel itinerary names casino resorts as sights and hotels (rules/context/travel.txt, gambling pack).
    [Fact]
    public void A_travel_itinerary_naming_casino_resorts_is_below_high() =>
        BelowHigh(Analyze("<h1>澳门3日游（含大三巴）</h1><p>行程安排：第二天游览妈阁庙、议事亭前地，途经新葡京、永利皇宫，晚上可自费观看水舞间。</p>"));

    [Fact]
    public void The_same_resort_in_a_sign_up_advert_stays_high() =>
        AtLeastHigh(Analyze("<p>新葡京娱乐场游览大厅全新开放，注册送888元，首存再送。</p>"), "keyword.gambling");
}
