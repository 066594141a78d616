using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

public sealed class DocumentTypeTests
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html; charset=GBK")]
    [InlineData("TEXT/HTML;charset=utf-8")]
    [InlineData("application/xhtml+xml")]
    [InlineData(null)] // no Content-Type: browsers sniff, so do we
    [InlineData("")]
    public void Html_documents_are_scanned(string? contentType) => Assert.Null(DocumentType.NotHtmlError(contentType));

    [Theory]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("image/png", "image/png")]
    [InlineData("application/octet-stream", "application/octet-stream")]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("text/plain", "text/plain")]
    public void Anything_else_is_recorded_as_not_html(string contentType, string mediaType) =>
        Assert.Equal($"not an HTML document (content type {mediaType})", DocumentType.NotHtmlError(contentType));
}
