using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>redirect.cross-domain</c> and <c>frame.hidden-external</c>.
/// <list type="bullet">
/// <item><c>redirect.cross-domain</c>: a meta refresh to another site, or a navigation the page started by itself (a
///   script, or a refresh that fired after load) that left the site. High; critical when the target is on the denied
///   list, under a suspicious TLD or the page has a script that tests for search engines. Server redirects (3xx) are
///   how sites move and are not reported.</item>
/// <item><c>frame.hidden-external</c>: an iframe to another site that is hidden or at most 2 px in either dimension.
///   Medium (trackers do this too); high when the host is denied or under a suspicious TLD.</item>
/// </list>
/// </summary>
public sealed partial class RedirectAnalyzer : IPageAnalyzer
{
    public const string CrossDomainRule = "redirect.cross-domain";
    public const string HiddenFrameRule = "frame.hidden-external";

    public static readonly RuleDescriptor CrossDomain = new(CrossDomainRule, "Page sends visitors to another site", "redirect", Severity.High,
        "A meta refresh or a script navigation takes the visitor from this page to another site. Critical when the target is "
        + "denied or suspicious, or a script on the page tests whether the visitor came from a search engine (a sneaky redirect).");
    public static readonly RuleDescriptor HiddenFrame = new(HiddenFrameRule, "Hidden or tiny frame from another site", "redirect", Severity.Medium,
        "An iframe loads a page from another site but is hidden or at most 2 px wide or high: visitors never see what it loads. "
        + "High when the host is denied or under a suspicious top-level domain.");

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [CrossDomain, HiddenFrame];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var origin = page.RedirectChain.Count > 0 ? page.EffectiveUrl : page.RequestedUrl;
        var cloaking = page.Scripts.Any(s => s.InlineText is { } t && SearchEngineTest().IsMatch(t));
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var meta in page.Meta)
        {
            if (!string.Equals(meta.HttpEquiv, "refresh", StringComparison.OrdinalIgnoreCase)) continue;
            var m = RefreshUrl().Match(meta.Content);
            if (!m.Success) continue;
            var target = Absolute(m.Groups[2].Value.Trim().Trim('\'', '"'), origin);
            if (target is null) continue;
            var finding = Navigation(page, rules, origin, target, $"<meta http-equiv=\"refresh\" content=\"{meta.Content}\">", "meta[http-equiv=\"refresh\"]", cloaking);
            if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return finding;
        }
        foreach (var target in page.AttemptedNavigations)
        {
            var finding = Navigation(page, rules, origin, target, "the page navigated by itself after loading (script or refresh)", null, cloaking);
            if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return finding;
        }

        foreach (var frame in page.Frames)
        {
            var host = Signals.UntrustedExternalHost(frame.Src, page, rules);
            if (host is null) continue;
            var tiny = frame.Box.Width <= 2 || frame.Box.Height <= 2;
            if (!frame.Visibility.Hidden && !tiny) continue;
            var reasons = new List<string?> { $"iframe from {host}, another site" };
            reasons.Add(frame.Visibility.Hidden ? Signals.HiddenReason(frame.Visibility) : $"{frame.Box.Width:0}×{frame.Box.Height:0} px");
            var severity = Severity.Medium;
            if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) { reasons.Add($"denied domain {denied}"); severity = Severity.High; }
            if (rules.LinkPolicy.SuspiciousTldOf(host) is { } tld) { reasons.Add($"suspicious top-level domain .{tld}"); severity = Severity.High; }
            yield return Signals.Make(HiddenFrame, page, severity, frame.Selector, frame.Src, reasons, host, frame.Visibility, matched: host, linkHref: frame.Src);
        }
    }

    private static Finding? Navigation(PageSnapshot page, RuleSet rules, string origin, string target, string how, string? selector, bool cloaking)
    {
        var host = SiteDomain.HttpHost(target);
        var originHost = SiteDomain.HttpHost(origin);
        if (host is null || originHost is null || SiteDomain.SameSite(host, originHost) || rules.LinkPolicy.IsAllowed(host)) return null;
        var reasons = new List<string?> { how, $"from {originHost} to {host}, another site" };
        var severity = Severity.High;
        if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) { reasons.Add($"denied domain {denied}"); severity = Severity.Critical; }
        if (rules.LinkPolicy.SuspiciousTldOf(host) is { } tld) { reasons.Add($"suspicious top-level domain .{tld}"); severity = Severity.Critical; }
        if (cloaking) { reasons.Add("a script on the page tests whether the visitor came from a search engine"); severity = Severity.Critical; }
        return Signals.Make(CrossDomain, page, severity, selector, target, reasons, host, matched: host, linkHref: target);
    }

    private static string? Absolute(string url, string baseUrl) =>
        Uri.TryCreate(new Uri(baseUrl), url, out var abs) ? abs.ToString() : null;

    [GeneratedRegex(@"^\s*\d*\s*[;,]?\s*(url\s*=\s*)?(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RefreshUrl();

    [GeneratedRegex(@"document\.referrer[^;{}]{0,200}?(?:baidu|google|sogou|so\.com|sm\.cn|bing|yahoo|soso|youdao|haosou)", RegexOptions.IgnoreCase)]
    private static partial Regex SearchEngineTest();
}
