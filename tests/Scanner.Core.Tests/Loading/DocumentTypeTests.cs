using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

public sealed class DocumentTypeTests
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("TEXT/HTML")]
    [InlineData("application/xhtml+xml")]
    [InlineData("text/plain")] // read as a document: spam is planted in .txt pages too
    [InlineData(null)] // no Content-Type: browsers sniff, so do we
    [InlineData("")]
    public void Documents_are_scanned(string? mediaType) => Assert.Null(DocumentType.NotHtmlReason(mediaType, attachment: false));

    [Theory]
    [InlineData("application/json")]
    [InlineData("image/png")]
    [InlineData("application/octet-stream")]
    [InlineData("application/pdf")]
    public void Anything_else_is_recorded_as_not_html(string mediaType) =>
        Assert.Equal($"not an HTML document (content type {mediaType})", DocumentType.NotHtmlReason(mediaType, attachment: false));

    [Fact]
    public void A_download_is_not_a_document_whatever_its_type() =>
        Assert.StartsWith("not an HTML document (a download", DocumentType.NotHtmlReason("text/html", attachment: true));
}
