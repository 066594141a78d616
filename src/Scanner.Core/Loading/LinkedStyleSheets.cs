using System.Collections.Concurrent;
using System.Net.Http;
using System.Text;
using AngleSharp.Dom;
using Scanner.Core.Network;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine's fetch of a page's <c>&lt;link rel=stylesheet&gt;</c> files, so that a link block hidden by a
/// class of the site's own stylesheet (<c>.yqlj{position:absolute;left:-9999px}</c>) is seen hidden, as the browser
/// sees it. <see cref="CssVisibility"/> applies the texts where the links stand, in the cascade with the
/// <c>&lt;style&gt;</c> blocks.
/// Bounded: the first <see cref="MaxPerPage"/> sheets of a page, <see cref="MaxBytes"/> of each, one request at a time
/// per host (inside the page's own politeness slot: the crawl holds the page's host while its loader runs), and the page
/// waits at most <see cref="PageWait"/> for them. Each URL is fetched once per scan (a site's pages share one
/// stylesheet); failures are kept too, so a missing sheet costs one 404 per scan, and they end up as one page note,
/// never as the page's error. Every connection goes through the scan's <see cref="AddressGuard"/>.
/// </summary>
public sealed class LinkedStyleSheets : IDisposable
{
    public const int MaxPerPage = 8;
    public const long MaxBytes = 512 * 1024;
    /// <summary>How long a page waits for its sheets; a sheet that comes later is still cached for the site's next pages.</summary>
    public static readonly TimeSpan PageWait = TimeSpan.FromSeconds(3);
    /// <summary>One sheet's whole request (connect, headers, body), independent of the page that asked first.</summary>
    public static readonly TimeSpan SheetTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Characters of sheet text kept per scan: past it the cache starts again empty.</summary>
    public const long MaxCachedChars = 32 * 1024 * 1024;

    /// <summary>What one fetch gave: the text, or why there is none.</summary>
    private sealed record Sheet(string? Text, string? Problem);

    /// <summary>The sheets of one page: texts by the <c>href</c> as the page wrote it, and what could not be read.</summary>
    public sealed record Fetched(IReadOnlyDictionary<string, string> Texts, IReadOnlyList<string> Notes)
    {
        public static Fetched None { get; } = new(new Dictionary<string, string>(), []);
    }

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Lazy<Task<Sheet>>> _cache = new(StringComparer.Ordinal);
    private long _cachedChars;

    /// <param name="guard">The scan's address guard: a stylesheet URL (or a redirect) to a private address is refused like a page's.</param>
    public LinkedStyleSheets(AddressGuard guard) => _http = ScannerHttp.CreateClient(followRedirects: true, guard);

    /// <summary>
    /// The <c>&lt;link&gt;</c> elements that style a desktop visitor's screen: <c>rel</c> holds <c>stylesheet</c> (not an
    /// alternate one), the media is for the screen, and there is an <c>href</c>. In document order.
    /// </summary>
    public static IEnumerable<(IElement Link, string Href)> Applying(IDocument document)
    {
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = link.GetAttribute("rel")!.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!rel.Contains("stylesheet") || rel.Contains("alternate")) continue;
            if (link.GetAttribute("media") is { } media && !CssVisibility.ForScreen(media)) continue;
            var href = link.GetAttribute("href")!.Trim();
            if (href.Length > 0) yield return (link, href);
        }
    }

    /// <summary>The page's linked sheets, as far as they arrive within <see cref="PageWait"/>.</summary>
    public async Task<Fetched> FetchAsync(IDocument document, Uri page, string? userAgent, CancellationToken ct)
    {
        var wanted = Applying(document)
            .Select(l => (l.Href, Url: Uri.TryCreate(page, l.Href, out var u) && u.Scheme is "http" or "https" ? u : null))
            .Where(x => x.Url is not null)
            .DistinctBy(x => x.Href)
            .Take(MaxPerPage)
            .ToList();
        if (wanted.Count == 0) return Fetched.None;
        var results = new ConcurrentDictionary<string, Sheet>(StringComparer.Ordinal);
        // One request at a time per host, hosts side by side (a site's own sheets and a CDN's).
        var hosts = wanted.GroupBy(x => x.Url!.Authority).Select(async sheets =>
        {
            foreach (var (href, url) in sheets) results[href] = await Get(url!, userAgent);
        });
        try
        {
            await Task.WhenAll(hosts).WaitAsync(PageWait, ct);
        }
        catch (TimeoutException)
        {
            // Some sheets are late: the page goes on with those that came.
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (href, _) in wanted)
        {
            if (!results.TryGetValue(href, out var sheet)) problems.Add($"{href} (not read within {PageWait.TotalSeconds:0} s)");
            else if (sheet.Text is { } text) texts[href] = text;
            if (sheet?.Problem is { } problem) problems.Add($"{href} ({problem})");
        }
        var notes = problems.Count == 0 ? [] : new[]
        {
            $"{problems.Count} of {wanted.Count} linked stylesheet(s) not read (or not whole), so what they hide is not seen: "
            + string.Join("; ", problems.Take(3)) + (problems.Count > 3 ? "; …" : ""),
        };
        return new Fetched(texts, notes);
    }

    private Task<Sheet> Get(Uri url, string? userAgent) =>
        _cache.GetOrAdd(url.AbsoluteUri, _ => new Lazy<Task<Sheet>>(() => DownloadAsync(url, userAgent))).Value;

    private async Task<Sheet> DownloadAsync(Uri url, string? userAgent)
    {
        using var timeout = new CancellationTokenSource(SheetTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            request.Headers.TryAddWithoutValidation("Accept", "text/css,*/*;q=0.1");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) return new Sheet(null, $"HTTP {(int)response.StatusCode}");
            var type = response.Content.Headers.ContentType;
            // Browsers apply a sheet served as text/html only in quirks mode; an error page served with 200 is no sheet.
            if (type?.MediaType is { } media && media.Contains("html", StringComparison.OrdinalIgnoreCase))
                return new Sheet(null, $"served as {media}");
            var body = await CappedBody.ReadAsync(response.Content, MaxBytes, timeout.Token);
            var text = Decode(body.Bytes, type?.CharSet);
            Count(text.Length);
            return new Sheet(text, body.Truncated ? $"only the first {BodyLimits.Describe(MaxBytes)} read" : null);
        }
        catch (OperationCanceledException)
        {
            return new Sheet(null, $"no answer within {SheetTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return new Sheet(null, AddressGuard.RefusalIn(e)?.Message ?? e.Message);
        }
        catch (IOException e)
        {
            return new Sheet(null, $"the response broke off: {e.Message}");
        }
    }

    /// <summary>The charset the server names, else UTF-8 (what nearly every stylesheet is; selectors are ASCII anyway).</summary>
    private static string Decode(byte[] bytes, string? charset)
    {
        Encoding encoding = Encoding.UTF8;
        if (!string.IsNullOrWhiteSpace(charset))
            try { encoding = Encoding.GetEncoding(charset.Trim('"', ' ')); }
            catch (ArgumentException) { }
        return encoding.GetString(bytes);
    }

    /// <summary>Keeps the per-scan cache under <see cref="MaxCachedChars"/>: past it, the next pages fetch again.</summary>
    private void Count(int chars)
    {
        if (Interlocked.Add(ref _cachedChars, chars) <= MaxCachedChars) return;
        _cache.Clear();
        Interlocked.Exchange(ref _cachedChars, chars);
    }

    public void Dispose() => _http.Dispose();
}
