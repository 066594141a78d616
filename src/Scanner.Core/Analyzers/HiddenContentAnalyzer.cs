using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>hidden.external-links</c>: links to other sites that visitors cannot see, grouped by the block that holds
/// them. Judged by structure, so that a block with gibberish, encoded or unknown-category anchors is caught:
/// <list type="bullet">
/// <item>spam anchor text, a denied domain or a suspicious TLD among them: critical;</item>
/// <item>a farm (5+ links to 3+ unrelated registrable domains) hidden on purpose (off-screen, 1-px box, tiny font,
///   font-size 0, colour tricks, clip, negative indent, tiny marquee, a one-line script after the block): critical;</item>
/// <item>a farm hidden only by display/visibility/opacity or a closed &lt;details&gt; (what menus, tabs and carousels
///   use): medium, high with one corroborating signal and critical with two — hidden by the element's own style
///   attribute in the served HTML, 2+ random-looking domain names (8888js.com), 8+ distinct sites;</item>
/// <item>either, when nothing on the page can show it again and it sits outside the layout (<see cref="ByStructure"/>):
///   high, critical with one more signal, whatever the anchors and domain names say;</item>
/// <item>one or two such links: medium when hidden on purpose, low otherwise.</item>
/// </list>
/// Hidden links to the page's own site, allowed domains and well-known platforms, analytics services and CDNs
/// (rules/well-known-hosts.yaml: share buttons in a collapsed menu) are never reported; hidden spam <em>text</em> is
/// reported by the keyword rules, which make it critical.
/// </summary>
public sealed class HiddenContentAnalyzer : IPageAnalyzer
{
    public const string ExternalLinksRule = "hidden.external-links";

    public static readonly RuleDescriptor ExternalLinks = RuleCatalogue.HiddenExternalLinks;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [ExternalLinks];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var hidden = page.Links
            .Where(l => l.Visibility.Hidden)
            .Select(l => (Link: l, Host: Signals.UntrustedExternalHost(l.Href, page, rules)))
            .Where(x => x.Host is not null)
            .ToList();
        var served = hidden.Count == 0 ? new Dictionary<string, Visibility>() : ServedSource.HiddenLinks(page, rules.Detectors);
        var declaredSite = DeclaredSite(page);
        var (farmLinks, farmSites) = (rules.Detectors.Get(HiddenLinkSettings.FarmLinks), rules.Detectors.Get(HiddenLinkSettings.FarmSites));
        foreach (var group in hidden.GroupBy(x => x.Link.Container ?? x.Link.Selector))
        {
            var links = group.ToList();
            var sites = links.Select(x => SiteDomain.Of(x.Host!)).Distinct().ToList();
            var spam = links.Select(x => SpamTerms.In(x.Link.Text, rules)).Where(s => s.Any).ToList();
            var denied = links.Select(x => rules.LinkPolicy.DeniedDomainFor(x.Host!)).OfType<string>().Distinct().ToList();
            var tlds = links.Select(x => rules.LinkPolicy.SuspiciousTldOf(x.Host!)).OfType<string>().Distinct().ToList();
            // What the served markup itself says about the same links (a spider's view): a style attribute or a
            // one-line script hides them there, not a stylesheet's menu rule or a script's click handler.
            var sourceHiding = links.Select(x => served.GetValueOrDefault(x.Link.Href)).OfType<Visibility>().ToList();
            var deliberate = links.Any(x => Signals.IsDeliberate(x.Link.Visibility)) || sourceHiding.Any(Signals.IsDeliberate);
            var farm = links.Count >= farmLinks && sites.Count >= farmSites;
            var random = sites.Where(RandomLookingDomain.Is).ToList();

            var reasons = new List<string?>
            {
                $"{links.Count} hidden link(s) to {sites.Count} other site(s): {string.Join(", ", sites.Take(8))}{(sites.Count > 8 ? ", …" : "")}",
                Signals.HiddenReason(links[0].Link.Visibility),
                deliberate ? "hidden on purpose (not a menu, tab or disclosure state)" : "hidden by display/visibility/opacity or a closed <details>, as menus and tabs are",
            };
            Severity severity;
            if (spam.Count > 0 || denied.Count > 0 || tlds.Count > 0)
            {
                if (spam.Count > 0) reasons.Add($"{spam.Count} anchor(s) with spam terms: " + string.Join(", ", spam.SelectMany(s => s.Originals).Distinct().Take(10)));
                if (denied.Count > 0) reasons.Add("denied domains: " + string.Join(", ", denied));
                if (tlds.Count > 0) reasons.Add("suspicious top-level domains: ." + string.Join(", .", tlds));
                severity = Severity.Critical;
            }
            else if (farm)
            {
                // Hiding alone does not make a farm: the nav menus of big sites hide rows of their sister sites too.
                var writtenHidden = sourceHiding.Count * 2 >= links.Count && sourceHiding.Any(v => v.Reasons.Any(r =>
                    r.Contains(CssVisibility.InlineStyleReason, StringComparison.Ordinal) || r.Contains("hidden-by-inline-script", StringComparison.Ordinal) || r.Contains("tiny-marquee", StringComparison.Ordinal)));
                var corroboration = new List<string>();
                if (writtenHidden) corroboration.Add("hidden by a style attribute or a one-line script written into the served HTML");
                if (random.Count >= 2 && random.Count * 3 >= sites.Count)
                    corroboration.Add($"{random.Count} random-looking domain names: {string.Join(", ", random.Take(6))}");
                // A menu that links to the page's own declared site (og:url) among the others is the organisation's
                // own network of sites (a newspaper's events and sister brands), not a farm: many domains say nothing then.
                var ownNetwork = declaredSite is not null && sites.Contains(declaredSite);
                if (ownNetwork) reasons.Add($"the block links to the page's own site ({declaredSite}, its og:url) too: a site's own network menu");
                if (!deliberate && sites.Count >= rules.Detectors.Get(HiddenLinkSettings.ManySites) && !ownNetwork) corroboration.Add($"{sites.Count} distinct registrable domains");
                reasons.AddRange(corroboration);
                severity = deliberate
                    ? (corroboration.Count >= 1 ? Severity.Critical : Severity.Medium)
                    : (corroboration.Count >= 2 ? Severity.Critical : Severity.Medium);
                if (severity < Severity.Critical && ByStructure(links.Count, sites, sourceHiding, deliberate, corroboration.Count, ownNetwork, rules) is { } structural)
                {
                    severity = Signals.Max(severity, structural.Severity);
                    reasons.AddRange(structural.Reasons);
                }
            }
            else severity = deliberate ? Severity.Medium : Severity.Low;
            if (farm) reasons.Add($"a link farm: {farmLinks}+ links to {farmSites}+ unrelated sites");

            var evidence = string.Join(" | ", links.Take(12).Select(x => string.IsNullOrWhiteSpace(x.Link.Text) ? x.Link.Href : $"{x.Link.Text} → {x.Link.Href}"));
            yield return Signals.Make(ExternalLinks, page, severity, group.Key, Signals.Clip(evidence, 600), reasons,
                string.Join("|", sites.Order(StringComparer.Ordinal)), links[0].Link.Visibility,
                matched: spam.Count > 0 ? string.Join(", ", spam.SelectMany(s => s.Normalized).Distinct()) : string.Join(", ", sites),
                category: spam.Count > 0 ? spam[0].Category : null, linkHref: links[0].Link.Href);
        }
    }

    /// <summary>
    /// A farm judged by where and how it is hidden, whatever its anchors and domain names say (issue 14, item 4): nothing
    /// on the page can show it again and it sits outside the layout (both required: <see cref="RevealSignals"/>, read
    /// from the served markup and the stylesheets the static engine fetched), one point each, and one more each for
    /// hiding on purpose and the corroboration already found (many sites, hiding written into the HTML, random names).
    /// hiddenLinks.structureHigh / structureCritical points in rules/detectors.yaml. Never for a block that links to a
    /// public institution (hiddenLinks.institutionSuffixes: a 友情链接 list) or to the page's own network.
    /// </summary>
    private static (Severity Severity, IReadOnlyList<string> Reasons)? ByStructure(int linkCount, IReadOnlyList<string> sites,
        IReadOnlyList<Visibility> sourceHiding, bool deliberate, int corroboration, bool ownNetwork, RuleSet rules)
    {
        if (ownNetwork || sourceHiding.Count * 2 < linkCount) return null;
        if (sites.Any(site => Signals.IsPublicInstitution(site, rules))) return null;
        bool Marked(string marker) => sourceHiding.Any(v => v.Reasons.Any(r => r.Contains(marker, StringComparison.Ordinal)));
        if (Marked(RevealSignals.RevealableReason) || !Marked(RevealSignals.OutsideLayoutReason)) return null;
        var points = 2 + (deliberate ? 1 : 0) + corroboration;
        var severity = points >= rules.Detectors.Get(HiddenLinkSettings.StructureCritical) ? Severity.Critical
            : points >= rules.Detectors.Get(HiddenLinkSettings.StructureHigh) ? Severity.High : (Severity?)null;
        return severity is null ? null : (severity.Value,
        [
            "nothing on the page can show it again (no :hover/:focus/:target rule, no script or handler naming it, no control pointing at it)",
            "placed outside the page's layout (the first or last block of <body>, or right after the footer)",
            $"{sites.Count} unrelated sites, none of them a public institution",
        ]);
    }

    /// <summary>The registrable domain of the URL the page declares as its own (og:url), when it names an http(s) host.</summary>
    private static string? DeclaredSite(PageSnapshot page) =>
        page.Meta.FirstOrDefault(m => string.Equals(m.Property, "og:url", StringComparison.OrdinalIgnoreCase)) is { } meta
        && SiteDomain.HttpHost(meta.Content.Trim()) is { } host ? SiteDomain.Of(host) : null;

}
