using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>link.denied-domain</c>, <c>link.spam-anchor</c> and <c>link.suspicious-tld</c>: external links measured
/// against the link policy (rules/link-policy.yaml) and the keyword packs. Links to allowed domains are never reported.
/// </summary>
public sealed class LinkPolicyAnalyzer : IPageAnalyzer
{
    public const string DeniedDomainRule = "link.denied-domain";
    public const string SpamAnchorRule = "link.spam-anchor";
    public const string SuspiciousTldRule = "link.suspicious-tld";

    private static readonly RuleDescriptor[] Descriptors = [RuleCatalogue.LinkDeniedDomain, RuleCatalogue.LinkSpamAnchor, RuleCatalogue.LinkSuspiciousTld];

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => Descriptors;

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var policy = rules.LinkPolicy;
        foreach (var link in page.Links)
        {
            var host = SiteDomain.HttpHost(link.Href);
            if (host is null || !SiteDomain.IsExternal(link.Href, page.EffectiveUrl) || policy.IsAllowed(host)) continue;

            var hiddenReason = link.Visibility.Hidden ? "hidden from visitors: " + string.Join(", ", link.Visibility.Reasons) : null;
            var raised = link.Visibility.Hidden ? Severity.Critical : Severity.High;

            if (policy.DeniedDomainFor(host) is { } denied)
                yield return Make(page, link, DeniedDomainRule, "link", raised, denied,
                    [$"links to {host}, which is under the denied domain {denied}", hiddenReason]);

            var hits = rules.FindKeywords(link.Text).ToList();
            if (hits.Count > 0)
            {
                var terms = hits.Select(h => h.Match.Evidence(link.Text)).Distinct().ToList();
                var category = hits.MaxBy(h => h.Hit.Severity).Hit.Pack.Category;
                var severity = link.Visibility.Hidden ? Severity.Critical : hits.Max(h => h.Hit.Severity);
                string? headline = null;
                var mentions = hits.Select(h => (h.Match.Start, h.Match.Length)).Distinct().ToList();
                if (!link.Visibility.Hidden && severity > Severity.Medium && EnglishHeadline(link.Text, mentions))
                {
                    headline = "the anchor reads as an English headline that mentions one term in a sentence (a news index): news about it, not a spam anchor; a person should look";
                    severity = Severity.Medium;
                }
                else if (!link.Visibility.Hidden && severity > Severity.Medium && DeclaredOwnSite.Holds(page, link.Href))
                {
                    headline = $"a visible link to the site the page names as its own ({DeclaredOwnSite.Of(page)}: its rel=\"home\" link and its template): the site's own page, not a link out; a person should look";
                    severity = Severity.Medium;
                }
                else if (!link.Visibility.Hidden && severity > Severity.Medium
                         && hits.Select(h => h.Hit.Pack).Distinct().All(pack => rules.ReportingContextOf(pack, link.Text) is not null)
                         && QuotedMentions.Covered(mentions) * 2 <= link.Text.Length) // words around the names: a headline, not a keyword
                {
                    headline = "the anchor is a headline that reports on the term (its own words are a reporting context), not a spam anchor; a person should look";
                    severity = Severity.Medium;
                }
                // Two signals agree: a term that alone is only medium (a casino's brand, which is also its hotel's name)
                // on a link to a site named with letters run into a number (70352bet.xyz).
                string? generatedName = null;
                if (severity == Severity.Medium && headline is null && Signals.MixedNumberName(SiteDomain.Of(host)) is { } mixed)
                {
                    generatedName = $"{mixed} runs letters into a number, as generated gambling and spam sites' names do";
                    severity = Severity.High;
                }
                yield return Make(page, link, SpamAnchorRule, category, severity, string.Join(", ", terms),
                    [$"external link to {host}", $"anchor text holds '{category}' terms: {string.Join(", ", terms)}", hiddenReason, headline, generatedName]);
            }

            if (policy.SuspiciousTldOf(host) is { } tld)
                yield return Make(page, link, SuspiciousTldRule, "link", Severity.Medium, tld,
                    [$"external link to {host}, top-level domain .{tld} is on the suspicious list", hiddenReason]);
        }
    }

    /// <summary>
    /// A visible anchor of at least six Latin words that mentions one term in under a quarter of its text ("Government to
    /// require age checks on porn websites from next year"). Only Latin script: a Chinese spam anchor is also a long
    /// phrase around one term (澳门新葡京娱乐场官方网站), and spam anchors in English name their offer in a few words.
    /// </summary>
    private static bool EnglishHeadline(string text, List<(int Start, int Length)> mentions)
    {
        // One mention, or one with others inside it ("online casino" holds "casino").
        var outer = mentions.Where(m => !mentions.Any(o => o != m && o.Start <= m.Start && o.Start + o.Length >= m.Start + m.Length)).ToList();
        if (outer.Count != 1 || QuotedMentions.Covered(mentions) * 4 > text.Length) return false;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 6 && words.Count(w => w.All(c => char.IsAsciiLetter(c) || c is '\'' or ',' or ':' or '-' or '?' or '.')) >= words.Length - 1;
    }

    private static Finding Make(PageSnapshot page, PageLink link, string ruleId, string category, Severity severity,
        string matched, IEnumerable<string?> reasons) => new()
    {
        RuleId = ruleId,
        Title = Descriptors.First(d => d.Id == ruleId).Title,
        Severity = severity,
        Category = category,
        Url = page.EffectiveUrl,
        Selector = link.Selector,
        Hidden = link.Visibility.Hidden,
        HiddenReasons = link.Visibility.Reasons,
        Evidence = string.IsNullOrWhiteSpace(link.Text) ? link.Href : $"{link.Text} → {link.Href}",
        MatchedTerm = matched,
        LinkHref = link.Href,
        Reasons = reasons.OfType<string>().ToArray(),
        Fingerprint = Fingerprint.Of(ruleId, Fingerprint.PageKey(page.EffectiveUrl), link.Href, matched),
    };
}
