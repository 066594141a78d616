using AngleSharp.Html.Parser;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine's one way from HTML to a <see cref="PageSnapshot"/>: parse with AngleSharp, walk once
/// (<see cref="MarkupSnapshot"/>: text blocks, links with their containers, scripts, frames with their declared size,
/// meta) with the visibility of inline and <c>&lt;style&gt;</c> CSS (<see cref="CssVisibility"/>). The static loader,
/// the link checker (a link target's text), the browser engine's served-source view and the tests all build their
/// static snapshots here, so what the tests see is what the static engine ships.
/// </summary>
public static class StaticSnapshotBuilder
{
    /// <summary>
    /// <paramref name="template"/> (request, status, headers…) with everything read from <paramref name="html"/>, served
    /// as <paramref name="url"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> ended the parse or the walk (hostile nesting makes
    /// AngleSharp's tree builder quadratic).</exception>
    /// <param name="withSourceSpans">Keep where each named element sits in <paramref name="html"/> (<see cref="PageSnapshot.SourceSpans"/>):
    /// the static engine's pages, whose findings are located in the served HTML afterwards without parsing it again.</param>
    /// <param name="linked">What the loader brought in besides the page (linked sheets, same-site scripts), when it did.</param>
    /// <param name="settings">The detector settings visibility reads (<see cref="CssVisibility"/>); the built-in ones when null.</param>
    public static PageSnapshot Build(string html, Uri url, PageSnapshot template, CancellationToken ct = default, bool withSourceSpans = false,
        LinkedStyleSheets.Fetched? linked = null, DetectorSettings? settings = null)
    {
        var options = new HtmlParserOptions { IsKeepingSourceReferences = withSourceSpans };
        using var document = SharedHtmlParsers.For(options).ParseDocumentAsync(html, ct).GetAwaiter().GetResult();
        return From(document, html, url, template, linked ?? LinkedStyleSheets.Fetched.None, withSourceSpans, settings, ct);
    }

    /// <summary>As <see cref="Build(string, Uri, PageSnapshot, CancellationToken, bool)"/>, with the page's linked stylesheets fetched by <paramref name="sheets"/>.</summary>
    public static async Task<PageSnapshot> BuildAsync(string html, Uri url, PageSnapshot template, LinkedStyleSheets sheets, string? userAgent, bool withSourceSpans,
        DetectorSettings? settings, CancellationToken ct)
    {
        // Parsed on this thread with its shared parser (a string parses synchronously); only the fetch awaits.
        var options = new HtmlParserOptions { IsKeepingSourceReferences = withSourceSpans };
        using var document = SharedHtmlParsers.For(options).ParseDocumentAsync(html, ct).GetAwaiter().GetResult();
        return From(document, html, url, template, await sheets.FetchAsync(document, url, userAgent, ct), withSourceSpans, settings, ct);
    }

    private static PageSnapshot From(AngleSharp.Html.Dom.IHtmlDocument document, string html, Uri url, PageSnapshot template,
        LinkedStyleSheets.Fetched linked, bool withSourceSpans, DetectorSettings? settings, CancellationToken ct)
    {
        var markup = MarkupSnapshot.Of(document, url, ct, linked, settings);
        MarkupSnapshot.KeepNoScriptBlocks(document, html, url);
        // The same-site scripts fetched with the sheets are the script rules' code too: not fetched again.
        return ExternalScripts.With(template with
        {
            ServedHtml = html,
            SourceSpans = withSourceSpans ? markup.SpansIn(html) : null,
            ReadFromServedHtml = true,
            RawTitle = markup.Title,
            RenderedTitle = markup.Title,
            Language = markup.Language,
            TextBlocks = markup.TextBlocks,
            Links = markup.Links,
            AttributeTexts = markup.AttributeTexts,
            Scripts = markup.Scripts,
            Frames = markup.Frames,
            Meta = markup.Meta,
            Notes = [.. template.Notes, .. linked.Notes, .. markup.Notes],
        }, linked.SiteScripts);
    }

    /// <summary>A page served as <paramref name="url"/> and nothing else known about it (tests, local files).</summary>
    public static PageSnapshot Build(string html, string url) =>
        Build(html, new Uri(url), new PageSnapshot { RequestedUrl = url, FinalUrl = url, Status = 200 });

    /// <summary>
    /// As <see cref="Build(string, Uri, PageSnapshot, CancellationToken)"/> for a side job (the served HTML of a browser
    /// page, a link target): parsing and walking get <paramref name="budget"/> (<see cref="BoundedHtmlParse.Budget"/> by
    /// default) and give up (null) past it.
    /// </summary>
    public static PageSnapshot? TryBuild(string html, Uri url, PageSnapshot template, TimeSpan? budget = null,
        LinkedStyleSheets.Fetched? linked = null, DetectorSettings? settings = null)
    {
        using var timeout = new CancellationTokenSource(budget ?? BoundedHtmlParse.Budget);
        try
        {
            return Build(html, url, template, timeout.Token, linked: linked, settings: settings);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }
}
