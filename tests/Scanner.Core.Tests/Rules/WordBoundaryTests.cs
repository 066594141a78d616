using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.Core.Text;

namespace Scanner.Core.Tests.Rules;

/// <summary>Two-character hits that sit across a word boundary (禄口|交警) are not the spam word.</summary>
public sealed class WordBoundaryTests
{
    private static RuleSet Rules(string[] terms, string[]? realWords = null) => new(
        [new KeywordPack
        {
            Id = "porn", Category = "porn", Severity = Severity.High,
            Terms = terms.Select(t => new KeywordTerm(t)).ToArray(), SourceFile = "porn.yaml",
        }],
        LinkPolicy.Empty, realWords);

    private static string[] Found(RuleSet rules, string text) =>
        rules.FindKeywords(text).Select(k => k.Match.Evidence(text)).ToArray();

    [Theory]
    [InlineData("禄口交警大队开展道路交通安全宣传进社区活动")]   // 禄口|交警
    [InlineData("南京禄口交警提醒：雨天路滑请减速慢行")]
    [InlineData("港口交通秩序良好")]                          // 港口|交通
    [InlineData("我国进出口交易会顺利闭幕")]                  // 出口|交易
    [InlineData("祿口交警大隊")]                              // traditional characters
    public void Koujiao_across_a_word_boundary_is_not_the_porn_word(string text)
    {
        Assert.Empty(Found(Rules(["口交"]), text));
    }

    [Theory]
    [InlineData("成熟女性更懂得生活", "熟女")]     // 成熟|女性
    [InlineData("具有地方特色情况良好", "色情")]   // 特色|情况 without the full stop
    [InlineData("人口爆炸带来的挑战", "口爆")]     // 人口|爆炸
    public void Other_spam_bigrams_across_word_boundaries_stay_quiet(string text, string term)
    {
        Assert.Empty(Found(Rules([term], ["人口"]), text));
    }

    [Theory]
    [InlineData("免费口交视频在线观看", "口交")]
    [InlineData("口交", "口交")]                   // alone
    [InlineData("看口交", "口交")]
    [InlineData("日本熟女无码", "熟女")]
    [InlineData("打开色情网站", "色情")]
    [InlineData("口-交视频", "口-交")]               // written apart on purpose: no segmentation check
    public void The_spam_word_itself_still_matches(string text, string evidence)
    {
        Assert.Equal([evidence], Found(Rules(["口交", "熟女", "色情"]), text));
    }

    [Fact]
    public void A_real_word_from_the_rules_cuts_a_hit_that_the_dictionary_alone_does_not()
    {
        // 夹口 is no word jieba knows; a site's own place name in a words file is enough.
        const string text = "夹口交警中队";
        Assert.Empty(Found(Rules(["口交"], ["夹口"]), text));
    }

    [Fact]
    public void Only_two_side_by_side_Han_characters_are_checked()
    {
        Assert.True(ChineseWordBoundaries.Applies("禄口交警", 1, 2));
        Assert.False(ChineseWordBoundaries.Applies("口-交", 0, 3));
        Assert.False(ChineseWordBoundaries.Applies("看av了", 1, 2));
    }

    [Fact]
    public void The_shipped_real_words_file_loads_and_is_used()
    {
        var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.Combine(AppContext.BaseDirectory, "rules")] });
        Assert.Contains("禄口", rules.RealWords);
        Assert.Empty(rules.FindKeywords("禄口交警大队"));
        Assert.NotEmpty(rules.FindKeywords("免费口交视频"));
    }
}
