using Scanner.Core.Model;
using Scanner.Core.Text;

namespace Scanner.Core.Rules;

/// <summary>What a keyword match carries back to the analyzers: which pack and which term fired.</summary>
public sealed record KeywordHit(KeywordPack Pack, KeywordTerm Term)
{
    public Severity Severity => Term.Severity ?? Pack.Severity;
}

/// <summary>All loaded rules, with one matcher built once for every keyword of every pack. A pack's allow-list
/// applies to its own keywords only: the pack is the allow scope of its keywords and of its allow terms.</summary>
public sealed class RuleSet
{
    public RuleSet(IReadOnlyList<KeywordPack> packs, LinkPolicy linkPolicy, IReadOnlyList<string>? realWords = null)
    {
        Packs = packs;
        LinkPolicy = linkPolicy;
        RealWords = realWords ?? [];
        WordBoundaries = new ChineseWordBoundaries(RealWords);
        Matcher = new KeywordMatcher(
            packs.SelectMany(pack => pack.Terms.Select(term =>
                new KeywordDefinition(term.Term, new KeywordHit(pack, term)) { RequiredContext = term.Context, AllowScope = pack })),
            packs.SelectMany(pack => pack.Allow.Distinct().Select(allow => new AllowTerm(allow, pack))));
    }

    public IReadOnlyList<KeywordPack> Packs { get; }
    public LinkPolicy LinkPolicy { get; }
    public KeywordMatcher Matcher { get; }
    /// <summary>Words a two-character hit must not cut through (<c>kind: words</c> files).</summary>
    public IReadOnlyList<string> RealWords { get; }
    public ChineseWordBoundaries WordBoundaries { get; }

    public static RuleSet Empty { get; } = new([], LinkPolicy.Empty);

    /// <summary>Keyword matches in <paramref name="text"/>, each with the pack and term that fired. A two-character
    /// hit that a real word cuts through (禄口交警 holds 口交) is left out.</summary>
    public IEnumerable<(KeywordMatch Match, KeywordHit Hit)> FindKeywords(string text) =>
        Matcher.FindAll(text)
            .Where(m => !ChineseWordBoundaries.Applies(text, m.Start, m.Length) || !WordBoundaries.CutsThroughWords(text, m.Start, m.Length))
            .Select(m => (m, (KeywordHit)m.Keyword.Payload!));
}
