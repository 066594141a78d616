using System.Diagnostics;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Model;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine: what the server sends, fetched with HttpClient and parsed with AngleSharp; no scripts run.
/// Visibility is judged from the markup only (hidden attribute, inline display/visibility), not from stylesheets.
/// Fast and browser-free: for CI on build output, large crawls, and cheap spider-profile fetches.
/// </summary>
public sealed class StaticPageLoader : IPageLoader
{
    private const int MaxRedirects = 10;
    private const string DesktopUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly HashSet<string> SkippedElements = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE"];

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public StaticPageLoader(TimeSpan timeout)
    {
        _timeout = timeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // we follow redirects ourselves to record the chain
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var chain = new List<string>();
        var current = new Uri(url);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", profile.UserAgent ?? DesktopUserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
                if (profile.Referer is not null) request.Headers.Referrer = new Uri(profile.Referer);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location && hop < MaxRedirects)
                {
                    chain.Add(current.AbsoluteUri);
                    current = new Uri(current, location);
                    continue;
                }
                if (status < 400 && DocumentType.NotHtmlError(response.Content.Headers.ContentType?.ToString()) is { } notHtml)
                    return new PageSnapshot
                    {
                        RequestedUrl = url, FinalUrl = current.AbsoluteUri, Status = status, Error = notHtml, Profile = profile.Name,
                        Headers = HeadersOf(response), RedirectChain = chain, LoadTime = clock.Elapsed,
                    };
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                var html = HtmlDecoder.Decode(body, response.Content.Headers.ContentType?.ToString());
                return Snapshot(url, current, status, response, chain, html, profile, clock.Elapsed);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = e is OperationCanceledException ? $"Timeout: no answer within {_timeout.TotalSeconds:0} s" : e.Message;
            return new PageSnapshot
            {
                RequestedUrl = url, Error = error, ConnectionDropped = DroppedConnection.Is(e), Profile = profile.Name, RedirectChain = chain, LoadTime = clock.Elapsed,
            };
        }
    }

    private static PageSnapshot Snapshot(string url, Uri final, int status, HttpResponseMessage response, List<string> chain,
        string html, FetchProfile profile, TimeSpan elapsed)
    {
        var document = new HtmlParser().ParseDocument(html);
        var headers = HeadersOf(response);
        var title = document.QuerySelector("title")?.TextContent.Trim();
        return new PageSnapshot
        {
            RequestedUrl = url,
            FinalUrl = final.AbsoluteUri,
            Status = status,
            Error = status >= 400 ? $"HTTP {status} {response.ReasonPhrase}".TrimEnd() : null,
            Profile = profile.Name,
            Headers = headers,
            RedirectChain = chain,
            ServedHtml = html,
            RenderedHtml = html,
            RawTitle = title,
            RenderedTitle = title,
            TextBlocks = TextBlocksOf(document, final).ToArray(),
            Links = document.QuerySelectorAll("a[href], area[href]")
                .Select(a => new PageLink(CssPath.Of(a), Resolve(final, a.GetAttribute("href")!), Collapse(a.TextContent), VisibilityOf(a), default, a.GetAttribute("rel")))
                .ToArray(),
            Scripts = document.Scripts.Select(s => new PageScript(
                string.IsNullOrEmpty(s.Source) ? null : Resolve(final, s.Source), string.IsNullOrEmpty(s.Source) ? s.Text : null, CssPath.Of(s))).ToArray(),
            Frames = document.QuerySelectorAll("iframe[src], frame[src]")
                .Select(f => new PageFrame(CssPath.Of(f), Resolve(final, f.GetAttribute("src")!), VisibilityOf(f), default)).ToArray(),
            Meta = document.QuerySelectorAll("meta").Select(m => new MetaTag(m.GetAttribute("name"), m.GetAttribute("http-equiv"),
                m.GetAttribute("property"), m.GetAttribute("content") ?? "")).ToArray(),
            LoadTime = elapsed,
        };
    }

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)));

    private static IEnumerable<TextBlock> TextBlocksOf(IHtmlDocument document, Uri baseUri)
    {
        if (document.Body is null) yield break;
        foreach (var element in document.Body.DescendantsAndSelf<IElement>())
        {
            if (SkippedElements.Contains(element.TagName) || element.Ancestors<IElement>().Any(a => SkippedElements.Contains(a.TagName))) continue;
            var text = Collapse(string.Concat(element.ChildNodes.OfType<IText>().Select(t => t.Data)));
            if (text.Length == 0) continue;
            var link = element.Closest("a[href]");
            yield return new TextBlock(CssPath.Of(element), element.LocalName, text, VisibilityOf(element), default,
                link is null ? null : Resolve(baseUri, link.GetAttribute("href")!));
        }
    }

    /// <summary>What the markup alone says about visibility: the hidden attribute and inline styles, on the element or above.</summary>
    private static Visibility VisibilityOf(IElement element)
    {
        var reasons = new List<string>();
        for (var e = element; e is not null; e = e.ParentElement)
        {
            var own = new List<string>();
            if (e.HasAttribute("hidden")) own.Add("display-none");
            var style = (e.GetAttribute("style") ?? "").Replace(" ", "").ToLowerInvariant();
            if (style.Contains("display:none")) own.Add("display-none");
            if (style.Contains("visibility:hidden")) own.Add("visibility-hidden");
            if (own.Count == 0) continue;
            reasons.Add(e == element ? string.Join(", ", own.Distinct()) : $"hidden-ancestor ({string.Join(", ", own.Distinct())} on {e.LocalName})");
        }
        return reasons.Count == 0 ? Visibility.Visible : new Visibility(true, reasons);
    }

    private static string Resolve(Uri baseUri, string href) =>
        Uri.TryCreate(baseUri, href.Trim(), out var absolute) ? absolute.AbsoluteUri : href;

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A CSS selector for an element, in the same style as the browser probe (#id, or tag:nth-of-type chains).</summary>
public static class CssPath
{
    public static string Of(IElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null && e.LocalName != "html"; e = e.ParentElement)
        {
            if (!string.IsNullOrEmpty(e.Id) && e.Owner?.QuerySelectorAll($"[id='{e.Id.Replace("'", "\\'")}']").Length == 1)
            {
                parts.Insert(0, "#" + e.Id);
                break;
            }
            var part = e.LocalName;
            var siblings = e.ParentElement?.Children.Where(c => c.LocalName == e.LocalName).ToList();
            if (siblings is { Count: > 1 }) part += $":nth-of-type({siblings.IndexOf(e) + 1})";
            parts.Insert(0, part);
        }
        return string.Join(" > ", parts);
    }
}
