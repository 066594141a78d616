using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.Core.Text;

namespace Scanner.Core.Analyzers;

/// <summary>The spam terms found in one piece of text: what the structural analyzers use as a corroborating signal.</summary>
public sealed record SpamTerms(IReadOnlyList<(KeywordMatch Match, KeywordHit Hit)> Hits, string Text)
{
    public bool Any => Hits.Count > 0;

    /// <summary>The distinct terms as the page wrote them.</summary>
    public IReadOnlyList<string> Originals => Hits.Select(h => h.Match.Evidence(Text)).Distinct().ToArray();

    public IReadOnlyList<string> Normalized => Hits.Select(h => h.Match.Keyword.Term.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();

    public Severity MaxSeverity => Hits.Count == 0 ? Severity.Info : Hits.Max(h => h.Hit.Severity);

    public string Category => Hits.Count == 0 ? "" : Hits.MaxBy(h => h.Hit.Severity).Hit.Pack.Category;

    public string Describe() =>
        $"{Normalized.Count} spam term(s) ({string.Join(", ", Hits.Select(h => h.Hit.Pack.Category).Distinct())}): {string.Join(", ", Originals.Select(o => $"\"{o}\""))}";

    public static SpamTerms In(string? text, RuleSet rules) =>
        string.IsNullOrEmpty(text) ? new([], "") : new(rules.FindKeywords(text).ToArray(), text);
}

/// <summary>Small helpers shared by the analyzers.</summary>
internal static class Signals
{
    public static Severity Max(Severity a, Severity b) => a > b ? a : b;

    /// <summary>Hiding that a page applies on purpose (off-screen, 1-px boxes, colour tricks), as opposed to the
    /// interactive states of menus, tabs and disclosure widgets (display:none, visibility, closed details).</summary>
    private static readonly string[] DeliberateReasons =
    [
        "off-screen", "negative-text-indent", "font-size-zero", "colour-matches-background", "transparent-text",
        "tiny-overflow-container", "zero-size", "tiny-marquee", "clipped", "tiny-font", "hidden-by-inline-script",
    ];

    public static bool IsDeliberate(Visibility visibility) =>
        visibility.Hidden && visibility.Reasons.Any(r => DeliberateReasons.Any(d => r.Contains(d, StringComparison.Ordinal)));

    /// <summary>The registrable domain when its name mixes letters with three or more digits (60088js, xpj2998, 70352bet):
    /// how generated gambling sites are named; trackers and services have names.</summary>
    public static string? MixedNumberName(string domain)
    {
        var name = domain.Split('.')[0];
        return name.Count(char.IsAsciiDigit) >= 3 && name.Any(char.IsAsciiLetter) ? domain : null;
    }

    /// <summary>Whether a host or registrable domain is a public institution's (hiddenLinks.institutionSuffixes in
    /// rules/detectors.yaml: a suffix covers its subdomains, a single label is a top-level domain).</summary>
    public static bool IsPublicInstitution(string host, RuleSet rules) =>
        rules.Detectors.Get(HiddenLinkSettings.InstitutionSuffixes)
            .Any(s => host.Equals(s, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + s, StringComparison.OrdinalIgnoreCase));

    public static string HiddenReason(Visibility visibility) => "hidden from visitors: " + string.Join(", ", visibility.Reasons);

    /// <summary>
    /// An external http(s) host that the link policy does not trust, that is no well-known platform, analytics service or
    /// CDN, and that is not one of the page's own sites, or null.
    /// </summary>
    public static string? UntrustedExternalHost(string url, PageSnapshot page, RuleSet rules)
    {
        var host = SiteDomain.HttpHost(url);
        if (host is null || !SiteDomain.IsExternal(url, page.EffectiveUrl)) return null;
        if (rules.LinkPolicy.IsAllowed(host) || rules.LinkPolicy.IsWellKnown(host)) return null;
        return HomeSites(page, rules).Contains(SiteDomain.Of(host)) && rules.LinkPolicy.DeniedDomainFor(host) is null ? null : host;
    }

    private sealed record HomeSitesOf(int MinLinks, double Share, IReadOnlySet<string> Sites);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PageSnapshot, HomeSitesOf> HomeSitesCache = [];

    /// <summary>
    /// The sites a page treats as its own besides its host: a site that a share (homeSites in rules/detectors.yaml: a
    /// fifth, and 10+) of the page's links point to, mostly visibly. A built site served from 127.0.0.1 or a preview host
    /// links to its production domain everywhere; an injected farm is a hidden minority spread over many sites, so it never qualifies.
    /// </summary>
    public static IReadOnlySet<string> HomeSites(PageSnapshot page, RuleSet rules)
    {
        var (minLinks, share) = (rules.Detectors.Get(HomeSiteSettings.MinLinks), rules.Detectors.Get(HomeSiteSettings.Share));
        if (HomeSitesCache.TryGetValue(page, out var cached) && cached.MinLinks == minLinks && cached.Share == share) return cached.Sites;
        var links = page.Links.Select(l => (Site: SiteDomain.HttpHost(l.Href) is { } h ? SiteDomain.Of(h) : null, l.Visibility.Hidden))
            .Where(x => x.Site is not null).ToList();
        var sites = links.GroupBy(x => x.Site!, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() >= Math.Max(minLinks, (int)(links.Count * share)) && g.Count(x => !x.Hidden) * 2 >= g.Count())
            .Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        HomeSitesCache.AddOrUpdate(page, new HomeSitesOf(minLinks, share, sites));
        return sites;
    }

    public static Finding Make(RuleDescriptor rule, PageSnapshot page, Severity severity, string? selector, string evidence,
        IEnumerable<string?> reasons, string fingerprintKey, Visibility? visibility = null, string? matched = null,
        string? category = null, string? linkHref = null) => new()
    {
        RuleId = rule.Id,
        Title = rule.Title,
        Severity = severity,
        Category = category ?? rule.Category,
        Url = page.EffectiveUrl,
        Selector = selector,
        Hidden = visibility?.Hidden ?? false,
        HiddenReasons = visibility?.Reasons ?? [],
        Evidence = evidence,
        MatchedTerm = matched,
        LinkHref = linkHref,
        Reasons = reasons.OfType<string>().ToArray(),
        Fingerprint = Fingerprint.Of(rule.Id, Fingerprint.PageKey(page.EffectiveUrl), fingerprintKey),
    };

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, never cutting a surrogate pair.</summary>
    public static string Clip(string text, int max = EvidenceText.MaxLength)
    {
        if (text.Length <= max) return text;
        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end] + "…";
    }
}
