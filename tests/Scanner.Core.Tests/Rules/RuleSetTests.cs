using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Rules;

public sealed class RuleSetTests
{
    private static KeywordPack Pack(string id, string[] terms, string[] allow) => new()
    {
        Id = id,
        Category = id,
        Severity = Severity.High,
        Terms = terms.Select(t => new KeywordTerm(t)).ToArray(),
        Allow = allow,
        SourceFile = id + ".yaml",
    };

    [Fact]
    public void A_packs_allow_list_does_not_hide_another_packs_keywords()
    {
        // The gambling pack lets a crackdown notice say 打击赌博色情; that must not silence the porn pack's 色情.
        var gambling = Pack("gambling", ["赌博"], ["打击赌博色情"]);
        var porn = Pack("porn", ["色情"], []);
        var rules = new RuleSet([gambling, porn], LinkPolicy.Empty);

        var fired = rules.FindKeywords("严厉打击赌博色情活动").Select(k => k.Hit.Pack.Id).ToArray();

        Assert.Equal(["porn"], fired);
    }

    [Fact]
    public void A_packs_allow_list_still_hides_its_own_keywords_when_another_pack_lists_the_same_term()
    {
        var gambling = Pack("gambling", ["赌博"], ["打击赌博"]);
        var crime = Pack("crime", ["赌博"], []);
        var rules = new RuleSet([gambling, crime], LinkPolicy.Empty);

        var fired = rules.FindKeywords("坚决打击赌博").Select(k => k.Hit.Pack.Id).ToArray();

        Assert.Equal(["crime"], fired);
    }
}
