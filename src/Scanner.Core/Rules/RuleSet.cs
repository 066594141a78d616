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
    /// <summary>What loading left out that the user should hear of (single-character terms of a word list), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public RuleSet(IReadOnlyList<KeywordPack> packs, LinkPolicy linkPolicy, IReadOnlyList<string>? realWords = null)
    {
        Packs = packs;
        LinkPolicy = linkPolicy;
        RealWords = realWords ?? [];
        WordBoundaries = new ChineseWordBoundaries(RealWords);
        if (packs.Any(pack => pack.Terms.Any(term => term.Term.Length == 2 && ChineseWordBoundaries.Applies(term.Term, 0, 2))))
            ChineseWordBoundaries.Prefetch(); // their hits will need jieba's dictionary: read it while the scan starts
        // The words of every reporting context, in a matcher of their own: it runs only on text that already holds a
        // hit of a pack with contexts.
        ContextMatcher = new KeywordMatcher(packs.SelectMany(pack => pack.Contexts.SelectMany(context =>
            context.Near.Select(w => new KeywordDefinition(w, new ContextWord(context, false)))
                .Concat(context.Unless.Select(w => new KeywordDefinition(w, new ContextWord(context, true)))))));
        var matcherClock = System.Diagnostics.Stopwatch.StartNew();
        Matcher = new KeywordMatcher(
            packs.SelectMany(pack => pack.Terms.Select(term =>
                new KeywordDefinition(term.Term, new KeywordHit(pack, term)) { RequiredContext = term.Context, AllowScope = pack })),
            packs.SelectMany(pack => pack.Allow.Distinct().Select(allow => new AllowTerm(allow, pack))));
        MatcherBuildTime = matcherClock.Elapsed;
    }

    /// <summary>How long building <see cref="Matcher"/> took (the start-up breakdown of <c>scan -v</c>).</summary>
    public TimeSpan MatcherBuildTime { get; }

    public IReadOnlyList<KeywordPack> Packs { get; }
    public LinkPolicy LinkPolicy { get; }
    public KeywordMatcher Matcher { get; }
    /// <summary>Weights and thresholds of the page-level detectors (rules/detectors.yaml); none without that file.</summary>
    public DetectorSettings Detectors { get; init; } = DetectorSettings.None;

    /// <summary>Words a two-character hit must not cut through (<c>kind: words</c> files).</summary>
    public IReadOnlyList<string> RealWords { get; }
    public ChineseWordBoundaries WordBoundaries { get; }
    private KeywordMatcher ContextMatcher { get; }

    private static readonly char[] QuotesAndStops = ['"', '\'', '“', '”', '‘', '’', '「', '」', '『', '』', '。', '，', '、', '；'];

    private sealed record ContextWord(ReportingContext Context, bool Unless);

    /// <summary>
    /// The first reporting context of <paramref name="pack"/> that <paramref name="text"/> is in: one of its
    /// <c>near</c> words occurs and none of its <c>unless</c> words (spam corroboration: 开户, 网址, 注册送). Null
    /// when none holds. The caller still checks what the text alone cannot tell (hidden, links, how many terms).
    /// </summary>
    public (ReportingContext Context, IReadOnlyList<string> Near)? ReportingContextOf(KeywordPack pack, string text)
    {
        if (pack.Contexts.Count == 0) return null;
        var words = ContextMatcher.FindAll(text)
            .Select(m => (Word: (ContextWord)m.Keyword.Payload!, Text: m.Evidence(text))).ToList();
        foreach (var context in pack.Contexts)
        {
            var mine = words.Where(w => w.Word.Context == context).ToList();
            // Corroboration spaced out (加 微 信) counts; read across quotes or sentences it does not: "官网" in
            // "荷官”“网上" is two quoted names, not a sign-up call.
            if (mine.Any(w => w.Word.Unless && w.Text.IndexOfAny(QuotesAndStops) < 0)) continue;
            var near = mine.Select(w => w.Text).Distinct().ToArray();
            if (near.Length > 0) return (context, near);
        }
        return null;
    }

    public static RuleSet Empty { get; } = new([], LinkPolicy.Empty);

    /// <summary>Keyword matches in <paramref name="text"/>, each with the pack and term that fired. A two-character
    /// hit that a real word cuts through (禄口交警 holds 口交) is left out.</summary>
    public IEnumerable<(KeywordMatch Match, KeywordHit Hit)> FindKeywords(string text) =>
        Matcher.FindAll(text)
            .Where(m => !ChineseWordBoundaries.Applies(text, m.Start, m.Length) || !WordBoundaries.CutsThroughWords(text, m.Start, m.Length))
            .Select(m => (m, (KeywordHit)m.Keyword.Payload!));
}
