using Scanner.Core.History;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Tamper signals (scan --history): a page compared with itself on the last night it was clean (no findings but
/// tamper ones). Pure: the previous <see cref="PageFacts"/> come from the history, the current ones and the snapshot
/// from this run.
/// <list type="bullet">
/// <item><c>tamper.new-link-domain</c>: links to sites the page did not link to. Medium; high when one of them is hidden
///   or three or more sites appear at once (an injected block, not an editor's new link).</item>
/// <item><c>tamper.new-script-host</c>: an external script from a host the page did not load scripts from. Medium.</item>
/// <item><c>tamper.new-iframe</c>: an iframe that was not there. Medium; high when it is hidden or points to another site.</item>
/// <item><c>tamper.title-changed</c>, <c>tamper.meta-changed</c>: the title (medium) or meta keywords/description (low) changed.</item>
/// <item><c>tamper.defacement</c>: most of the visible text is gone or replaced. High; critical when the title changed
///   too or the page lost most of its links (a defacement page: one banner, no navigation).</item>
/// <item><c>tamper.new-redirect</c>: the page now ends on another site and did not before. High.</item>
/// </list>
/// A news page whose text changes a little raises nothing: only a change of most of the text is a signal.
/// </summary>
public static class TamperRules
{
    public const string NewLinkDomainRule = "tamper.new-link-domain";
    public const string NewScriptHostRule = "tamper.new-script-host";
    public const string NewIframeRule = "tamper.new-iframe";
    public const string TitleChangedRule = "tamper.title-changed";
    public const string MetaChangedRule = "tamper.meta-changed";
    public const string DefacementRule = "tamper.defacement";
    public const string NewRedirectRule = "tamper.new-redirect";

    /// <summary>The prefix of every tamper rule: a page whose only findings are these still counts as clean.</summary>
    public const string Family = "tamper.";

    /// <summary>Below this share of text in common with the clean night, the text was replaced (a small edit keeps ~0.8+).</summary>
    public const double ReplacedBelow = 0.25;
    /// <summary>A text this much shorter than on the clean night is mostly gone.</summary>
    public const double GoneBelowShare = 0.25;
    /// <summary>Texts shorter than this on the clean night are too small to judge a replacement by.</summary>
    public const int MinimumTextLength = 200;

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
    [
        RuleCatalogue.TamperNewLinkDomain, RuleCatalogue.TamperNewScriptHost, RuleCatalogue.TamperNewIframe, RuleCatalogue.TamperTitleChanged,
        RuleCatalogue.TamperMetaChanged, RuleCatalogue.TamperDefacement, RuleCatalogue.TamperNewRedirect,
    ];

    public static bool IsTamperRule(string ruleId) => ruleId.StartsWith(Family, StringComparison.Ordinal);

    /// <param name="clean">The page on the last night it was clean.</param>
    /// <param name="now">The page tonight (<see cref="PageFacts.Of"/> of <paramref name="page"/>).</param>
    public static IReadOnlyList<Finding> Compare(PageFacts clean, PageFacts now, PageSnapshot page)
    {
        var url = page.EffectiveUrl;
        var key = Fingerprint.PageKey(url);
        var findings = new List<Finding>();

        var newDomains = now.LinkDomains.Except(clean.LinkDomains, StringComparer.Ordinal).ToList();
        if (newDomains.Count > 0)
        {
            var links = page.Links.Where(l => SiteDomain.HttpHost(l.Href) is { } h && newDomains.Contains(SiteDomain.Of(h).ToLowerInvariant())).ToList();
            var hidden = links.Where(l => l.Visibility.Hidden).ToList();
            var reasons = new List<string> { $"{newDomains.Count} site(s) the page did not link to on its last clean night: {string.Join(", ", newDomains)}" };
            if (hidden.Count > 0) reasons.Add($"{hidden.Count} of the new links are hidden from visitors ({string.Join(", ", hidden.SelectMany(l => l.Visibility.Reasons).Distinct())})");
            if (newDomains.Count >= 3) reasons.Add("three or more new sites at once: a block was added, not one link");
            var first = hidden.FirstOrDefault() ?? links.FirstOrDefault();
            findings.Add(Make(RuleCatalogue.TamperNewLinkDomain, hidden.Count > 0 || newDomains.Count >= 3 ? Severity.High : Severity.Medium, url,
                string.Join(", ", links.Take(10).Select(l => l.Href).DefaultIfEmpty(string.Join(", ", newDomains))), reasons,
                Fingerprint.Of(NewLinkDomainRule, key, string.Join(",", newDomains)), first?.Selector, hidden.Count > 0, first?.Href));
        }

        var newHosts = now.ScriptHosts.Except(clean.ScriptHosts, StringComparer.Ordinal).ToList();
        if (newHosts.Count > 0)
        {
            var scripts = now.Scripts.Where(s => SiteDomain.HttpHost(s) is { } h && newHosts.Contains(h.ToLowerInvariant())).ToList();
            findings.Add(Make(RuleCatalogue.TamperNewScriptHost, Severity.Medium, url, string.Join(", ", scripts),
                [$"scripts from {string.Join(", ", newHosts)}, a host the page did not load scripts from on its last clean night"],
                Fingerprint.Of(NewScriptHostRule, key, string.Join(",", newHosts)),
                page.Scripts.FirstOrDefault(s => s.Src is not null && scripts.Contains(s.Src))?.Selector, false, null));
        }

        var newFrames = now.Frames.Except(clean.Frames, StringComparer.Ordinal).ToList();
        if (newFrames.Count > 0)
        {
            var frames = page.Frames.Where(f => newFrames.Contains(f.Src)).ToList();
            var hidden = frames.Any(f => f.Visibility.Hidden || f.Box.Width <= 2 || f.Box.Height <= 2);
            var external = newFrames.Any(f => SiteDomain.IsExternal(f, url));
            var reasons = new List<string> { $"{newFrames.Count} iframe(s) that were not on the page on its last clean night" };
            if (hidden) reasons.Add("hidden or at most 2 px");
            if (external) reasons.Add("showing another site");
            findings.Add(Make(RuleCatalogue.TamperNewIframe, hidden || external ? Severity.High : Severity.Medium, url, string.Join(", ", newFrames), reasons,
                Fingerprint.Of(NewIframeRule, key, string.Join(",", newFrames)), frames.FirstOrDefault()?.Selector, hidden, null));
        }

        var titleChanged = !string.Equals(clean.Title ?? "", now.Title ?? "", StringComparison.Ordinal);
        if (titleChanged)
            findings.Add(Make(RuleCatalogue.TamperTitleChanged, Severity.Medium, url, now.Title ?? "(no title)",
                [$"the title was \"{clean.Title}\" on the page's last clean night"], Fingerprint.Of(TitleChangedRule, key, now.Title), "title", false, null));

        foreach (var (name, before, after) in new[] { ("keywords", clean.MetaKeywords, now.MetaKeywords), ("description", clean.MetaDescription, now.MetaDescription) })
            if (!string.Equals(before ?? "", after ?? "", StringComparison.Ordinal))
                findings.Add(Make(RuleCatalogue.TamperMetaChanged, Severity.Low, url, after ?? $"(no meta {name})",
                    [$"meta {name} was \"{before}\" on the page's last clean night"], Fingerprint.Of(MetaChangedRule, key, name, after), $"meta[name=\"{name}\"]", false, null));

        if (clean.TextLength >= MinimumTextLength)
        {
            var similarity = PageFacts.TextSimilarity(clean, now);
            var gone = now.TextLength < clean.TextLength * GoneBelowShare;
            if (gone || similarity < ReplacedBelow)
            {
                var reasons = new List<string>
                {
                    gone ? $"the visible text shrank from {clean.TextLength} to {now.TextLength} characters"
                         : $"only about {similarity:P0} of the visible text is the same as on the page's last clean night",
                };
                var linksLost = clean.LinkCount >= 5 && now.LinkCount < clean.LinkCount * GoneBelowShare;
                if (titleChanged) reasons.Add("the title changed too");
                if (linksLost) reasons.Add($"the page lost most of its links ({clean.LinkCount} → {now.LinkCount}): its navigation is gone");
                var text = PageFacts.VisibleText(page);
                findings.Add(Make(RuleCatalogue.TamperDefacement, titleChanged || linksLost ? Severity.Critical : Severity.High, url,
                    text.Length > 300 ? text[..300] + "…" : text.Length == 0 ? "(no visible text)" : text, reasons,
                    Fingerprint.Of(DefacementRule, key, now.TextHash), "body", false, null));
            }
        }

        if (now.RedirectedTo is { } target && SiteDomain.IsExternal(target, page.RequestedUrl)
            && (clean.RedirectedTo is null || !SiteDomain.IsExternal(clean.RedirectedTo, page.RequestedUrl) || SiteDomain.IsExternal(target, clean.RedirectedTo)))
            findings.Add(Make(RuleCatalogue.TamperNewRedirect, Severity.High, page.RequestedUrl, target,
                [clean.RedirectedTo is null ? "the page did not redirect on its last clean night" : $"the page redirected to {clean.RedirectedTo} on its last clean night"],
                Fingerprint.Of(NewRedirectRule, Fingerprint.PageKey(page.RequestedUrl), SiteDomain.HttpHost(target)), null, false, target));

        return findings;
    }

    private static Finding Make(RuleDescriptor rule, Severity severity, string url, string evidence, IReadOnlyList<string> reasons, string fingerprint,
        string? selector, bool hidden, string? href) => new()
    {
        RuleId = rule.Id,
        Title = rule.Title,
        Severity = severity,
        Category = rule.Category,
        Url = url,
        Selector = selector,
        Hidden = hidden,
        Evidence = evidence,
        Reasons = reasons,
        LinkHref = href,
        Fingerprint = fingerprint,
    };
}
