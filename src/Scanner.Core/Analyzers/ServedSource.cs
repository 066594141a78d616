using System.Runtime.CompilerServices;
using Scanner.Core.Loading;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The page as its served HTML reads without running scripts (what a search-engine spider indexes), built once per
/// snapshot with <see cref="StaticSnapshotBuilder"/>. For the static engine that is the snapshot itself.
/// </summary>
public static class ServedSource
{
    private static readonly ConditionalWeakTable<PageSnapshot, StrongBox<PageSnapshot?>> Cache = [];

    /// <summary>The served-HTML snapshot, or null when the page has no served HTML or it could not be read within the parse budget.</summary>
    public static PageSnapshot? Of(PageSnapshot page)
    {
        if (string.IsNullOrEmpty(page.ServedHtml)) return null;
        if (page.ReadFromServedHtml) return page;
        if (!Uri.TryCreate(page.EffectiveUrl, UriKind.Absolute, out var url)) return null;
        return Cache.GetValue(page, p => new StrongBox<PageSnapshot?>(StaticSnapshotBuilder.TryBuild(p.ServedHtml, url,
            new PageSnapshot { RequestedUrl = p.RequestedUrl, FinalUrl = p.FinalUrl, Status = p.Status, Profile = p.Profile }))).Value;
    }

    /// <summary>Whether the page is the served HTML itself (static engine), so comparing the two says nothing.</summary>
    public static bool IsSource(PageSnapshot page) => ReferenceEquals(Of(page), page);

    /// <summary>How the served markup itself hides each link, by href (first occurrence).</summary>
    public static IReadOnlyDictionary<string, Visibility> HiddenLinks(PageSnapshot page)
    {
        var source = Of(page);
        var map = new Dictionary<string, Visibility>(StringComparer.Ordinal);
        if (source is null) return map;
        foreach (var link in source.Links.Where(l => l.Visibility.Hidden)) map.TryAdd(link.Href, link.Visibility);
        return map;
    }
}
