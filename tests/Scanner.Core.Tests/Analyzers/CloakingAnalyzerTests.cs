using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

public sealed class CloakingAnalyzerTests
{
    private static PageSnapshot As(PageSnapshot page, string profile, string? finalUrl = null) =>
        page with { Profile = profile, FinalUrl = finalUrl ?? page.FinalUrl };

    private static List<Finding> Compare(PageSnapshot visitor, PageSnapshot? again, PageSnapshot other) =>
        new CloakingAnalyzer().Analyze(new ProfileComparison(visitor, again, other), RuleSetWith()).ToList();

    [Fact]
    public void Identical_loads_give_nothing()
    {
        var page = Page([Block("全市教育大会召开")]);
        Assert.Empty(Compare(page, page, As(page, "spider")));
    }

    [Fact]
    public void Timestamps_and_tokens_are_masked()
    {
        var visitor = Page([Block("更新时间 2026-11-29 10:00:01 token a8f3c9d2e1b4f6a7c8d9e0f1")], title: "首页 10:00:01");
        var spider = Page([Block("更新时间 2026-11-29 10:00:05 token 0b1c2d3e4f5a6b7c8d9e0f1a")], title: "首页 10:00:05");
        Assert.Empty(Compare(visitor, null, As(spider, "spider")));
    }

    [Fact]
    public void What_varies_between_two_visitor_loads_is_noise()
    {
        var visitor = Page([Block("全市教育大会召开"), Block("今日推荐：春季旅游线路特惠专场活动火热进行中，欢迎报名参加")]);
        var again = Page([Block("全市教育大会召开"), Block("今日推荐：夏季避暑好去处盘点，十大景区门票优惠活动开启报名")]);
        var spider = Page([Block("全市教育大会召开"), Block("今日推荐：秋季赏枫路线推荐，多条精品线路等你来体验报名参加")]);
        Assert.Empty(Compare(visitor, again, As(spider, "spider")));
    }

    [Fact]
    public void Spam_only_a_spider_sees_is_critical()
    {
        var visitor = Page([Block("全市教育大会召开")]);
        var spider = Page([Block("全市教育大会召开"), Block("澳门百家乐 真人开户")]);
        var finding = Assert.Single(Compare(visitor, visitor, As(spider, "spider:sogou")), f => f.RuleId == CloakingAnalyzer.SpamRule);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("spider:sogou", finding.Title);
    }

    [Fact]
    public void External_links_only_a_spider_sees_are_critical_and_for_phones_medium()
    {
        var visitor = Page(links: [Link("https://www.yongzhou.gov.cn/a", "首页")]);
        var other = Page(links: [Link("https://www.yongzhou.gov.cn/a", "首页"), Link("https://pills.example/", "便宜")]);
        Assert.Equal(Severity.Critical, Assert.Single(Compare(visitor, visitor, As(other, "spider"))).Severity);
        Assert.Equal(Severity.Medium, Assert.Single(Compare(visitor, visitor, As(other, "mobile"))).Severity);
    }

    [Fact]
    public void A_cross_site_redirect_for_search_visitors_is_critical_and_a_same_site_one_is_nothing()
    {
        var visitor = Page([Block("全市教育大会召开")]);
        var away = As(Page([Block("欢迎")]), "search-referrer", "https://casino.example/");
        var finding = Assert.Single(Compare(visitor, visitor, away), f => f.RuleId == CloakingAnalyzer.RedirectRule);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("casino.example", finding.Evidence);

        var mobileSite = As(visitor, "mobile", "https://m.yongzhou.gov.cn/news/1.html");
        Assert.DoesNotContain(Compare(visitor, visitor, mobileSite), f => f.RuleId == CloakingAnalyzer.RedirectRule);
    }

    [Fact]
    public void A_spam_title_for_spiders_is_critical()
    {
        var visitor = Page(title: "永州市人民政府");
        var spider = As(Page(title: "婷婷五月 无码视频"), "spider");
        var finding = Assert.Single(Compare(visitor, visitor, spider), f => f.RuleId == CloakingAnalyzer.TitleRule);
        Assert.Equal(Severity.Critical, finding.Severity);
    }
}
