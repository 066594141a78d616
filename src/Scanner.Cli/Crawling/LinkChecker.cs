using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Polly;
using Scanner.Core.Analyzers;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Core.Rules;
using Serilog;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Cli.Crawling;

/// <summary>
/// `--check-links`: every http(s) link on the scanned pages is checked once per scan (cached by normalised URL).
/// Internal targets: HEAD, with GET as fallback when HEAD is refused or fails (404/410 are believed at once).
/// External targets: GET, because their title and text are run through the keyword rules: a domain that expired
/// and was re-registered by a casino shows up as <c>link.target-spam</c>. 429/5xx and dropped connections are retried (Polly, Retry-After),
/// requests go through the same per-host throttle as page loads.
/// </summary>
public sealed class LinkChecker : IDisposable
{
    private const int MaxBodyBytes = 2 * 1024 * 1024;
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly HashSet<string> SkippedElements = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"];

    private sealed record Answer(int? Status, string? RetryAfter, string Detail, LinkVerdict? Verdict, string? Html, string? FinalUrl, bool Dropped = false);

    private readonly HttpClient _http;
    private readonly HostThrottle _throttle;
    private readonly CrawlScope _scope;
    private readonly RuleSet _rules;
    private readonly ILogger _log;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline<Answer> _retry;
    private readonly ConcurrentDictionary<string, Lazy<Task<LinkStatus>>> _cache = new(StringComparer.Ordinal);
    private readonly KeywordAnalyzer _keywords = new();
    private int _ok, _broken, _unverified, _spam;

    public LinkChecker(HostThrottle throttle, CrawlScope scope, CrawlOptions options, RuleSet rules, TimeSpan timeout, ILogger log)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        _throttle = throttle;
        _scope = scope;
        _rules = rules;
        _timeout = timeout;
        _log = log;
        _retry = RetryPolicy.Create<Answer>(options, a => a.Status, a => a.Dropped, a => a.RetryAfter, _ => "link target", log);
    }

    public int Ok => _ok;
    public int Broken => _broken;
    public int CouldNotVerify => _unverified;
    public int ServingSpam => _spam;
    public int Checked => _cache.Count;
    public LinkTotals Totals => new(Checked, Ok, Broken, CouldNotVerify, ServingSpam);

    /// <summary>Checks the page's links (each target once per scan) and returns the page's link findings.</summary>
    public async Task<IReadOnlyList<Finding>> CheckPageAsync(PageSnapshot page, CancellationToken ct)
    {
        var targets = page.Links.Select(l => UrlNormalizer.Normalize(l.Href)).OfType<string>().Distinct().ToList();
        var statuses = await Task.WhenAll(targets.Select(t => StatusOfAsync(t, ct)));
        var byHref = statuses.ToDictionary(s => s.Url, StringComparer.Ordinal);
        return LinkCheckRules.Analyze(page, byHref, UrlNormalizer.Normalize).ToList();
    }

    public Task<LinkStatus> StatusOfAsync(string normalizedUrl, CancellationToken ct) =>
        _cache.GetOrAdd(normalizedUrl, url => new Lazy<Task<LinkStatus>>(() => CheckAsync(url, ct))).Value;

    private async Task<LinkStatus> CheckAsync(string url, CancellationToken ct)
    {
        var uri = new Uri(url);
        var external = !_scope.IsInternal(uri);
        Answer answer;
        if (external) answer = await SendAsync(HttpMethod.Get, uri, readBody: true, ct);
        else
        {
            answer = await SendAsync(HttpMethod.Head, uri, readBody: false, ct);
            if (answer.Verdict != LinkVerdict.Ok && answer.Status is not (404 or 410))
                answer = await SendAsync(HttpMethod.Get, uri, readBody: false, ct);
        }
        var verdict = answer.Verdict ?? LinkVerdict.CouldNotVerify;
        IReadOnlyList<Finding> spam = [];
        if (external && verdict == LinkVerdict.Ok && answer.Html is { } html)
            spam = _keywords.Analyze(TargetSnapshot(url, answer.FinalUrl ?? url, answer.Status ?? 200, html), _rules)
                .Where(f => f.Severity >= Severity.Medium).ToList();
        if (verdict == LinkVerdict.Ok) Interlocked.Increment(ref _ok);
        else if (verdict == LinkVerdict.Broken) Interlocked.Increment(ref _broken);
        else Interlocked.Increment(ref _unverified);
        if (spam.Count > 0)
        {
            Interlocked.Increment(ref _spam);
            _log.Warning("Link target {Url} serves {Category} spam", url, spam[0].Category);
        }
        _log.Debug("Link {Url}: {Verdict} ({Detail})", url, verdict, answer.Detail);
        return new LinkStatus(url, verdict, answer.Status, answer.Detail, spam);
    }

    private Task<Answer> SendAsync(HttpMethod method, Uri uri, bool readBody, CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            using var slot = await _throttle.EnterAsync(uri.Authority, token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_timeout);
            try
            {
                using var request = new HttpRequestMessage(method, uri);
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                var retryAfter = response.Headers.RetryAfter is { } ra ? ra.Delta is { } d ? ((int)d.TotalSeconds).ToString() : ra.Date?.ToString("R") : null;
                string? html = null;
                var contentType = response.Content.Headers.ContentType?.ToString();
                if (readBody && status is >= 200 and < 300 && (contentType is null || contentType.Contains("html", StringComparison.OrdinalIgnoreCase)))
                    html = HtmlDecoder.Decode(await ReadCappedAsync(response, timeout.Token), contentType);
                return new Answer(status, retryAfter, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), LinkStatus.Classify(status), html,
                    response.RequestMessage?.RequestUri?.AbsoluteUri);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError)
            {
                return new Answer(null, null, $"DNS failure: {e.Message}", LinkVerdict.Broken, null, null);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError)
            {
                return new Answer(null, null, $"connection failed: {e.Message}", LinkVerdict.Broken, null, null);
            }
            catch (HttpRequestException e)
            {
                return new Answer(null, null, e.Message, LinkVerdict.CouldNotVerify, null, null, DroppedConnection.Is(e));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return new Answer(null, null, $"timeout: no answer within {_timeout.TotalSeconds:0} s", LinkVerdict.CouldNotVerify, null, null);
            }
        }, ct).AsTask();

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < MaxBodyBytes && (read = await stream.ReadAsync(chunk, ct)) > 0) buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    /// <summary>Just enough of the target for the keyword rules: its title and the text each element owns.</summary>
    private static PageSnapshot TargetSnapshot(string url, string finalUrl, int status, string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var blocks = new List<TextBlock>();
        if (document.Body is { } body)
            foreach (var element in body.DescendantsAndSelf<IElement>())
            {
                if (SkippedElements.Contains(element.TagName) || element.Ancestors<IElement>().Any(a => SkippedElements.Contains(a.TagName))) continue;
                var text = string.Join(' ', string.Concat(element.ChildNodes.OfType<IText>().Select(t => t.Data))
                    .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (text.Length > 0) blocks.Add(new TextBlock(CssPath.Of(element), element.LocalName, text, Visibility.Visible, default));
            }
        var title = document.QuerySelector("title")?.TextContent.Trim();
        return new PageSnapshot
        {
            RequestedUrl = url, FinalUrl = finalUrl, Status = status, ServedHtml = html, RawTitle = title, RenderedTitle = title, TextBlocks = blocks,
        };
    }

    public void Dispose() => _http.Dispose();
}
