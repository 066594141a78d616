using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Whole pages that tell about spam's subjects (an official notice, a warning, a regulator's or a charity's page), read by
/// the static engine with the shipped rules: they stay below the default gate; the same layout selling the same things
/// does not. The texts were written for these tests.
/// </summary>
public sealed class ReportingPagesTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static List<Finding> Scan(string title, string body, string url = "http://www.example-county.gov.cn/news/2019/1031.html")
    {
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            + "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/news/\">新闻动态</a></div>" + body
            + "<div class=\"foot\">版权所有 技术支持：某某科技</div></body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(url), new PageSnapshot { RequestedUrl = url, FinalUrl = url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();
    }

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Severity} {f.RuleId} {f.Evidence.Split('\n')[0]} — {string.Join("; ", f.Reasons)}"));

    private static void BelowGate(List<Finding> findings) =>
        Assert.True(findings.All(f => f.Severity < Severity.High), "expected nothing at high or above; got:\n" + Describe(findings));

    private static void Flagged(List<Finding> findings, string rule) =>
        Assert.True(findings.Any(f => f.RuleId == rule && f.Severity >= Severity.High), $"expected {rule} at high or above; got:\n" + Describe(findings));

    // A byline a CMS writes a piece per field, then the notice.
    private const string Byline = "<div class=\"info\"><span>时间:</span><span>2019-10-31 09:00</span><span>来源:</span><span>市财政局</span><span>作者:</span><span>admin</span><span>点击:</span><span>次</span></div>";

    [Fact]
    public void An_official_notice_that_stops_a_lottery_game_is_no_doorway_and_the_same_page_selling_it_is()
    {
        var notice = "<h1>关于停止销售时时彩游戏的公告</h1>" + Byline
            + "<p>根据财政部有关通知要求，本省福利彩票时时彩游戏自2019年10月31日起停止销售。</p>"
            + "<p>停售后，已售出的时时彩彩票按规定兑奖。任何网站以“时时彩计划”“时时彩平台”名义销售彩票均属违法，请勿轻信，远离网络赌博。</p>";
        BelowGate(Scan("关于停止销售时时彩游戏的公告_市财政局", notice));

        var selling = "<h1>时时彩平台 时时彩计划</h1>" + Byline
            + "<p>重庆时时彩、北京赛车pk10、幸运飞艇，时时彩平台注册送38元彩金。</p>"
            + "<p>时时彩计划群导师带你稳赚，百家乐、真人视讯同步开放，天天返水。</p>";
        Flagged(Scan("时时彩平台_时时彩计划_注册送彩金", selling), DoorwayPageAnalyzer.RuleId);
    }

    [Fact]
    public void A_paragraph_after_a_bold_lead_in_belongs_to_the_warning_above_it()
    {
        var page = "<h1>常见网络诈骗类型</h1>"
            + "<p><b>一、刷单诈骗。</b>骗子以“刷单返利”为诱饵，先小额返利再诱导大额投入，请提高警惕。</p>"
            + "<p><b>二、虚假贷款。</b>以“无抵押贷款”“黑户贷款”为名，要求先交“解冻费”“保证金”。</p>";
        BelowGate(Scan("常见网络诈骗类型_某某学院", page));
    }

    [Fact]
    public void A_paragraph_reads_its_headline_across_the_byline_and_a_footer_line_lends_nothing()
    {
        // A table-layout article: headline, byline row, then paragraphs; the last names a game's private server without
        // a warning word of its own. Its headline ("反诈") is above the byline.
        var article = "<table><tr><td><h1>反诈宣传：常见网络诈骗类型</h1></td></tr><tr><td>发布时间：2019-06-19 来源：县公安局 浏览次数：</td></tr>"
            + "<tr><td><p>一、刷单返利：所有刷单都是骗局。</p><p>二、冒充客服退款，索要验证码。</p><p>三、虚假投资理财，高息引诱。</p>"
            + "<p>四、网络游戏装备交易（“传奇私服”代练充值）；五、冒充熟人领导。</p></td></tr></table>";
        BelowGate(Scan("反诈宣传：常见网络诈骗类型_某县人民政府", article));

        // A footer's short line ("投资需谨慎") is no byline of the spam block after it.
        var footer = "<div class=\"copy\">©2018 某某控股有限公司 理财有风险，投资需谨慎</div><div>六合彩开奖资料。一本道久久。日韩精品。</div>";
        Assert.Contains(Scan("某某控股有限公司", footer), f => f.RuleId.StartsWith("keyword.", StringComparison.Ordinal) && f.Severity >= Severity.High);
    }

    [Fact]
    public void English_news_under_a_linked_post_title_with_a_year_ending_its_first_sentence_stays_below_the_gate()
    {
        // A WordPress post: the title is a link inside h2; the first paragraph ends with a year.
        BelowGate(Scan("Customs seize 2,000 fake Rolex and replica handbags", "<article><header><h2><a href=\"/2019/05/customs-seize/\">"
            + "Customs seize 2,000 fake Rolex and replica handbags</a></h2></header><div><p>Officers seized the goods at the port in May 2019.</p>"
            + "<p>Buying replica handbags funds organised crime, officials said.</p></div></article>", "https://www.county-gazette.example/2019/05/customs-seize/"));
        Assert.Equal(2, QuotedMentions.Sentences("Officers seized the goods at the port in May 2019. They were destroyed."));
        Assert.Equal(0, QuotedMentions.Sentences("1. replica watches 2. replica bags"));
        // The same post selling them is spam.
        Flagged(Scan("Cheap fake Rolex and replica handbags", "<article><header><h2><a href=\"/shop/\">Cheap fake Rolex and replica handbags</a></h2></header>"
            + "<div><p>Buy replica handbags and fake Rolex online, free shipping worldwide.</p></div></article>", "https://www.county-gazette.example/shop/"), "keyword.counterfeit-goods");
    }

    [Fact]
    public void A_listed_real_word_cuts_a_longer_term_and_the_term_alone_is_still_found()
    {
        Assert.Empty(Shipped.FindKeywords("参观路线途经三级片区规划道路。"));
        Assert.NotEmpty(Shipped.FindKeywords("免费三级片在线观看"));
    }

    [Fact]
    public void An_English_charity_page_for_problem_gamblers_and_news_of_age_checks_stay_below_the_gate()
    {
        BelowGate(Scan("Get help – Community Gambling Support", "<h1>Get help</h1><p>If you are struggling with problem gambling, you are not alone. "
            + "Online casino games and sports betting can cause real harm. Call our free helpline for confidential counselling.</p>", "https://www.gambling-support.example.org/help"));
        BelowGate(Scan("Porn age checks to start in spring, minister says", "<h1>Porn age checks to start in spring, minister says</h1>"
            + "<p>The government said age verification for porn sites will be enforced by the regulator from next spring.</p>", "https://www.county-gazette.example/news/1"));
        Flagged(Scan("Best online casino", "<h1>Best online casino</h1><p>Online casino with 200 free spins, no deposit needed. Play now!</p>",
            "https://www.county-gazette.example/news/2"), "keyword.gambling");
    }
}
