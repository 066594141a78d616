using System.Runtime.CompilerServices;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The page as its served HTML reads without running scripts (what a search-engine spider indexes), built once per
/// snapshot with <see cref="StaticSnapshotBuilder"/>. For the static engine that is the snapshot itself.
/// </summary>
public static class ServedSource
{
    private static readonly ConditionalWeakTable<PageSnapshot, StrongBox<PageSnapshot?>> Cache = [];

    /// <summary>
    /// The served-HTML snapshot, or null when the page has no served HTML or it could not be read within the parse budget.
    /// A browser page's is read with what the static engine would have fetched, from what the browser loaded: its
    /// stylesheets (<see cref="PageSnapshot.StyleSheets"/>, imports included) and the code of its same-site scripts, so
    /// that both engines judge the same markup alike (what hides a block, what can show it again).
    /// </summary>
    /// <param name="settings">The scan's detector settings (the static engine's visibility reads some); the built-in ones when null.</param>
    public static PageSnapshot? Of(PageSnapshot page, DetectorSettings? settings = null)
    {
        if (string.IsNullOrEmpty(page.ServedHtml)) return null;
        if (page.ReadFromServedHtml) return page;
        if (!Uri.TryCreate(page.EffectiveUrl, UriKind.Absolute, out var url)) return null;
        return Cache.GetValue(page, p => new StrongBox<PageSnapshot?>(StaticSnapshotBuilder.TryBuild(p.ServedHtml, url,
            new PageSnapshot { RequestedUrl = p.RequestedUrl, FinalUrl = p.FinalUrl, Status = p.Status, Profile = p.Profile },
            linked: Loaded(p, url), settings: settings))).Value;
    }

    /// <summary>The browser's stylesheets and the code of its scripts on the page's own site, as the static loader would have fetched them.</summary>
    private static LinkedStyleSheets.Fetched Loaded(PageSnapshot page, Uri url)
    {
        var own = SiteDomain.HttpHost(url.AbsoluteUri);
        var scripts = page.Scripts
            .Where(s => s.Src is not null && s.ExternalText is not null && own is not null && SiteDomain.HttpHost(s.Src) is { } host && SiteDomain.SameSite(host, own))
            .DistinctBy(s => s.Src).Take(ExternalScripts.MaxPerPage).ToDictionary(s => s.Src!, s => s.ExternalText!, StringComparer.Ordinal);
        return page.StyleSheets.Count == 0 && scripts.Count == 0 ? LinkedStyleSheets.Fetched.None
            : new LinkedStyleSheets.Fetched(page.StyleSheets, []) { SiteScripts = scripts };
    }

    /// <summary>Whether the page is the served HTML itself (static engine), so comparing the two says nothing.</summary>
    public static bool IsSource(PageSnapshot page) => page.ReadFromServedHtml && !string.IsNullOrEmpty(page.ServedHtml);

    private static readonly ConditionalWeakTable<PageSnapshot, IReadOnlySet<string>> RevealableCache = [];

    /// <summary>
    /// The texts of the served markup's hidden blocks that the page itself can show (<see cref="RevealSignals.RevealableReason"/>):
    /// the browser's rendered blocks carry no such marker, so a browser page's hidden block is looked up here by its text.
    /// </summary>
    public static IReadOnlySet<string> RevealableTexts(PageSnapshot page, DetectorSettings? settings = null) =>
        RevealableCache.GetValue(page, p => Of(p, settings) is { } source
            ? source.TextBlocks.Where(b => b.Visibility.Hidden && b.Visibility.Reasons.Any(r => r.Contains(RevealSignals.RevealableReason, StringComparison.Ordinal)))
                .Select(b => b.Text).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>());

    /// <summary>How the served markup itself hides each link, by href (first occurrence).</summary>
    public static IReadOnlyDictionary<string, Visibility> HiddenLinks(PageSnapshot page, DetectorSettings? settings = null)
    {
        var source = Of(page, settings);
        var map = new Dictionary<string, Visibility>(StringComparer.Ordinal);
        if (source is null) return map;
        foreach (var link in source.Links.Where(l => l.Visibility.Hidden)) map.TryAdd(link.Href, link.Visibility);
        return map;
    }
}
