using System.Diagnostics;
using AngleSharp.Dom;
using System.Net;
using Scanner.Core.Model;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine: what the server sends, fetched with HttpClient and parsed with AngleSharp; no scripts run.
/// Visibility is judged from the markup only (<see cref="MarkupVisibility"/>: the hidden attribute, inline styles,
/// simple rules of the page's own style blocks, one-line hiding scripts), not from linked stylesheets.
/// Fast and browser-free: for CI on build output, large crawls, and cheap spider-profile fetches.
/// </summary>
public sealed class StaticPageLoader : IPageLoader
{
    private const int MaxRedirects = 10;
    private const string DesktopUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

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
                // A redirect to a host that does not answer: where the server sent us is still evidence.
                AttemptedNavigations = chain.Count > 0 ? [current.AbsoluteUri] : [],
            };
        }
    }

    private static PageSnapshot Snapshot(string url, Uri final, int status, HttpResponseMessage response, List<string> chain,
        string html, FetchProfile profile, TimeSpan elapsed)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)));
        return MarkupSnapshot.Build(html, final, new PageSnapshot
        {
            RequestedUrl = url,
            FinalUrl = final.AbsoluteUri,
            Status = status,
            Error = status >= 400 ? $"HTTP {status} {response.ReasonPhrase}".TrimEnd() : null,
            Profile = profile.Name,
            Headers = headers,
            RedirectChain = chain,
            LoadTime = elapsed,
        });
    }

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
