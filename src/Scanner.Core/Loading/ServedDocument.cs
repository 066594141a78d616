using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Scanner.Core.Loading;

/// <summary>Facts read from the HTML as served, before any script ran.</summary>
public static partial class ServedDocument
{
    public static string? TitleOf(string html)
    {
        if (string.IsNullOrEmpty(html)) return null;
        using var document = BoundedHtmlParse.TryParse(html, new HtmlParserOptions());
        if (document is not null) return document.QuerySelector("title")?.TextContent.Trim();
        // Markup too hostile to parse in time: the first <title> element as written.
        return TitleElement().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;
    }

    [GeneratedRegex(@"<title[^>]*>(.*?)</title", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleElement();
}
