using System.Text.RegularExpressions;

namespace Scanner.Core.Crawling;

/// <summary>The page's &lt;link rel="canonical"&gt; (in the served HTML), resolved and normalised.</summary>
public static partial class CanonicalLink
{
    public static string? Of(string servedHtml, string pageUrl)
    {
        if (string.IsNullOrEmpty(servedHtml)) return null;
        // The first 64 KiB, matched in place (not copied: a large object for every page).
        for (var tag = LinkTag().Match(servedHtml, 0, Math.Min(servedHtml.Length, 65536)); tag.Success; tag = tag.NextMatch())
        {
            if (!CanonicalRel().IsMatch(tag.Value)) continue;
            var href = Href().Match(tag.Value);
            if (href.Success) return UrlNormalizer.Resolve(pageUrl, System.Net.WebUtility.HtmlDecode(href.Groups[2].Value));
        }
        return null;
    }

    [GeneratedRegex(@"<link\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    [GeneratedRegex(@"\brel\s*=\s*[""']?\s*canonical\b", RegexOptions.IgnoreCase)]
    private static partial Regex CanonicalRel();

    [GeneratedRegex(@"\bhref\s*=\s*([""'])(.*?)\1", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
