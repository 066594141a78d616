using System.Net.Http.Headers;

namespace Scanner.Core.Loading;

/// <summary>
/// Whether a response is an HTML document the scanner can analyse, from its Content-Type. A binary, JSON, an image
/// or a PDF is recorded as an error of its own instead of being analysed as an empty page. Both engines use this.
/// </summary>
public static class DocumentType
{
    private static readonly HashSet<string> HtmlMediaTypes = new(StringComparer.OrdinalIgnoreCase) { "text/html", "application/xhtml+xml" };

    /// <summary>Null for an HTML document (or no Content-Type at all: browsers sniff those), else the page's error.</summary>
    public static string? NotHtmlError(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { } m ? m : contentType.Split(';')[0].Trim();
        return HtmlMediaTypes.Contains(mediaType) ? null : $"not an HTML document (content type {mediaType})";
    }
}
