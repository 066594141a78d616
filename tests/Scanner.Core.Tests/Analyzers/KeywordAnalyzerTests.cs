using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

public sealed class KeywordAnalyzerTests
{
    private static List<Finding> Analyze(Scanner.Core.Model.PageSnapshot page) => new KeywordAnalyzer().Analyze(page, RuleSetWith()).ToList();

    [Fact]
    public void Evidence_is_the_original_text_and_the_reason_names_the_normalised_term()
    {
        var finding = Assert.Single(Analyze(Page([Block("亚洲综合性色AⅤ一区二区三区")])));
        Assert.Equal("keyword.porn", finding.RuleId);
        Assert.Equal("亚洲综合性色AⅤ一区二区三区", finding.Evidence);
        Assert.Equal("av一区", finding.MatchedTerm);
        Assert.Contains(finding.Reasons, r => r.Contains("\"AⅤ一区\" (as \"av一区\")"));
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void A_medium_term_in_a_visible_article_stays_medium()
    {
        var finding = Assert.Single(Analyze(Page([Block("公安机关通报一起赌博案件")])));
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.False(finding.Hidden);
    }

    [Fact]
    public void Hidden_spam_is_critical_and_says_why()
    {
        var finding = Assert.Single(Analyze(Page([Block("百家乐", hidden: true)])));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.True(finding.Hidden);
        Assert.Equal(["display-none"], finding.HiddenReasons);
        Assert.Contains(finding.Reasons, r => r.StartsWith("hidden from visitors"));
    }

    [Fact]
    public void Several_medium_terms_in_one_block_corroborate_each_other()
    {
        var pack = Porn with { Terms = [new("色情", Severity.Medium), new("裸聊", Severity.Medium), new("约炮", Severity.Medium)] };
        var rules = new Scanner.Core.Rules.RuleSet([pack], Scanner.Core.Rules.LinkPolicy.Empty);
        var finding = Assert.Single(new KeywordAnalyzer().Analyze(Page([Block("色情 裸聊 约炮")]), rules));
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void Anchor_text_of_external_links_is_left_to_the_link_rules()
    {
        var findings = Analyze(Page([Block("百家乐", linkHref: "https://casino.example/")]));
        Assert.Empty(findings);
    }

    [Fact]
    public void Anchor_text_of_same_site_links_is_checked()
    {
        var finding = Assert.Single(Analyze(Page([Block("百家乐", linkHref: "https://www.yongzhou.gov.cn/spam/1.html")])));
        Assert.Equal("keyword.gambling", finding.RuleId);
    }

    [Fact]
    public void The_title_is_checked()
    {
        var finding = Assert.Single(Analyze(Page(title: "婷婷五月 - 首页")));
        Assert.Equal("title", finding.Selector);
    }

    [Fact]
    public void Fingerprints_ignore_position_and_unrelated_text()
    {
        var a = Assert.Single(Analyze(Page([Block("今天 百家乐", selector: "div:nth-of-type(2) > p")])));
        var b = Assert.Single(Analyze(Page([Block("新的一天，百家乐", selector: "div:nth-of-type(9) > p")])));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        var c = Assert.Single(Analyze(Page([Block("无码视频")])));
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }

    [Fact]
    public void Clean_text_gives_nothing()
    {
        Assert.Empty(Analyze(Page([Block("全市教育大会召开，打造特色教育，成绩出色")])));
    }

    [Fact]
    public void Padding_never_lowers_a_block_hidden_on_purpose_but_a_long_visible_list_is_medium()
    {
        var list = string.Join(" ", Enumerable.Range(0, 300).Select(i => $"热门搜索词{i}")) + " 百家乐 无码视频 婷婷五月 av一区";
        var hidden = Analyze(Page([new TextBlock("p", "p", list, Visibility.HiddenBecause("off-screen"), default)]));
        Assert.All(hidden, f => Assert.Equal(Severity.Critical, f.Severity));
        var visible = Analyze(Page([Block(list)]));
        Assert.All(visible, f => Assert.Equal(Severity.Medium, f.Severity));
        Assert.Contains(visible, f => f.Reasons.Any(r => r.Contains("a keyword list that contains them")));
    }

    [Fact]
    public void A_dense_hidden_spam_block_stays_critical()
    {
        var finding = Assert.Single(Analyze(Page([Block("无码视频 婷婷五月 av一区 " + new string('。', 10), hidden: true)])));
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void A_hidden_block_of_padding_around_one_dense_spam_run_is_not_a_sparse_list()
    {
        var menu = string.Concat(Enumerable.Repeat("网站首页 新闻动态 通知公告 政策解读 信息公开 便民服务 互动交流 ", 30));
        var padded = Analyze(Page([new TextBlock("div", "div", menu + "无码视频,婷婷五月综合,av一区二区",
            Visibility.HiddenBecause("display-none"), default)]));
        Assert.Contains(padded, f => f.Severity == Severity.Critical);
        Assert.DoesNotContain(padded, f => f.Reasons.Any(r => r.Contains("a keyword list that contains them")));
        // The same terms scattered through the padding are a list that contains them.
        var words = menu.Split(' ');
        var scattered = string.Join(" ", words.Select((w, i) => i % 60 == 30 ? w + " " + new[] { "无码视频", "婷婷五月", "av一区" }[i / 60 % 3] : w));
        var list = Analyze(Page([new TextBlock("div", "div", scattered, Visibility.HiddenBecause("display-none"), default)]));
        Assert.Contains(list, f => f.Reasons.Any(r => r.Contains("a keyword list that contains them")));
    }
}
