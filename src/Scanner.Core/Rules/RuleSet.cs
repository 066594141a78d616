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
    public RuleSet(IReadOnlyList<KeywordPack> packs, LinkPolicy linkPolicy)
    {
        Packs = packs;
        LinkPolicy = linkPolicy;
        Matcher = new KeywordMatcher(
            packs.SelectMany(pack => pack.Terms.Select(term =>
                new KeywordDefinition(term.Term, new KeywordHit(pack, term)) { RequiredContext = term.Context, AllowScope = pack })),
            packs.SelectMany(pack => pack.Allow.Distinct().Select(allow => new AllowTerm(allow, pack))));
    }

    public IReadOnlyList<KeywordPack> Packs { get; }
    public LinkPolicy LinkPolicy { get; }
    public KeywordMatcher Matcher { get; }
    /// <summary>Weights and thresholds of the page-level detectors (rules/detectors.yaml); none without that file.</summary>
    public DetectorSettings Detectors { get; init; } = DetectorSettings.None;

    public static RuleSet Empty { get; } = new([], LinkPolicy.Empty);

    /// <summary>Keyword matches in <paramref name="text"/>, each with the pack and term that fired.</summary>
    public IEnumerable<(KeywordMatch Match, KeywordHit Hit)> FindKeywords(string text) =>
        Matcher.FindAll(text).Select(m => (m, (KeywordHit)m.Keyword.Payload!));
}
