using System.Collections.Concurrent;
using System.Net.Http;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Network;
using Scanner.Core.Rules;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// The static engine's external scripts (<see cref="ExternalScripts"/>): fetches the code of a page's
/// <c>&lt;script src&gt;</c> URLs so the script rules can read it, through the scan's address guard and per-host
/// politeness, at most <see cref="ExternalScripts.MaxPerPage"/> per page and <see cref="ExternalScripts.MaxBytes"/>
/// each, each within <see cref="Timeout"/>. Well-known CDNs and analytics and the allowed domains are not fetched.
/// Answers are kept for the scan by URL (a site's pages share their scripts), failures too: a script that does not
/// arrive is left unread, and the page goes on.
/// </summary>
public sealed class ExternalScriptFetcher : IDisposable
{
    /// <summary>One script's whole request: a hijack script is a few KiB from a host that answers or not.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>URLs kept per scan: enough for every script a site shares; past it, a script is fetched but not kept.</summary>
    private const int MaxCached = 2000;

    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private readonly HttpClient _http;
    private readonly HostThrottle _throttle;
    private readonly RuleSet _rules;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _cache = new(StringComparer.Ordinal);

    public ExternalScriptFetcher(AddressGuard guard, HostThrottle throttle, RuleSet rules, ILogger log)
    {
        _http = ScannerHttp.CreateClient(followRedirects: true, guard);
        _throttle = throttle;
        _rules = rules;
        _log = log;
    }

    /// <summary>
    /// <paramref name="page"/> with the code of its external scripts, when it was read from its served HTML (the static
    /// engine). Scripts whose code the page already carries are not fetched again: the same-site ones the static loader
    /// read with the page's stylesheets (<see cref="LinkedStyleSheets"/>), or those a browser kept when the page left its
    /// document and was read from its served HTML.
    /// </summary>
    public async Task<PageSnapshot> WithScriptsAsync(PageSnapshot page, CancellationToken ct)
    {
        if (!page.Loaded || !page.ReadFromServedHtml) return page; // the browser keeps the scripts it ran itself
        var known = page.Scripts.Where(s => s.ExternalText is not null).Select(s => s.Src).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var urls = ExternalScripts.ToFetch(page, host => ScriptCode.Trusted(host, page.EffectiveUrl, _rules)).Where(u => !known.Contains(u)).ToList();
        if (urls.Count == 0) return page;
        var texts = await Task.WhenAll(urls.Select(url => TextAsync(url, page.EffectiveUrl).WaitAsync(ct)));
        return ExternalScripts.With(page, urls.Zip(texts).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal));
    }

    private Task<string?> TextAsync(string url, string pageUrl)
    {
        if (_cache.TryGetValue(url, out var known)) return known.Value;
        if (_cache.Count >= MaxCached) return FetchAsync(url, pageUrl);
        return _cache.GetOrAdd(url, u => new Lazy<Task<string?>>(() => FetchAsync(u, pageUrl))).Value;
    }

    /// <summary>The script's code, or null: an error status, an HTML page in its place, over the size limit, no answer in time.</summary>
    private async Task<string?> FetchAsync(string url, string pageUrl)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var uri = new Uri(url);
            using var slot = await _throttle.EnterAsync(uri.Authority, timeout.Token);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
            request.Headers.TryAddWithoutValidation("Referer", pageUrl);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var type = response.Content.Headers.ContentType?.ToString();
            if (!response.IsSuccessStatusCode || type?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
                || response.Content.Headers.ContentLength > ExternalScripts.MaxBytes) return null;
            var body = await CappedBody.ReadAsync(response.Content, ExternalScripts.MaxBytes, timeout.Token);
            return body.Truncated ? null : HtmlDecoder.Decode(body.Bytes, type);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or UriFormatException)
        {
            _log.Debug("External script {Url} not read: {Error}", url, e.Message);
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
