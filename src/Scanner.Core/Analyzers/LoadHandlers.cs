using System.Net;
using System.Text.RegularExpressions;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Code in the served HTML's handler attributes that runs by itself when the page loads — <c>&lt;body onload="…"&gt;</c>,
/// <c>&lt;img src="x" onerror="…"&gt;</c>, <c>onpageshow</c> — read as inline scripts by the redirect rule: an injector
/// that cannot add a <c>&lt;script&gt;</c> hides its referrer redirect there. Handlers of the visitor's own actions
/// (onclick, onmouseover…) are a site's menus and buttons, and are left out.
/// </summary>
public static partial class LoadHandlers
{
    /// <summary>How many handlers of a page are read (a page of thousands of images with onerror fallbacks is a gallery).</summary>
    private const int MaxPerPage = 50;

    public static IReadOnlyList<PageScript> Of(PageSnapshot page)
    {
        var html = page.ServedHtml;
        if (string.IsNullOrEmpty(html)) return [];
        var found = new List<PageScript>();
        // The attribute is found first and its start tag after: a pattern anchored on every '<' that then searched its
        // tag's attributes cost ~2 ms a page. The last '<' and '>' before each hit are tracked in one forward pass.
        var tagOpen = -1;
        var tagClose = -1;
        var scanned = 0;
        foreach (Match m in Handler().Matches(html))
        {
            var before = html.AsSpan(scanned, m.Index - scanned);
            if (before.LastIndexOf('<') is var lt and >= 0) tagOpen = scanned + lt;
            if (before.LastIndexOf('>') is var gt and >= 0) tagClose = scanned + gt;
            scanned = m.Index;
            if (tagOpen <= tagClose) continue; // not inside a start tag: text that only looks like an attribute
            var tag = TagName(html, tagOpen + 1);
            if (tag is null) continue;
            var code = WebUtility.HtmlDecode(m.Groups["code"].Value);
            // Only code that could send the visitor somewhere is worth the redirect rule's time.
            if (!code.Contains("location", StringComparison.OrdinalIgnoreCase) && !code.Contains("[", StringComparison.Ordinal)) continue;
            found.Add(new PageScript(null, code, $"{tag.ToLowerInvariant()}[{m.Groups["name"].Value.ToLowerInvariant()}]"));
            if (found.Count == MaxPerPage) break;
        }
        return found;
    }

    /// <summary>The element name that starts at <paramref name="start"/> (just after '&lt;'), or null when none does.</summary>
    private static string? TagName(string html, int start)
    {
        var end = start;
        while (end < html.Length && (char.IsAsciiLetter(html[end]) || (end > start && char.IsAsciiDigit(html[end])))) end++;
        return end > start ? html[start..end] : null;
    }

    [GeneratedRegex(@"\s(?<name>onload|onerror|onpageshow)\s*=\s*(?:""(?<code>[^""]{1,4000})""|'(?<code>[^']{1,4000})')", RegexOptions.IgnoreCase)]
    private static partial Regex Handler();
}
