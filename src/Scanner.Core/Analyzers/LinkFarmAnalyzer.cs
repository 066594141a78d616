using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>linkfarm.block</c>: one block (the links' nearest common container) holding many links to many
/// unrelated sites, visible or not. A visible directory of other sites is common and innocent (友情链接, partner
/// lists), so alone it is only low; it rises with corroboration:
/// spam anchor texts (2+), denied domains or suspicious TLDs (2+), random-looking domain names (2+, a third of the sites)
/// or hiding on purpose make it high, and when most of the block is also hidden from visitors it is critical.
/// </summary>
public sealed class LinkFarmAnalyzer : IPageAnalyzer
{
    public const string BlockRule = "linkfarm.block";

    public static readonly RuleDescriptor Block = RuleCatalogue.LinkFarmBlock;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [Block];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var external = page.Links
            .Select(l => (Link: l, Host: Signals.UntrustedExternalHost(l.Href, page, rules)))
            .Where(x => x.Host is not null && x.Link.Container is not null)
            .ToList();
        foreach (var group in external.GroupBy(x => x.Link.Container!))
        {
            var links = group.ToList();
            var sites = links.Select(x => SiteDomain.Of(x.Host!)).Distinct().ToList();
            if (links.Count < rules.Detectors.Get(LinkFarmSettings.MinLinks) || sites.Count < rules.Detectors.Get(LinkFarmSettings.MinSites)) continue;

            var spam = links.Select(x => SpamTerms.In(x.Link.Text, rules)).Where(s => s.Any).ToList();
            var denied = links.Select(x => rules.LinkPolicy.DeniedDomainFor(x.Host!)).OfType<string>().Distinct().ToList();
            var tlds = links.Where(x => rules.LinkPolicy.SuspiciousTldOf(x.Host!) is not null).Select(x => x.Host!).Distinct().ToList();
            var hiddenCount = links.Count(x => x.Link.Visibility.Hidden);
            var mostlyHidden = hiddenCount * 2 > links.Count;

            var reasons = new List<string?> { $"{links.Count} links to {sites.Count} other sites in one block: {string.Join(", ", sites.Take(10))}{(sites.Count > 10 ? ", …" : "")}" };
            var corroborated = false;
            if (spam.Count >= 2) { reasons.Add($"{spam.Count} anchors with spam terms: {string.Join(", ", spam.SelectMany(s => s.Originals).Distinct().Take(10))}"); corroborated = true; }
            if (denied.Count > 0) { reasons.Add("denied domains: " + string.Join(", ", denied)); corroborated = true; }
            if (tlds.Count >= 2) { reasons.Add("hosts under suspicious top-level domains: " + string.Join(", ", tlds.Take(10))); corroborated = true; }
            var random = sites.Where(RandomLookingDomain.Is).ToList();
            if (random.Count >= 2 && random.Count * 3 >= sites.Count) { reasons.Add($"{random.Count} random-looking domain names: {string.Join(", ", random.Take(8))}"); corroborated = true; }
            if (mostlyHidden && links.Count(x => Signals.IsDeliberate(x.Link.Visibility)) * 2 > links.Count) { reasons.Add("most links hidden on purpose (off-screen, 1-px box, tiny font…)"); corroborated = true; }
            if (hiddenCount > 0) reasons.Add($"{hiddenCount} of the links hidden from visitors ({string.Join(", ", links.First(x => x.Link.Visibility.Hidden).Link.Visibility.Reasons)})");

            var severity = corroborated ? (mostlyHidden ? Severity.Critical : Severity.High) : Severity.Low;
            if (!corroborated) reasons.Add("no spam anchors, denied domains or suspicious TLDs: a links directory unless these sites are not yours to link to");

            var evidence = string.Join(" | ", links.Take(12).Select(x => string.IsNullOrWhiteSpace(x.Link.Text) ? x.Link.Href : $"{x.Link.Text} → {x.Link.Href}"));
            var visibility = mostlyHidden ? links.First(x => x.Link.Visibility.Hidden).Link.Visibility : Visibility.Visible;
            yield return Signals.Make(Block, page, severity, group.Key, Signals.Clip(evidence, 600), reasons,
                string.Join("|", sites.Order(StringComparer.Ordinal)), visibility,
                matched: string.Join(", ", sites.Take(20)), category: spam.Count >= 2 ? spam[0].Category : null);
        }
    }
}
