using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.Core.Text;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>keyword.{pack}</c>: terms of a denied category in the page's text or title.
/// One finding per text block and pack; its severity rises with corroborating signals (hidden, many terms).
/// Anchor texts of external links are left to <see cref="LinkPolicyAnalyzer"/>, which reports them as spam links.
/// </summary>
public sealed class KeywordAnalyzer : IPageAnalyzer
{
    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => rules.Packs.Select(RuleCatalogue.Keyword);

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var title = page.RenderedTitle ?? page.RawTitle;
        if (!string.IsNullOrWhiteSpace(title))
        {
            var titleBlock = new TextBlock("title", "title", title, Visibility.Visible, default);
            foreach (var finding in AnalyzeBlock(page, titleBlock, TitleIndex, rules, "in the page title")) yield return finding;
        }
        for (var at = 0; at < page.TextBlocks.Count; at++)
        {
            var block = page.TextBlocks[at];
            if (block.LinkHref is { } href && SiteDomain.IsExternal(href, page.EffectiveUrl)) continue;
            foreach (var finding in AnalyzeBlock(page, block, at, rules, null)) yield return finding;
        }
    }

    /// <summary>The title's place among the blocks: it is none of them.</summary>
    private const int TitleIndex = -1;

    /// <param name="at">The block's index in <see cref="PageSnapshot.TextBlocks"/>, or <see cref="TitleIndex"/>.</param>
    private static IEnumerable<Finding> AnalyzeBlock(PageSnapshot page, TextBlock block, int at, RuleSet rules, string? where)
    {
        var byPack = rules.FindKeywords(block.Text).GroupBy(h => h.Hit.Pack);
        foreach (var group in byPack)
        {
            var hits = group.ToList();
            var terms = hits.Select(h => NormalizedTerm(h.Match)).Distinct().Order(StringComparer.Ordinal).ToList();
            var severity = hits.Max(h => h.Hit.Severity);
            var reasons = new List<string>
            {
                $"{terms.Count} term(s) of category '{group.Key.Category}'{(where is null ? "" : " " + where)}: "
                + string.Join(", ", hits.Select(h => Quote(h.Match, block.Text)).Distinct()),
            };
            var share = (double)hits.Select(h => (h.Match.Start, h.Match.Length)).Distinct().Sum(m => m.Length) / block.Text.Length;
            // Padding does not excuse hiding on purpose (off-screen, 1-px, colour tricks): the sparse-hit rule is for text
            // a visitor can see or open (a collapsed "hot searches" list of thousands of queries on a clean page).
            // A hidden block of padding around one dense run of spam (a copied menu, then "澳门新葡京娱乐场官网,网上赌场首存送
            // 100%…") is not sparse: the sparse rule is for terms scattered through a long list, or a list a visitor sees.
            // The lengths and shares: keywords in rules/detectors.yaml.
            var spamBlockTerms = rules.Detectors.Get(KeywordSettings.SpamBlockTerms);
            var sparse = !Signals.IsDeliberate(block.Visibility) && block.Text.Length >= rules.Detectors.Get(KeywordSettings.SparseMinimumLength)
                && share < rules.Detectors.Get(KeywordSettings.SparseShare)
                && !(block.Visibility.Hidden && terms.Count >= spamBlockTerms && Clustered(hits.Select(h => (h.Match.Start, h.Match.Length)), rules.Detectors.Get(KeywordSettings.ClusterShare)));
            if (terms.Count >= spamBlockTerms && !sparse)
            {
                reasons.Add($"{terms.Count} distinct spam terms in one block");
                severity = Max(severity, Severity.High);
            }
            if (!block.Visibility.Hidden && ReportingCap(page, block, at, rules, group.Key, terms.Count, hits.Select(h => (h.Match.Start, h.Match.Length))) is { } cap && severity > cap.Severity)
            {
                reasons.Add(cap.Reason);
                severity = cap.Severity;
            }
            if (block.Visibility.Hidden && RevealableReport(page, block, rules, group.Key, terms.Count, severity) is { } report)
            {
                // A closed tab or accordion of a school's notices ("警惕“校园贷”陷阱"): the page can open it, and its own
                // words report. An injected block says neither, so it stays critical below.
                reasons.Add("hidden from visitors: " + string.Join(", ", block.Visibility.Reasons));
                reasons.Add(report);
                severity = Min(severity, Severity.Medium);
            }
            else if (block.Visibility.Hidden)
            {
                reasons.Add("hidden from visitors: " + string.Join(", ", block.Visibility.Reasons));
                severity = Severity.Critical;
            }
            if (!block.Visibility.Hidden && terms.Count <= 2 && IsOwnSiteHeadline(page, block, QuotedMentions.Covered(hits.Select(h => (h.Match.Start, h.Match.Length)).Distinct().ToList())))
            {
                reasons.Add("a visible headline that links to the page's own site and mentions the term in a sentence: news about it, not an injection; a person should look");
                severity = Min(severity, Severity.Medium);
            }
            if (!block.Visibility.Hidden && block.Tag is "code" or "pre" or "kbd" or "samp")
            {
                reasons.Add($"inside <{block.Tag}>: a code sample that shows the text (a security write-up quoting an injection), not text offered to readers; a person should look");
                severity = Min(severity, Severity.Medium);
            }
            if (sparse)
            {
                reasons.Add($"the terms are {share:P1} of a {block.Text.Length}-character block: a keyword list that contains them rather than injected spam; a person should look");
                severity = Min(severity, Severity.Medium);
            }
            var first = hits.Min(h => h.Match.Start);
            var last = hits.Max(h => h.Match.Start + h.Match.Length);
            var lastStart = hits.Max(h => h.Match.Start);
            yield return new Finding
            {
                RuleId = group.Key.RuleId,
                Title = $"Spam terms ({group.Key.Category})",
                Severity = severity,
                Category = group.Key.Category,
                Url = page.EffectiveUrl,
                Selector = block.Selector,
                Hidden = block.Visibility.Hidden,
                HiddenReasons = block.Visibility.Reasons,
                Evidence = EvidenceText.Window(block.Text, first, last, lastStart),
                MatchedTerm = string.Join(", ", terms),
                Reasons = reasons,
                Fingerprint = Fingerprint.Of(group.Key.RuleId, Fingerprint.PageKey(page.EffectiveUrl), string.Join("|", terms), block.Visibility.Hidden ? "hidden" : "visible"),
            };
        }
    }

    /// <summary>All the mentions lie in one stretch of the block in which they are at least <paramref name="share"/> of the text.</summary>
    private static bool Clustered(IEnumerable<(int Start, int Length)> mentions, double share)
    {
        var all = mentions.Distinct().ToList();
        var from = all.Min(m => m.Start);
        var to = all.Max(m => m.Start + m.Length);
        var covered = new bool[to - from];
        foreach (var (start, length) in all) Array.Fill(covered, true, start - from, length);
        return covered.Count(c => c) >= share * covered.Length;
    }

    /// <summary>
    /// Anchor text of a link to the page's own site that reads as a sentence (the term is under a quarter of it):
    /// a news headline ("Police bust online porn ring"). Injected links to doorway pages on the hacked host are bare
    /// spam phrases, and several terms in one block never count.
    /// </summary>
    private static bool IsOwnSiteHeadline(PageSnapshot page, TextBlock block, int termLength) =>
        LinksToOwnSite(page, block) && block.Text.Length >= 12 && termLength * 4 <= block.Text.Length;

    /// <summary>The block is the text of an http(s) link to the page's own site.</summary>
    private static bool LinksToOwnSite(PageSnapshot page, TextBlock block) =>
        block.LinkHref is { } href && SiteDomain.HttpHost(href) is not null && !SiteDomain.IsExternal(href, page.EffectiveUrl);

    /// <summary>
    /// A visible mention in a reporting context of the pack (a crackdown story, a lottery draw: rules/*.yaml, the
    /// <c>allow</c> entries with <c>near:</c>), read in its block or its story (<see cref="ReportingStory"/>), is capped,
    /// unless something corroborates spam: one of the context's <c>unless</c> words said in the block, more distinct
    /// terms than a story names (unless it tells about them in sentences: <see cref="QuotedMentions.ToldAbout"/>), or
    /// links from the block to unrelated sites.
    /// </summary>
    private static (Severity Severity, string Reason)? ReportingCap(PageSnapshot page, TextBlock block, int at, RuleSet rules, KeywordPack pack,
        int distinctTerms, IEnumerable<(int Start, int Length)> mentions)
    {
        var story = at == TitleIndex ? ReportingStory.OfTitle(page, block.Text) : ReportingStory.Around(page, at);
        if (rules.ReportingContextOf(pack, block.Text, story is null ? null : block.Text + "。\n" + story) is not { } reporting) return null;
        if (distinctTerms > reporting.Context.MaxTerms && !QuotedMentions.ToldAbout(block.Text, mentions)) return null;
        if (LinksToUnrelatedSites(page, block, rules)) return null;
        var near = string.Join(", ", reporting.Near.Take(4).Select(w => $"\"{w}\""));
        return (reporting.Context.Cap, $"reporting, not advertising: {near} in the same visible story, no spam corroboration " +
            $"(allow context of {Path.GetFileName(reporting.Context.Source)}): at most {SeverityNames.ToWord(reporting.Context.Cap)}");
    }

    /// <summary>
    /// Hidden text that the page itself can show (a tab, an accordion: <see cref="Loading.RevealSignals"/>), with no links
    /// to unrelated sites, whose own words are a reporting context of the pack (with few terms), or that names one word
    /// that alone is only medium in a headline of the site's own pages or in a sentence (a school's "网络安全：不浏览色情
    /// 暴力网站" tab): the reason, else null. An injected block names several terms, terms that are spam by themselves,
    /// or keywords without a sentence.
    /// </summary>
    /// <param name="termsSeverity">The block's severity from its terms (before hiding counts).</param>
    private static string? RevealableReport(PageSnapshot page, TextBlock block, RuleSet rules, KeywordPack pack, int distinctTerms, Severity termsSeverity)
    {
        if (!block.Visibility.Reasons.Any(r => r.Contains(Loading.RevealSignals.RevealableReason, StringComparison.Ordinal))
            && (ServedSource.IsSource(page) || !ServedSource.RevealableTexts(page, rules.Detectors).Contains(block.Text))) return null;
        if (LinksToUnrelatedSites(page, block, rules)) return null;
        if (rules.ReportingContextOf(pack, block.Text) is { } reporting && distinctTerms <= reporting.Context.MaxTerms)
            return $"the page can show it ({Loading.RevealSignals.RevealableReason}) and its own words report: " +
                $"{string.Join(", ", reporting.Near.Take(3).Select(w => $"\"{w}\""))}; at most medium";
        // A headline of the site's own pages, or a sentence: "裸贷 校园贷 秒到账" is neither, it is a keyword list.
        if (distinctTerms == 1 && termsSeverity <= Severity.Medium && (LinksToOwnSite(page, block) || QuotedMentions.Sentences(block.Text) >= 1))
            return $"the page can show it ({Loading.RevealSignals.RevealableReason}) and it names one word that alone is medium, with no links to other sites; at most medium";
        return null;
    }

    /// <summary>The block, or an element inside it, links to an external host that the link policy does not trust.</summary>
    private static bool LinksToUnrelatedSites(PageSnapshot page, TextBlock block, RuleSet rules)
    {
        var inside = block.Selector + " ";
        return page.Links.Any(l => (l.Selector == block.Selector || l.Selector.StartsWith(inside, StringComparison.Ordinal))
                                   && Signals.UntrustedExternalHost(l.Href, page, rules) is not null);
    }

    private static string NormalizedTerm(KeywordMatch match) => TextNormalizer.Normalize(match.Keyword.Term).Text;

    /// <summary>"AⅤ一区" (as av一区): what the page wrote, and the term it was read as when they differ.</summary>
    private static string Quote(KeywordMatch match, string text)
    {
        var original = match.Evidence(text);
        var term = NormalizedTerm(match);
        return original == term ? $"\"{original}\"" : $"\"{original}\" (as \"{term}\")";
    }

    private static Severity Max(Severity a, Severity b) => a > b ? a : b;

    private static Severity Min(Severity a, Severity b) => a < b ? a : b;
}
