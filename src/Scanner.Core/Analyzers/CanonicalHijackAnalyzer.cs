using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>redirect.canonical-hijack</c>: the served head tells search engines that the page's canonical address or its
/// mobile edition is on another site (<c>&lt;link rel="canonical"&gt;</c>, <c>&lt;link rel="alternate" media="…max-width…"&gt;</c>,
/// Baidu's <c>&lt;meta name="mobile-agent" content="…;url=…"&gt;</c>). A search engine then indexes that site in the
/// page's place and sends its phone visitors there: a redirect of search traffic that no visitor's browser shows.
/// A page saved from its production site names its own domain this way too, so another site alone is only low (own
/// sites and sibling domains, as for redirects, not at all); a target whose name is denied, under a suspicious TLD or
/// random-looking is high.
/// </summary>
public sealed partial class CanonicalHijackAnalyzer : IPageAnalyzer
{
    public const string RuleId = "redirect.canonical-hijack";

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [RuleCatalogue.RedirectCanonicalHijack];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        if (string.IsNullOrEmpty(page.ServedHtml) || !Uri.TryCreate(page.EffectiveUrl, UriKind.Absolute, out var pageUri)) yield break;
        // The head is matched in place (a copy of it was a large object for every page, issue 20, eighth pass).
        var html = page.ServedHtml;
        var headEnd = HeadEnd(html);
        var hints = new List<(string Target, string Tag)>();
        for (var m = LinkTag().Match(html, 0, headEnd); m.Success; m = m.NextMatch())
        {
            var tag = m.Value;
            var rel = Attribute(tag, "rel")?.ToLowerInvariant() ?? "";
            var mobile = rel.Contains("alternate") && (Attribute(tag, "media") ?? "").Contains("width", StringComparison.OrdinalIgnoreCase);
            if ((rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("canonical") || mobile) && Attribute(tag, "href") is { } href)
                hints.Add((href, tag));
        }
        for (var m = MobileAgent().Match(html, 0, headEnd); m.Success; m = m.NextMatch())
            hints.Add((m.Groups["url"].Value, m.Value));

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (href, tag) in hints)
        {
            if (!Uri.TryCreate(pageUri, href.Trim(), out var target) || SiteDomain.HttpHost(target.AbsoluteUri) is not { } host) continue;
            if (Signals.UntrustedExternalHost(target.AbsoluteUri, page, rules) is null || Signals.IsPublicInstitution(host, rules)
                || RedirectAnalyzer.OwnOrSibling(page, rules, page.EffectiveUrl, target.AbsoluteUri) || !reported.Add(SiteDomain.Of(host))) continue;
            var reasons = new List<string?> { $"the served head names {host}, another site, as this page's address for search engines: {Signals.Clip(tag, 160)}" };
            var severity = Severity.Low;
            if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) reasons.Add($"denied domain {denied}");
            if (rules.LinkPolicy.SuspiciousTldOf(host) is { } tld) reasons.Add($"suspicious top-level domain .{tld}");
            if (RandomLookingDomain.Is(SiteDomain.Of(host))) reasons.Add($"{SiteDomain.Of(host)} looks random (digits and a jumble of letters, not a name)");
            if (reasons.Count > 1)
            {
                reasons.Add("search engines index and send visitors (phones, for a mobile edition) to that site in this page's place");
                severity = Severity.High;
            }
            else reasons.Add("a page saved from its own site names its production domain this way: check that this is your domain");
            yield return Signals.Make(RuleCatalogue.RedirectCanonicalHijack, page, severity, null, Signals.Clip(tag, 300), reasons, host,
                matched: host, linkHref: target.AbsoluteUri);
        }
    }

    /// <summary>Where the head ends in the served HTML (its whole length when no body starts).</summary>
    private static int HeadEnd(string html)
    {
        var end = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? Math.Min(html.Length, 64 * 1024) : end;
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $@"\b{name}\s*=\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s>]+))", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups["v"].Value : null;
    }

    [GeneratedRegex(@"<link\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    [GeneratedRegex(@"<meta\b[^>]*\bname\s*=\s*['""]?mobile-agent['""]?[^>]*\bcontent\s*=\s*['""][^'""]*url\s*=\s*(?<url>[^;'""\s]+)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex MobileAgent();
}
