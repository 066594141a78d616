using System.Text.RegularExpressions;
using Scanner.Core.Analyzers.Emulation;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>redirect.cross-domain</c> and <c>frame.hidden-external</c>.
/// <list type="bullet">
/// <item><c>redirect.cross-domain</c>: judged from what the page asked for, whether or not the target answers — a meta
///   refresh to another site, a script that sets <c>location</c> to another site (read from the code, so a redirect
///   conditional on referrer, user agent, mobile, language or time zone is found in the default visitor profile too),
///   a navigation the page started by itself, or a server 30x to another site. Critical; allowed domains and
///   well-known platforms are not reported. The conditions a script tests are listed in the reasons. A target the code
///   builds at run time is read by running the script as the visitors it may wait for (<see cref="VisitorRuns"/>).</item>
/// <item><c>frame.hidden-external</c>: an iframe to another site that is hidden or at most 2 px in either dimension, in the
///   page or made by a script (<see cref="ScriptFrames"/>). Medium (trackers do this too); high when the host is denied,
///   under a suspicious TLD or random-looking.</item>
/// </list>
/// </summary>
public sealed partial class RedirectAnalyzer : IPageAnalyzer
{
    public const string CrossDomainRule = "redirect.cross-domain";
    public const string HiddenFrameRule = "frame.hidden-external";

    public static readonly RuleDescriptor CrossDomain = RuleCatalogue.RedirectCrossDomain;
    public static readonly RuleDescriptor HiddenFrame = RuleCatalogue.FrameHiddenExternal;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [CrossDomain, HiddenFrame];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var origin = page.RedirectChain.Count > 0 ? page.EffectiveUrl : page.RequestedUrl;
        if (page.AttemptedNavigations.Count > 0 && page.FinalUrl is { } final && !final.StartsWith("http", StringComparison.Ordinal)) origin = page.RequestedUrl;
        var cloaking = page.Scripts.Any(s => ScriptCode.Of(s, page, rules) is { } t && SearchEngineTest().IsMatch(t));
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var emulation = VisitorRuns.PageBudget(); // for targets the code builds at run time
        var scriptFrames = new List<(ScriptFrames.Frame Frame, string Selector, string? From)>();

        // The rendered page's refreshes, then the served HTML's: a browser that runs scripts never parses a refresh
        // inside <noscript>, which spiders and visitors without scripts follow.
        var refreshes = page.Meta.Select(m => (Meta: m, Served: false));
        if (!ServedSource.IsSource(page) && ServedSource.Of(page, rules.Detectors) is { } source)
            refreshes = refreshes.Concat(source.Meta.Where(m => !page.Meta.Contains(m)).Select(m => (Meta: m, Served: true)));
        foreach (var (meta, served) in refreshes)
        {
            if (!string.Equals(meta.HttpEquiv, "refresh", StringComparison.OrdinalIgnoreCase)) continue;
            var m = RefreshUrl().Match(meta.Content);
            if (!m.Success) continue;
            var target = Absolute(m.Groups[2].Value.Trim().Trim('\'', '"'), origin);
            if (target is null) continue;
            var how = $"<meta http-equiv=\"refresh\" content=\"{meta.Content}\">"
                + (served ? " in the served HTML only (inside <noscript>, or removed by a script): spiders and visitors without scripts follow it" : "");
            var finding = Navigation(page, rules, origin, target, how, "meta[http-equiv=\"refresh\"]", cloaking);
            if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return finding;
        }
        foreach (var target in page.AttemptedNavigations)
        {
            // The same test as for a script's location below: a page served from a copy (loopback, a preview host) that
            // sends visitors to its own production site (http → https://news.163.com/) is not leaving its site.
            if (OwnOrSibling(page, rules, origin, target)) continue;
            var finding = Navigation(page, rules, origin, target, "the page navigated by itself after loading (script or refresh; the target need not answer)", null, cloaking);
            if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return finding;
        }
        foreach (var script in page.Scripts.Concat(LoadHandlers.Of(page)))
        {
            // Inline code, or an external script's code the loader brought in (a hijack <script src> on another host), or
            // a handler attribute that runs as the page loads (<body onload="…">).
            if (ScriptCode.Of(script, page, rules) is not { } text) continue;
            var from = ScriptCode.ExternalSource(script, page, rules);
            var layers = ScriptDecoder.Layers(text);
            var code = layers.Count == 0 ? text : text + "\n" + string.Join("\n", layers);
            List<string>? tested = null; // what the code tests about the visitor: read once per script, when a target is found
            // The pattern names "location" in each of its forms; most scripts have none (issue 20: ~1 ms a page saved).
            var locations = code.Contains("location", StringComparison.OrdinalIgnoreCase) ? ScriptLocation().Matches(code) : null;
            foreach (Match m in locations ?? (IEnumerable<Match>)[])
            {
                var target = Absolute(m.Groups["url"].Value, origin);
                if (target is null || OwnOrSibling(page, rules, origin, target) || ChecksItIsOnTarget(code, target)) continue;
                var conditions = tested ??= VisitorTests.In(code);
                var how = $"a script sets the location: \"{Signals.Clip(m.Value, 120)}\"" + OnlyForSome(conditions);
                var finding = Judged(Navigation(page, rules, origin, target, how, script.Selector, cloaking), conditions, InsideHandler(code, m.Index), target, rules, cloaking);
                if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return ScriptCode.Located(finding, from);
            }
            // Targets the code builds at run time ("ht"+"tps://…", [..].join("/"), window["\x6c…"]), behind any visitor
            // test: the script is run as the default visitor and as the visitors sneaky redirects pick.
            var conditionsNow = tested ??= VisitorTests.In(code);
            foreach (var run in VisitorRuns.Of(text, code, conditionsNow.Count > 0, page.EffectiveUrl, emulation))
            {
                var target = Absolute(run.Url, origin);
                if (target is null || reported.Contains(SiteDomain.HttpHost(target) ?? "") || OwnOrSibling(page, rules, origin, target) || ChecksItIsOnTarget(code, target)) continue;
                var how = $"a script sends {(run.Visitor == VisitorProfile.Default ? "every visitor" : run.Visitor.Name)} to {Signals.Clip(run.Url, 120)}"
                    + " (a target the code builds at run time: read by running it in the emulator)" + OnlyForSome(conditionsNow);
                var finding = Judged(Navigation(page, rules, origin, target, how, script.Selector, cloaking), conditionsNow, run.OnEvent, target, rules, cloaking);
                if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return ScriptCode.Located(finding, from);
            }
            foreach (var frame in ScriptFrames.In(code)) scriptFrames.Add((frame, script.Selector, from));
            foreach (var (url, markup) in WindowFrames.WrittenBy(code, rules))
            {
                var target = Absolute(url, origin);
                if (target is null || OwnOrSibling(page, rules, origin, target)) continue;
                var how = $"a script writes a frame that fills the window: \"{Signals.Clip(markup, 120)}\" — visitors stay at this address and see another site"
                    + OnlyForSome(tested ??= VisitorTests.In(code));
                var finding = Navigation(page, rules, origin, target, how, script.Selector, cloaking);
                if (finding is not null && reported.Add(SiteDomain.HttpHost(target)!)) yield return ScriptCode.Located(finding, from);
            }
        }
        foreach (var frame in page.Frames.Where(f => WindowFrames.Fills(f, rules)))
        {
            if (OwnOrSibling(page, rules, origin, frame.Src)) continue;
            var how = $"a frame of {frame.Box.Width:0}×{frame.Box.Height:0} px from the window's top-left corner shows another site: visitors stay at this address and see that site";
            var finding = Navigation(page, rules, origin, frame.Src, how, frame.Selector, cloaking);
            if (finding is not null && reported.Add(SiteDomain.HttpHost(frame.Src)!)) yield return finding;
        }
        if (page.RedirectChain.Count > 0)
        {
            var first = page.RedirectChain[0];
            var finding = Navigation(page, rules, first, page.EffectiveUrl, $"the server redirected {first} to {page.EffectiveUrl} ({page.RedirectChain.Count} hop(s))", null, cloaking);
            // A link redirector (/go.php?url=https://other/) names its target in its own address: a site's own feature.
            if (finding is not null && Uri.UnescapeDataString(first).Contains(SiteDomain.HttpHost(page.EffectiveUrl)!, StringComparison.OrdinalIgnoreCase)
                && new Uri(first).Query.Length > 0)
                finding = finding with { Severity = Severity.Medium, Reasons = [.. finding.Reasons, "the requested address names the target in its query: a link redirector"] };
            if (finding is not null && reported.Add(SiteDomain.HttpHost(page.EffectiveUrl)!)) yield return finding;
        }

        var framed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var frame in page.Frames)
        {
            var host = Signals.UntrustedExternalHost(frame.Src, page, rules);
            if (host is null) continue;
            framed.Add(frame.Src);
            var tiny = frame.Box.Width <= rules.Detectors.Get(HiddenFrameSettings.TinyPixels) || frame.Box.Height <= rules.Detectors.Get(HiddenFrameSettings.TinyPixels);
            if (!frame.Visibility.Hidden && !tiny) continue;
            var how = frame.Visibility.Hidden ? Signals.HiddenReason(frame.Visibility) : $"{frame.Box.Width:0}×{frame.Box.Height:0} px";
            yield return HiddenFrameFinding(page, rules, host, frame.Src, frame.Selector, frame.Visibility, how);
        }
        // Frames a script creates or writes: in the page on the browser engine (above), only in the code on the static one.
        foreach (var (frame, selector, from) in scriptFrames)
        {
            if (Absolute(frame.Src, origin) is not { } src || framed.Contains(src) || Signals.UntrustedExternalHost(src, page, rules) is not { } host) continue;
            framed.Add(src);
            var finding = HiddenFrameFinding(page, rules, host, src, selector, Visibility.HiddenBecause([.. frame.Reasons]),
                $"{frame.Hiding}, as the script makes it: \"{Signals.Clip(frame.Code, 120)}\"");
            yield return ScriptCode.Located(finding, from);
        }
    }

    /// <summary>
    /// <c>frame.hidden-external</c>: medium (trackers hide frames too); high when the host is denied, under a suspicious TLD
    /// or named with letters run into a number (<see cref="Signals.MixedNumberName"/>).
    /// </summary>
    private static Finding HiddenFrameFinding(PageSnapshot page, RuleSet rules, string host, string src, string? selector, Visibility visibility, string how)
    {
        var reasons = new List<string?> { $"iframe from {host}, another site", how };
        var severity = Severity.Medium;
        if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) { reasons.Add($"denied domain {denied}"); severity = Severity.High; }
        if (rules.LinkPolicy.SuspiciousTldOf(host) is { } tld) { reasons.Add($"suspicious top-level domain .{tld}"); severity = Severity.High; }
        // A tracker's hidden frame comes from a named service (crwdcntrl.net, 126.net); a hidden frame from
        // 60088js.com or xpj2998.xyz, letters run into a number, is how injected gambling sites count visits.
        if (Signals.MixedNumberName(SiteDomain.Of(host)) is { } domain) { reasons.Add($"{domain} runs letters into a number, as gambling sites' names do"); severity = Severity.High; }
        return Signals.Make(HiddenFrame, page, severity, selector, src, reasons, host, visibility, matched: host, linkHref: src);
    }

    /// <summary>
    /// A script redirect's severity once found. Code inside a function that only an event calls may never run: a person
    /// should look; conditions on the visitor, or code that runs by itself (top level, a timer, onload), are a redirect.
    /// Phones sent to m./wap. of a plain domain are a site's mobile edition, seen from a copy of the page (a local folder,
    /// a preview host) that cannot tell its own domain; other tests, or a hostile host, keep it critical.
    /// </summary>
    private static Finding? Judged(Finding? finding, List<string> conditions, bool onlyOnEvent, string target, RuleSet rules, bool cloaking)
    {
        if (finding is not null && conditions.Count == 0 && onlyOnEvent)
            finding = finding with { Severity = Severity.Medium, Reasons = [.. finding.Reasons, "inside a function that an event or a click calls: it may never run"] };
        if (finding is { Severity: Severity.Critical } && !cloaking && conditions is ["for a mobile device"] && MobileEdition(target, rules))
            finding = finding with { Severity = Severity.Medium, Reasons = [.. finding.Reasons, "only phones are sent, to a mobile edition (m./wap. of a plain domain): the site's own mobile pages when that is its domain"] };
        return finding;
    }

    private static Finding? Navigation(PageSnapshot page, RuleSet rules, string origin, string target, string how, string? selector, bool cloaking)
    {
        var host = SiteDomain.HttpHost(target);
        var originHost = SiteDomain.HttpHost(origin);
        if (host is null || originHost is null || SiteDomain.SameSite(host, originHost) || rules.LinkPolicy.IsAllowed(host) || rules.LinkPolicy.IsWellKnown(host)) return null;
        var reasons = new List<string?> { how, $"from {originHost} to {host}, another site: visitors (or spiders) who ask for this page get another site's" };
        var severity = Severity.Critical;
        if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) { reasons.Add($"denied domain {denied}"); severity = Severity.Critical; }
        if (rules.LinkPolicy.SuspiciousTldOf(host) is { } tld) { reasons.Add($"suspicious top-level domain .{tld}"); severity = Severity.Critical; }
        if (cloaking) { reasons.Add("a script on the page tests whether the visitor came from a search engine"); severity = Severity.Critical; }
        return Signals.Make(CrossDomain, page, severity, selector, target, reasons, host, matched: host, linkHref: target);
    }

    private static bool MobileEdition(string target, RuleSet rules)
    {
        var host = SiteDomain.HttpHost(target);
        if (host is null) return false;
        var site = SiteDomain.Of(host);
        return MobileLabel().IsMatch(host) && !RandomLookingDomain.Is(site)
            && rules.LinkPolicy.DeniedDomainFor(host) is null && rules.LinkPolicy.SuspiciousTldOf(host) is null;
    }

    [GeneratedRegex(@"^(?:m|wap|3g|mobile|touch|h5)\.", RegexOptions.IgnoreCase)]
    private static partial Regex MobileLabel();

    private static string? Absolute(string url, string baseUrl) =>
        Uri.TryCreate(new Uri(baseUrl), url, out var abs) ? abs.ToString() : null;

    /// <summary>
    /// A target on one of the page's own sites (<see cref="Signals.HomeSites"/>), or on a sibling domain of the same name
    /// (sina.com.cn → sina.cn, the mobile edition): how sites send phones to their mobile pages.
    /// </summary>
    internal static bool OwnOrSibling(PageSnapshot page, RuleSet rules, string origin, string target)
    {
        var host = SiteDomain.HttpHost(target);
        if (host is null) return true;
        var site = SiteDomain.Of(host);
        var own = Signals.HomeSites(page, rules).Append(SiteDomain.HttpHost(origin) is { } o ? SiteDomain.Of(o) : "").Where(x => x.Length > 0).ToList();
        return own.Any(o => string.Equals(o, site, StringComparison.OrdinalIgnoreCase)
            || string.Equals(o.Split('.')[0], site.Split('.')[0], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The script first checks that the page is already on the target's site (<c>"readhub.cn" === location.host</c>):
    /// an http→https or path upgrade of the site's own pages, not a redirect away.
    /// </summary>
    private static bool ChecksItIsOnTarget(string code, string target)
    {
        var site = SiteDomain.HttpHost(target) is { } h ? SiteDomain.Of(h) : null;
        if (site is null || !LocationHost().IsMatch(code)) return false;
        var at = 0;
        var count = 0;
        var compared = false; // the site beside location.host, in one expression: the test itself, not a URL kept elsewhere
        while ((at = code.IndexOf(site, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            compared |= LocationHostBefore().IsMatch(code[Math.Max(0, at - 80)..at])
                || LocationHostAfter().IsMatch(code[(at + site.Length)..Math.Min(code.Length, at + site.Length + 80)]);
            at += site.Length;
        }
        return count >= 2 && compared;
    }

    [GeneratedRegex(@"location\.host(?:name)?\b[^;{}]*\z")]
    private static partial Regex LocationHostBefore();

    [GeneratedRegex(@"\A[^;{}]*location\.host(?:name)?\b")]
    private static partial Regex LocationHostAfter();

    [GeneratedRegex(@"location\.host(?:name)?\b")]
    private static partial Regex LocationHost();

    /// <summary>Whether <paramref name="index"/> sits inside a function body that is not a timer or load callback.</summary>
    private static bool InsideHandler(string code, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            var c = code[i];
            if (c == '}') depth++;
            else if (c == '{')
            {
                if (depth > 0) { depth--; continue; }
                var head = code[Math.Max(0, i - 120)..i];
                if (FunctionHead().IsMatch(head) && !AutoRun().IsMatch(head)) return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"(?:function\s*[\w$]*\s*\([^()]*\)|=>)\s*$")]
    private static partial Regex FunctionHead();

    [GeneratedRegex(@"(?:(?:setTimeout|setInterval|ready|\$)\s*\(\s*|\.onload\s*=\s*|(?:DOMContentLoaded|load)['""]\s*,\s*|(?:^|[;\n{}])\s*[!(]?\(\s*)(?:function\s*[\w$]*\s*\([^()]*\)|\([^()]*\)\s*=>)\s*$")]
    private static partial Regex AutoRun();

    /// <summary>The visitor properties a redirect script tests before it fires (the ways sneaky redirects pick their victims).</summary>
    private static string OnlyForSome(List<string> conditions) =>
        conditions.Count > 0 ? $" — only for some visitors: tests {string.Join(", ", conditions)}" : "";

    [GeneratedRegex(@"(?:(?:window|top|self|document|parent)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=(?!=)\s*['""](?<url>(?:https?:)?//[^'""\s]+)['""]|location\s*\.\s*(?:replace|assign)\s*\(\s*['""](?<url>(?:https?:)?//[^'""\s]+)['""]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptLocation();

    // The delay is digits and dots, as browsers read it ("0.1;url=…" redirects at once).
    [GeneratedRegex(@"^\s*[\d.]*\s*[;,]?\s*(url\s*=\s*)?(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RefreshUrl();

    [GeneratedRegex(@"document\.referrer[^;{}]{0,200}?(?:baidu|google|sogou|so\.com|sm\.cn|bing|yahoo|soso|youdao|haosou)", RegexOptions.IgnoreCase)]
    private static partial Regex SearchEngineTest();
}
