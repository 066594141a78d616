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
        if (string.IsNullOrEmpty(page.ServedHtml)) return [];
        var found = new List<PageScript>();
        foreach (Match m in Handler().Matches(page.ServedHtml))
        {
            var code = WebUtility.HtmlDecode(m.Groups["code"].Value);
            // Only code that could send the visitor somewhere is worth the redirect rule's time.
            if (!code.Contains("location", StringComparison.OrdinalIgnoreCase) && !code.Contains("[", StringComparison.Ordinal)) continue;
            found.Add(new PageScript(null, code, $"{m.Groups["tag"].Value.ToLowerInvariant()}[{m.Groups["name"].Value.ToLowerInvariant()}]"));
            if (found.Count == MaxPerPage) break;
        }
        return found;
    }

    [GeneratedRegex(@"<(?<tag>[a-z][a-z0-9]*)\b[^>]*?\s(?<name>onload|onerror|onpageshow)\s*=\s*(?:""(?<code>[^""]{1,4000})""|'(?<code>[^']{1,4000})')", RegexOptions.IgnoreCase)]
    private static partial Regex Handler();
}
