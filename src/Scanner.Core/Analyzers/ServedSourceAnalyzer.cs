using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>served.only-in-source</c>: what a spider reads in the served HTML but a visitor's browser never shows —
/// <c>&lt;noscript&gt;</c> blocks (both engines), and, with the browser engine, links and spam text that the served HTML
/// holds and the rendered page no longer does (a script removed or replaced them after load). Only links to untrusted
/// other sites and spam terms count: scripts rebuild menus and text all the time.
/// <list type="bullet">
/// <item>spam terms, or a denied, suspicious or random-looking host among the links: critical;</item>
/// <item>links to 3+ unrelated sites: high;</item>
/// <item>one or two links to other sites: medium.</item>
/// </list>
/// </summary>
public sealed class ServedSourceAnalyzer : IPageAnalyzer
{
    public const string OnlyInSourceRule = "served.only-in-source";

    public static readonly RuleDescriptor OnlyInSource = RuleCatalogue.ServedOnlyInSource;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [OnlyInSource];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var source = ServedSource.Of(page, rules.Detectors);
        if (source is null || !Uri.TryCreate(page.EffectiveUrl, UriKind.Absolute, out var url)) yield break;

        foreach (var (selector, text, links) in MarkupSnapshot.NoScriptBlocks(page.ServedHtml, url))
        {
            var finding = Judge(page, rules, selector, "inside <noscript>, which browsers with scripts never render", text, links);
            if (finding is not null) yield return finding;
        }
        if (ServedSource.IsSource(page)) yield break;

        // Browser engine: what the served HTML holds and the rendered DOM lost.
        var rendered = page.Links.Select(l => l.Href).ToHashSet(StringComparer.Ordinal);
        // The page's own sites are judged by the served links too: when scripts re-render (or fail to render) the
        // page, its hundreds of links to its production site are not something a spider alone is shown.
        var ownByServedLinks = Signals.HomeSites(source, rules);
        var missing = source.Links.Where(l => !rendered.Contains(l.Href)
            && Signals.UntrustedExternalHost(l.Href, page, rules) is { } host
            && (rules.LinkPolicy.DeniedDomainFor(host) is not null || !ownByServedLinks.Contains(SiteDomain.Of(host)) || SpamTerms.In(l.Text, rules).Any)).ToList();
        foreach (var group in missing.GroupBy(l => l.Container ?? l.Selector))
        {
            var finding = Judge(page, rules, group.Key, "in the served HTML but not in the page after its scripts ran",
                string.Join(" ", group.Select(l => l.Text)), group.Select(l => (l.Href, l.Text)).ToList());
            if (finding is not null) yield return finding;
        }
        var renderedText = (page.RenderedTitle ?? "") + "\n" + string.Join("\n", page.TextBlocks.Select(b => b.Text));
        foreach (var block in source.TextBlocks)
        {
            if (block.LinkHref is not null && missing.Any(l => l.Href == block.LinkHref)) continue; // reported with its links
            var spam = SpamTerms.In(block.Text, rules);
            if (!spam.Any || spam.Originals.All(o => renderedText.Contains(o, StringComparison.Ordinal))) continue;
            yield return Signals.Make(OnlyInSource, page, Severity.Critical, block.Selector, EvidenceText.Window(block.Text, 0, Math.Min(block.Text.Length, 200)),
                ["text in the served HTML that the page no longer shows after its scripts ran (removed or replaced for visitors)", spam.Describe()],
                "text|" + string.Join("|", spam.Normalized), matched: string.Join(", ", spam.Normalized), category: spam.Category);
        }
    }

    private static Finding? Judge(PageSnapshot page, RuleSet rules, string selector, string where, string text, IReadOnlyList<(string Href, string Text)> links)
    {
        var hosts = links.Select(l => Signals.UntrustedExternalHost(l.Href, page, rules)).OfType<string>().ToList();
        var sites = hosts.Select(SiteDomain.Of).Distinct().ToList();
        var spam = SpamTerms.In(text, rules);
        if (sites.Count == 0 && !spam.Any) return null;
        var reasons = new List<string?> { where };
        if (sites.Count > 0) reasons.Add($"{hosts.Count} link(s) to {sites.Count} other site(s): {string.Join(", ", sites.Take(8))}{(sites.Count > 8 ? ", …" : "")}");
        // Links a script re-renders (account menus, share bars) are common: only <noscript> links rise on their count.
        var severity = sites.Count >= rules.Detectors.Get(ServedSourceSettings.ManySites) && where.Contains("noscript") ? Severity.High : Severity.Medium;
        // One headline about a crackdown that a script re-renders is news; two or more spam anchors, or spam text, are not.
        var spamAnchors = links.Count(l => SpamTerms.In(l.Text, rules).Any);
        if (spam.Any && (links.Count == 0 || spamAnchors >= 2 || where.Contains("noscript"))) { reasons.Add(spam.Describe()); severity = Severity.Critical; }
        else if (spam.Any) reasons.Add(spam.Describe() + " (in one anchor only)");
        var bad = hosts.Where(h => rules.LinkPolicy.DeniedDomainFor(h) is not null || rules.LinkPolicy.SuspiciousTldOf(h) is not null).Concat(sites.Where(RandomLookingDomain.Is)).Distinct().ToList();
        if (bad.Count > 0) { reasons.Add("denied, suspicious or random-looking hosts: " + string.Join(", ", bad.Take(8))); severity = Severity.Critical; }
        var evidence = links.Count > 0
            ? string.Join(" | ", links.Take(12).Select(l => string.IsNullOrWhiteSpace(l.Text) ? l.Href : $"{l.Text} → {l.Href}"))
            : text;
        return Signals.Make(OnlyInSource, page, severity, selector, Signals.Clip(evidence, 600), reasons,
            string.Join("|", sites.Order(StringComparer.Ordinal)) + "|" + string.Join("|", spam.Normalized),
            Visibility.HiddenBecause("only-in-served-html"), matched: spam.Any ? string.Join(", ", spam.Normalized) : string.Join(", ", sites),
            category: spam.Any ? spam.Category : null, linkHref: links.FirstOrDefault().Href);
    }
}
