using AngleSharp.Html.Parser;

namespace Scanner.Core.Loading;

/// <summary>Facts read from the HTML as served, before any script ran.</summary>
public static class ServedDocument
{
    public static string? TitleOf(string html)
    {
        if (string.IsNullOrEmpty(html)) return null;
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelector("title")?.TextContent.Trim();
    }
}
