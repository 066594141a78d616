using System.Net.Http.Headers;

namespace Scanner.Core.Loading;

/// <summary>
/// Whether a response is a document to scan. A binary, an image, JSON or a download (Content-Disposition: attachment)
/// is recorded as "not an HTML document (content type …)" instead of being read and parsed as HTML.
/// </summary>
public static class DocumentType
{
    private static readonly string[] Readable = ["text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"];

    /// <summary>Null when the response is a document; else the page's error.</summary>
    public static string? NotHtmlReason(string? mediaType, bool attachment)
    {
        if (attachment) return $"not an HTML document (a download: content type {mediaType ?? "none"}, Content-Disposition: attachment)";
        if (string.IsNullOrWhiteSpace(mediaType)) return null; // no type: sniffed as HTML, as browsers do
        return Readable.Contains(mediaType.Trim().ToLowerInvariant()) ? null : $"not an HTML document (content type {mediaType})";
    }

    public static string? NotHtmlReason(HttpResponseMessage response) =>
        NotHtmlReason(response.Content.Headers.ContentType?.MediaType, IsAttachment(response.Content.Headers.ContentDisposition));

    private static bool IsAttachment(ContentDispositionHeaderValue? disposition) =>
        string.Equals(disposition?.DispositionType, "attachment", StringComparison.OrdinalIgnoreCase);
}
