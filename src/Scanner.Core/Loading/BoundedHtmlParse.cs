using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Scanner.Core.Loading;

/// <summary>
/// AngleSharp's tree builder is quadratic on some hostile markup: 100,000 unclosed &lt;div&gt;s take about a minute
/// (each start tag searches the stack of open elements, which keeps every one of them). Parses that serve a side job
/// (the served title, source positions) get a time budget and give up instead of holding a worker.
/// </summary>
public static class BoundedHtmlParse
{
    /// <summary>Ample for a 10 MiB page of ordinary markup on a slow machine.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>The document, or null when parsing it took longer than <paramref name="budget"/>.</summary>
    public static IHtmlDocument? TryParse(string html, HtmlParserOptions options, TimeSpan? budget = null)
    {
        using var timeout = new CancellationTokenSource(budget ?? Budget);
        try
        {
            return SharedHtmlParsers.For(options).ParseDocumentAsync(html, timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
