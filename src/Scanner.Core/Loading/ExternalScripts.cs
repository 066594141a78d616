using Scanner.Core.Model;

namespace Scanner.Core.Loading;

/// <summary>
/// The code of a page's external scripts (<c>&lt;script src&gt;</c>), brought into the snapshot so that the
/// <c>script.*</c> and <c>redirect.*</c> rules read a hijack script on another host (or the site's own hacked
/// <c>common.js</c>) as they read an inline one. Both engines keep to these limits: the static engine fetches the
/// scripts (Scanner.Engine's <c>ExternalScriptFetcher</c>), the browser keeps the bodies of the scripts the page loaded
/// (Scanner.Browser's <c>LoadedBodies</c>). Code that did not arrive within them is simply not read.
/// </summary>
public static class ExternalScripts
{
    /// <summary>Scripts read per page: injected ones sit among the site's own few, not after the fiftieth.</summary>
    public const int MaxPerPage = 16;

    /// <summary>Bytes per script: hijack scripts are a few KiB; bigger files are libraries and bundles, left out.</summary>
    public const long MaxBytes = 256 * 1024;

    /// <summary>The external scripts of <paramref name="page"/> worth fetching: http(s), each once, in page order,
    /// hosts <paramref name="skipHost"/> names (well-known CDNs and analytics, allowed domains of other sites: <c>ScriptCode.Trusted</c>) left out.</summary>
    public static IReadOnlyList<string> ToFetch(PageSnapshot page, Func<string, bool> skipHost) =>
        page.Scripts.Select(s => s.Src).OfType<string>()
            .Where(src => Uri.TryCreate(src, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !skipHost(uri.Host))
            .Distinct(StringComparer.Ordinal).Take(MaxPerPage).ToList();

    /// <summary>
    /// <paramref name="page"/> with the code that arrived (URL → text) on its scripts. With <paramref name="addUnlisted"/>,
    /// code of a URL no <c>&lt;script&gt;</c> element names any more (a loader that removed itself, a script added and
    /// taken out by another) becomes a script of its own.
    /// </summary>
    public static PageSnapshot With(PageSnapshot page, IReadOnlyDictionary<string, string> texts, bool addUnlisted = false)
    {
        if (texts.Count == 0) return page;
        var scripts = page.Scripts.Select(s => s.Src is { } src && texts.TryGetValue(src, out var text) ? s with { ExternalText = text } : s).ToList();
        if (addUnlisted)
        {
            var listed = page.Scripts.Select(s => s.Src).OfType<string>().ToHashSet(StringComparer.Ordinal);
            scripts.AddRange(texts.Where(t => !listed.Contains(t.Key))
                .Select(t => new PageScript(t.Key, null, $"script[src=\"{t.Key}\"]") { ExternalText = t.Value }));
        }
        return page with { Scripts = scripts };
    }
}
