using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>page.doorway on hand-built snapshots, weights from a detector-settings file; and its file format.</summary>
public sealed class DoorwayPageAnalyzerTests
{
    private const string Settings = """
        kind: detector-settings
        doorway:
          weights: { title: 2, headings: 1.5, body: 2, diversity: 1, categories: 0.5, anchors: 1, url: 0.5, contact: 0.5 }
          saturation: { titleTerms: 2, distinctTerms: 10, categories: 2 }
          minimumDistinctTerms: 4
          thresholds: { medium: 2, high: 3, critical: 4 }
          enforcement:
            weight: 1
            words: [警方, 打击, 法院]
        """;

    private static readonly KeywordPack Docs = new()
    {
        Id = "fake-docs", Category = "fake-docs", Severity = Severity.High, SourceFile = "fake-docs.yaml",
        Terms = [new("代开发票"), new("办证"), new("刻章"), new("假证")],
    };

    private static RuleSet Rules(string settings = Settings) =>
        new([Porn, Gambling, Docs], LinkPolicy.Empty) { Detectors = RuleFileParser.Parse(settings, "detectors.yaml").Detectors! };

    private static TextBlock H(string tag, string text) => new(tag, tag, text, Visibility.Visible, default);

    private static PageSnapshot Doorway(string url = PageUrl) => Page(
        blocks:
        [
            H("h1", "代开发票 办证 刻章"),
            H("h2", "百家乐在线"),
            Block("专业办证，刻章，代开发票，假证制作，联系QQ：28734561"),
            Block("随着经济社会的快速发展，人们的生活水平不断提高。"),
            Block("无码视频 婷婷五月 百家乐"),
        ],
        links: [Link("/m.php?123/456.html", "代开发票"), Link("/m.php?124/457.html", "办证"), Link("/", "首页")],
        title: "代开发票_办证_永州市人民政府") with { RequestedUrl = url, FinalUrl = url };

    [Fact]
    public void A_page_that_is_spam_from_title_to_text_is_critical_and_says_which_signals_fired()
    {
        var finding = Assert.Single(new DoorwayPageAnalyzer().Analyze(Doorway("https://www.example.gov.cn/xx.php?abc/123.html"), Rules()));

        Assert.Equal("page.doorway", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("fake-docs", finding.Category);
        Assert.Null(finding.Selector);
        Assert.StartsWith("page score ", finding.Reasons[0]);
        Assert.Contains(finding.Reasons, r => r.StartsWith("title 1 × 2: 2 term(s)"));
        Assert.Contains(finding.Reasons, r => r.StartsWith("headings 1 × 1.5: 2 of 2 h1–h3"));
        Assert.Contains(finding.Reasons, r => r.StartsWith("url 1 × 0.5: the URL has a path in the query (?abc/123.html)"));
        Assert.Contains(finding.Reasons, r => r.StartsWith("contact 1 × 0.5") && r.Contains("QQ：28734561"));
        Assert.Contains(finding.Reasons, r => r.StartsWith("categories 1 × 0.5: 3 categories: fake-docs, gambling, porn"));
    }

    [Fact]
    public void The_weights_are_data_a_higher_threshold_lowers_the_verdict()
    {
        var strict = Settings.Replace("critical: 4 }", "critical: 40 }").Replace("high: 3,", "high: 30,");
        Assert.Equal(Severity.Medium, Assert.Single(new DoorwayPageAnalyzer().Analyze(Doorway(), Rules(strict))).Severity);
        Assert.Empty(new DoorwayPageAnalyzer().Analyze(Doorway(), new RuleSet([Porn, Gambling, Docs], LinkPolicy.Empty)));
    }

    [Fact]
    public void A_crackdown_story_that_names_the_games_is_not_a_doorway()
    {
        var news = Page(
            blocks:
            [
                H("h1", "警方打击百家乐赌博 查获代开发票团伙"),
                Block("警方近日破获一起利用百家乐网站开设赌场案，同时查获代开发票、办证刻章的犯罪团伙。"),
                Block("法院依法判处被告人有期徒刑三年。警方提醒，无码视频网站多为诈骗。"),
            ],
            title: "警方打击百家乐赌博 查获代开发票团伙");
        Assert.Empty(new DoorwayPageAnalyzer().Analyze(news, Rules()));
    }

    [Fact]
    public void A_spam_block_on_a_page_whose_title_and_headings_are_clean_is_left_to_the_block_rules()
    {
        var injected = Page(blocks: [H("h1", "全市教育大会召开"), Block("代开发票 办证 刻章 百家乐 无码视频", hidden: true)], title: "全市教育大会召开");
        Assert.Empty(new DoorwayPageAnalyzer().Analyze(injected, Rules()));
    }

    [Theory]
    [InlineData("https://x.gov.cn/xx.php?abc/123.html", true)]
    [InlineData("https://x.gov.cn/news.asp?news-AbC12", true)]
    [InlineData("https://x.gov.cn/m.php?36032/67535.html", true)]
    [InlineData("https://x.gov.cn/m/36032/67535.html", true)]
    [InlineData("https://x.gov.cn/art/2024/5/12/art_123_456.html", false)]
    [InlineData("https://x.gov.cn/20240512/123456.html", false)]
    [InlineData("https://x.gov.cn/news.asp?id=123", false)]
    [InlineData("https://x.gov.cn/search?q=news-report", false)]
    public void Generated_looking_urls(string url, bool generated) =>
        Assert.Equal(generated, UrlShape.GeneratedLooking(url) is not null);

    [Theory]
    [InlineData("kind: detector-settings\ndoorway:\n  weights: { title: 2, bogus: 1 }\n", 3, "unknown key 'bogus'")]
    [InlineData("kind: detector-settings\ndoorway:\n  weights: { title: -2 }\n", 3, "a weight must be a number of 0 or more")]
    [InlineData("kind: detector-settings\ndoorway:\n  weights: { title: 2 }\n  saturation: { titleTerms: 2, distinctTerms: 10, categories: 2 }\n  minimumDistinctTerms: 4\n  thresholds: { medium: 1, high: 3, critical: 4 }\n  enforcement: { weight: 3, words: [x] }\n", 7, "'weight' must be from 0 to 1")]
    [InlineData("kind: detector-settings\ndoorway:\n  weights: { title: 2 }\n  saturation: { titleTerms: 2, distinctTerms: 10, categories: 2 }\n  minimumDistinctTerms: 4\n  thresholds: { medium: 5, high: 3, critical: 4 }\n", 6, "thresholds must rise")]
    public void A_bad_settings_file_names_its_line(string yaml, int line, string problem)
    {
        var e = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse(yaml, "detectors.yaml"));
        Assert.Contains($"detectors.yaml:{line}:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void The_shipped_settings_load()
    {
        var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [RepoRules()] });
        var doorway = Assert.IsType<DoorwaySettings>(rules.Detectors.Doorway);
        Assert.True(doorway.CriticalScore > doorway.HighScore && doorway.HighScore > doorway.MediumScore);
        Assert.Equal(DoorwaySettings.SignalNames.Order(), doorway.Weights.Keys.Order());
    }

    private static string RepoRules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine(dir.FullName, "rules");
        throw new InvalidOperationException("no Scanner.sln above " + AppContext.BaseDirectory);
    }

    // ---- title.rewritten read from the code (the static engine runs no scripts) ----

    [Theory]
    [InlineData("document.title=\"永州市人民政府\";")]
    [InlineData("var t='永州市人民政府';if(document.title!=t){document.title=t;}")]
    [InlineData("setTimeout(function(){document.title = '永州市人民政府'},10)")]
    public void A_spam_title_that_a_script_restores_is_critical_without_running_the_script(string code)
    {
        var page = Page(title: "澳门百家乐_无码视频") with { RawTitle = "澳门百家乐_无码视频", Scripts = [new PageScript(null, code, "head > script")] };
        var finding = Assert.Single(new TitleHijackAnalyzer().Analyze(page, RuleSetWith()));
        Assert.Equal(TitleHijackAnalyzer.RewrittenRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("永州市人民政府") && r.Contains("read from the code"));
    }

    [Fact]
    public void A_script_that_sets_a_clean_title_on_a_clean_page_is_nothing()
    {
        var page = Page(title: "永州市人民政府") with { RawTitle = "永州市人民政府", Scripts = [new PageScript(null, "document.title='(1) 永州市人民政府'", "script")] };
        Assert.Empty(new TitleHijackAnalyzer().Analyze(page, RuleSetWith()));
    }
}
