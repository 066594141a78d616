using System.Runtime.CompilerServices;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The site a page names as its own when it was saved from it or served under another name (a copy in a folder, a
/// mirror): the registrable domain of its <c>rel="home"</c> link (WordPress and most CMSs mark the site-title link so),
/// when the page's own stylesheets or its feed come from the same site. Two independent parts of the template must
/// agree: an attacker's injected link does not carry <c>rel="home"</c> and the theme's stylesheet. A canonical link is not
/// read: hijacking it is an attack of its own.
/// </summary>
public static class DeclaredOwnSite
{
    private static readonly ConditionalWeakTable<PageSnapshot, StrongBox<string?>> Cache = [];

    /// <summary>The registrable domain the page names as its own, or null.</summary>
    public static string? Of(PageSnapshot page) =>
        string.IsNullOrEmpty(page.ServedHtml) ? null : Cache.GetValue(page, p => new StrongBox<string?>(Read(p))).Value;

    /// <summary>Whether <paramref name="href"/> is on the site the page names as its own.</summary>
    public static bool Holds(PageSnapshot page, string href) =>
        Of(page) is { } own && SiteDomain.HttpHost(href) is { } host && SiteDomain.Of(host).Equals(own, StringComparison.OrdinalIgnoreCase);

    private static string? Read(PageSnapshot page)
    {
        var document = SharedHtmlParsers.For(default(HtmlParserOptions)).ParseDocument(page.ServedHtml);
        var homes = document.QuerySelectorAll("a[rel~=home][href]")
            .Select(a => SiteDomain.HttpHost(a.GetAttribute("href")!)).OfType<string>().Select(SiteDomain.Of).Distinct().ToList();
        if (homes.Count != 1) return null;
        var template = document.QuerySelectorAll("link[rel~=stylesheet][href], link[rel~=alternate][href][type*=rss], link[rel~=alternate][href][type*=atom]")
            .Select(l => SiteDomain.HttpHost(l.GetAttribute("href")!)).OfType<string>().Select(SiteDomain.Of);
        return template.Contains(homes[0], StringComparer.OrdinalIgnoreCase) ? homes[0] : null;
    }
}
