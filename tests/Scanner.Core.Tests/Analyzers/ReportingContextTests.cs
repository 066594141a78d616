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
}
