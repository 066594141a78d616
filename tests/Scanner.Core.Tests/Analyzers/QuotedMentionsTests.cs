using Scanner.Core.Analyzers;

namespace Scanner.Core.Tests.Analyzers;

public sealed class QuotedMentionsTests
{
    private static IEnumerable<(int, int)> Mentions(string text, params string[] terms) =>
        terms.SelectMany(t => AllIndexes(text, t).Select(i => (i, t.Length)));

    private static IEnumerable<int> AllIndexes(string text, string term)
    {
        for (var i = text.IndexOf(term, StringComparison.Ordinal); i >= 0; i = text.IndexOf(term, i + 1, StringComparison.Ordinal)) yield return i;
    }

    [Fact]
    public void A_story_that_quotes_the_scams_it_names_is_quoted_prose()
    {
        const string story = "该团伙通过微信群发布\"时时彩\"\"北京赛车\"等链接，诱骗群众充值。警方提醒，所谓“澳门赌场”均为诈骗陷阱，切勿轻信。";
        Assert.True(QuotedMentions.QuotedProse(story, Mentions(story, "时时彩", "北京赛车", "澳门赌场")));
    }

    [Fact]
    public void Bare_offers_or_a_single_line_are_not()
    {
        const string ad = "澳门赌场官网，时时彩开户。北京赛车注册送彩金，\"信誉\"第一。";
        Assert.False(QuotedMentions.QuotedProse(ad, Mentions(ad, "时时彩", "北京赛车", "澳门赌场")));
        const string list = "\"时时彩\"\"北京赛车\"\"澳门赌场\"";
        Assert.False(QuotedMentions.QuotedProse(list, Mentions(list, "时时彩", "北京赛车", "澳门赌场")));
    }
}
