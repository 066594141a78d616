using System.Collections.Concurrent;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Scanner.Core.Analyzers;
using Scanner.Core.Network;
using Scanner.Core.Rules;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine's fetch of what decides a block's visibility besides the page itself, so that it judges a block
/// as the browser does: the page's <c>&lt;link rel=stylesheet&gt;</c> files (a link block hidden by a class of the
/// site's own sheet: <c>.yqlj{position:absolute;left:-9999px}</c>) and the sheets they and the page's <c>&lt;style&gt;</c>
/// blocks pull in with <c>@import</c>, which <see cref="CssVisibility"/> applies where they stand in the cascade; and
/// the code of the page's same-site external scripts (<c>js/site.js</c> opening a menu), which
/// <see cref="RevealSignals"/> reads for what can show a hidden block again. Third-party scripts are not read for that:
/// an injected loader on another host could name its own farm.
/// Bounded by <c>subresources</c> in rules/detectors.yaml: the first <c>styleSheetsPerPage</c> sheets of a page,
/// imports included (each URL once: an import cycle ends there), <c>styleSheetBytes</c> of each, at most
/// <see cref="ExternalScripts.MaxPerPage"/> scripts of <see cref="ExternalScripts.MaxBytes"/>; one request at a time
/// per host (inside the page's own politeness slot: the crawl holds the page's host while its loader runs), and the
/// page waits at most <c>pageWaitMilliseconds</c> for all of them. Each URL is fetched once per scan (a site's pages
/// share one stylesheet); failures are kept too, so a missing sheet costs one 404 per scan, and they end up as one
/// page note, never as the page's error. Every connection goes through the scan's <see cref="AddressGuard"/>.
/// </summary>
public sealed class LinkedStyleSheets : IDisposable
{
    /// <summary>One sheet's whole request (connect, headers, body), independent of the page that asked first.</summary>
    public static readonly TimeSpan SheetTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Characters of sheet text kept per scan: past it the cache starts again empty.</summary>
    public const long MaxCachedChars = 32 * 1024 * 1024;

    /// <summary>What one fetch gave: the text, or why there is none.</summary>
    private sealed record Sheet(string? Text, string? Problem);

    /// <summary>
    /// What a page's loader brought in: the text of its linked and imported sheets by absolute URL, what could not be
    /// read, and the code of its same-site external scripts.
    /// </summary>
    public sealed record Fetched(IReadOnlyDictionary<string, string> Texts, IReadOnlyList<string> Notes)
    {
        public static Fetched None { get; } = new(new Dictionary<string, string>(), []);

        /// <summary>
        /// The code of the page's external scripts on its own site (registrable domain) that arrived whole, by absolute
        /// URL. The static snapshot carries it as those scripts' <see cref="Model.PageScript.ExternalText"/>, so the script
        /// rules' own fetch (Scanner.Engine's <c>ExternalScriptFetcher</c>) does not ask for them again.
        /// </summary>
        public IReadOnlyDictionary<string, string> SiteScripts { get; init; } = new Dictionary<string, string>();
    }

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Lazy<Task<Sheet>>> _cache = new(StringComparer.Ordinal);
    private readonly int _maxPerPage;
    private readonly long _maxBytes;
    private readonly TimeSpan _pageWait;
    private long _cachedChars;

    /// <param name="guard">The scan's address guard: a stylesheet URL (or a redirect) to a private address is refused like a page's.</param>
    /// <param name="settings">The detector settings whose <c>subresources</c> bound the fetch (the built-in ones when null).</param>
    public LinkedStyleSheets(AddressGuard guard, DetectorSettings? settings = null)
    {
        _http = ScannerHttp.CreateClient(followRedirects: true, guard);
        settings ??= DetectorSettings.None;
        _maxPerPage = settings.Get(SubresourceSettings.StyleSheetsPerPage);
        _maxBytes = settings.Get(SubresourceSettings.StyleSheetBytes);
        _pageWait = TimeSpan.FromMilliseconds(settings.Get(SubresourceSettings.PageWaitMilliseconds));
    }

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
            if (link.GetAttribute("media") is { } media && !Css.StyleSheetReader.ForScreen(media)) continue;
            var href = link.GetAttribute("href")!.Trim();
            if (href.Length > 0) yield return (link, href);
        }
    }

    /// <summary>An http(s) URL for <paramref name="href"/> as written in a sheet or page at <paramref name="at"/>, or null.</summary>
    public static string? Resolve(Uri? at, string href) =>
        at is not null && Uri.TryCreate(at, href.Trim(), out var url) && url.Scheme is "http" or "https" ? url.AbsoluteUri : null;

    /// <summary>The page's external scripts on its own site (registrable domain), in page order, each once, bounded.</summary>
    public static IReadOnlyList<string> SameSiteScripts(IDocument document, Uri page)
    {
        if (SiteDomain.HttpHost(page.AbsoluteUri) is not { } own) return [];
        return document.Scripts.Select(s => s.Source).Where(src => !string.IsNullOrWhiteSpace(src))
            .Select(src => Resolve(page, src!)).OfType<string>()
            .Where(url => SiteDomain.HttpHost(url) is { } host && SiteDomain.SameSite(host, own))
            .Distinct(StringComparer.Ordinal).Take(ExternalScripts.MaxPerPage).ToList();
    }

    /// <summary>The page's linked sheets with their imports, and its same-site scripts, as far as they arrive within the page's wait.</summary>
    public async Task<Fetched> FetchAsync(IDocument document, Uri page, string? userAgent, CancellationToken ct)
    {
        var wanted = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool Want(string? url)
        {
            lock (wanted)
            {
                if (url is null || wanted.Count >= _maxPerPage || !seen.Add(url)) return false;
                wanted.Add(url);
                return true;
            }
        }
        foreach (var (_, href) in Applying(document)) Want(Resolve(page, href));
        foreach (var style in document.QuerySelectorAll("style"))
            foreach (var import in CssImports.Of(style.TextContent)) Want(Resolve(page, import));
        var scripts = SameSiteScripts(document, page);
        lock (wanted) if (wanted.Count == 0 && scripts.Count == 0) return Fetched.None;

        var results = new ConcurrentDictionary<string, Sheet>(StringComparer.Ordinal);
        var code = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // One request at a time per host, hosts side by side (a site's own files and a CDN's); imports round by round.
        async Task AllAsync()
        {
            List<(string Url, bool Script)> round;
            lock (wanted) round = [.. wanted.Select(u => (u, false)), .. scripts.Select(u => (u, true))];
            while (round.Count > 0)
            {
                await Task.WhenAll(round.GroupBy(x => new Uri(x.Url).Authority).Select(async files =>
                {
                    foreach (var (url, script) in files)
                        if (!script) results[url] = await Get(new Uri(url), userAgent, script: false);
                        // A script cut at the size limit is left out, as the script rules leave it (a library, not a hijack).
                        else if (await Get(new Uri(url), userAgent, script: true) is { Text: { } text, Problem: null }) code[url] = text;
                }));
                var next = new List<(string, bool)>();
                foreach (var (url, script) in round)
                    if (!script && results.TryGetValue(url, out var sheet) && sheet.Text is { } text)
                        foreach (var import in CssImports.Of(text))
                            if (Resolve(new Uri(url), import) is { } imported && Want(imported)) next.Add((imported, false));
                round = next;
            }
        }
        try
        {
            await AllAsync().WaitAsync(_pageWait, ct);
        }
        catch (TimeoutException)
        {
            // Some are late: the page goes on with those that came.
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        List<string> asked;
        lock (wanted) asked = [.. wanted];
        foreach (var url in asked)
        {
            if (!results.TryGetValue(url, out var sheet)) problems.Add($"{url} (not read within {_pageWait.TotalSeconds:0.#} s)");
            else if (sheet.Text is { } text) texts[url] = text;
            if (sheet?.Problem is { } problem) problems.Add($"{url} ({problem})");
        }
        var notes = problems.Count == 0 ? [] : new[]
        {
            $"{problems.Count} of {asked.Count} linked stylesheet(s) not read (or not whole), so what they hide is not seen: "
            + string.Join("; ", problems.Take(3)) + (problems.Count > 3 ? "; …" : ""),
        };
        return new Fetched(texts, notes) { SiteScripts = code.ToDictionary(StringComparer.Ordinal) };
    }

    private Task<Sheet> Get(Uri url, string? userAgent, bool script) =>
        _cache.GetOrAdd((script ? "script " : "sheet ") + url.AbsoluteUri, _ => new Lazy<Task<Sheet>>(() => DownloadAsync(url, userAgent, script))).Value;

    /// <param name="script">A script: up to <see cref="ExternalScripts.MaxBytes"/>, decoded as the script rules read code
    /// (its charset, else detected: GBK scripts are common); else a sheet, up to <c>subresources.styleSheetBytes</c>.</param>
    private async Task<Sheet> DownloadAsync(Uri url, string? userAgent, bool script)
    {
        using var timeout = new CancellationTokenSource(SheetTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            request.Headers.TryAddWithoutValidation("Accept", script ? "*/*" : "text/css,*/*;q=0.1");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) return new Sheet(null, $"HTTP {(int)response.StatusCode}");
            var type = response.Content.Headers.ContentType;
            // Browsers apply a sheet served as text/html only in quirks mode; an error page served with 200 is no sheet.
            if (type?.MediaType is { } media && media.Contains("html", StringComparison.OrdinalIgnoreCase))
                return new Sheet(null, $"served as {media}");
            var maxBytes = script ? ExternalScripts.MaxBytes : _maxBytes;
            var body = await CappedBody.ReadAsync(response.Content, maxBytes, timeout.Token);
            var text = script ? HtmlDecoder.Decode(body.Bytes, type?.ToString()) : Decode(body.Bytes, type?.CharSet);
            Count(text.Length);
            return new Sheet(text, body.Truncated ? $"only the first {BodyLimits.Describe(maxBytes)} read" : null);
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

/// <summary>The sheets a style sheet imports (<c>@import url(x.css)</c>, <c>@import "x.css" screen</c>), for a desktop visitor's screen.</summary>
internal static partial class CssImports
{
    /// <summary>
    /// The hrefs of <paramref name="css"/>'s <c>@import</c> rules, as written and in order: only those before its first
    /// rule block count (browsers ignore a later one), and only for the screen (no media, or all/screen).
    /// </summary>
    public static IReadOnlyList<string> Of(string css)
    {
        if (css.IndexOf("@import", StringComparison.OrdinalIgnoreCase) < 0) return [];
        var code = Comment().Replace(css, "");
        var brace = code.IndexOf('{');
        var head = brace < 0 ? code : code[..brace];
        var hrefs = new List<string>();
        foreach (Match m in Import().Matches(head))
        {
            var media = Layer().Replace(m.Groups["media"].Value, "").Trim();
            if (media.Length == 0 || Css.StyleSheetReader.ForScreen(media)) hrefs.Add(m.Groups["url"].Value.Trim());
        }
        return hrefs;
    }

    [GeneratedRegex(@"/\*[\s\S]*?\*/")]
    private static partial Regex Comment();

    [GeneratedRegex(@"@import\s+(?:url\(\s*(?<q>['""]?)(?<url>[^'"")]+)\k<q>\s*\)|(?<q2>['""])(?<url>[^'""]+)\k<q2>)(?<media>[^;]*)(?:;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Import();

    /// <summary>Cascade layers and support conditions on an import: they say nothing about the screen.</summary>
    [GeneratedRegex(@"\b(?:layer|supports)\s*\([^)]*\)|\blayer\b", RegexOptions.IgnoreCase)]
    private static partial Regex Layer();
}
