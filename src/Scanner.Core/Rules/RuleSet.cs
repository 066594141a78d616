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
    /// <c>near</c> words occurs (in <paramref name="story"/>, the text around it, when given) and none of its
    /// <c>unless</c> words occurs in the text itself (spam corroboration: 开户, 网址, 注册送; a hospital's 联系电话 in the
    /// next paragraph corroborates nothing). Null when none holds. The caller still checks what the text alone cannot
    /// tell (hidden, links, how many terms).
    /// </summary>
    public (ReportingContext Context, IReadOnlyList<string> Near)? ReportingContextOf(KeywordPack pack, string text, string? story = null)
    {
        if (pack.Contexts.Count == 0) return null;
        var own = ContextWords(text);
        var around = story is null ? own : ContextWords(story);
        foreach (var context in pack.Contexts)
        {
            // Corroboration spaced out (加 微 信) counts; read across quotes or sentences it does not: "官网" in
            // "荷官”“网上" is two quoted names, not a sign-up call. Nor does it count inside quotation marks: a warning
            // quotes what the ads promise (宣称“无需处方”“货到付款”); an ad says it.
            if (own.Any(w => w.Word.Context == context && w.Word.Unless && w.Text.IndexOfAny(QuotesAndStops) < 0
                             && !Analyzers.QuotedMentions.Quoted(text, w.Start, w.Text.Length))) continue;
            var near = around.Where(w => w.Word.Context == context && !w.Word.Unless).Select(w => w.Text).Distinct().ToArray();
            if (near.Length > 0) return (context, near);
        }
        return null;
    }

    private List<(ContextWord Word, string Text, int Start)> ContextWords(string text) =>
        ContextMatcher.FindAll(text).Select(m => ((ContextWord)m.Keyword.Payload!, m.Evidence(text), m.Start)).ToList();

    public static RuleSet Empty { get; } = new([], LinkPolicy.Empty);

    /// <summary>Keyword matches in <paramref name="text"/>, each with the pack and term that fired. A two-character
    /// hit that a real word cuts through (禄口交警 holds 口交), or a longer one that a listed real word cuts through
    /// (三级片区 holds 三级片), is left out.</summary>
    public IEnumerable<(KeywordMatch Match, KeywordHit Hit)> FindKeywords(string text) =>
        Matcher.FindAll(text)
            .Where(m => ChineseWordBoundaries.Applies(text, m.Start, m.Length) ? !WordBoundaries.CutsThroughWords(text, m.Start, m.Length)
                : !ChineseWordBoundaries.AppliesToListedWords(text, m.Start, m.Length) || !WordBoundaries.CutsThroughListedWords(text, m.Start, m.Length))
            .Select(m => (m, (KeywordHit)m.Keyword.Payload!));
}
