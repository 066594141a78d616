using System.Collections.Concurrent;
using System.Net;
using Polly;
using Scanner.Core.Analyzers;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Network;
using Scanner.Core.Reports;
using Scanner.Core.Rules;
using Serilog;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Engine.Crawling;

/// <summary>
/// `--check-links`: every http(s) link on the scanned pages is checked once per scan (cached by normalised URL).
/// Internal targets: HEAD, with GET as fallback when HEAD is refused or fails (404/410 are believed at once).
/// External targets: GET, because their title and text are run through the keyword rules: a domain that expired
/// and was re-registered by a casino shows up as <c>link.target-spam</c>. 429/5xx and dropped connections are retried (Polly, Retry-After),
/// requests go through the same per-host throttle as page loads.
/// </summary>
public sealed class LinkChecker : IDisposable
{
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

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

    public LinkChecker(HostThrottle throttle, CrawlScope scope, CrawlOptions options, RuleSet rules, TimeSpan timeout, AddressGuard guard, ILogger log)
    {
        _http = ScannerHttp.CreateClient(followRedirects: true, guard); // each redirect hop's connection goes through the guard
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
                    html = HtmlDecoder.Decode((await CappedBody.ReadAsync(response.Content, BodyLimits.LinkTarget, timeout.Token)).Bytes, contentType);
                return new Answer(status, retryAfter, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), LinkStatus.Classify(status), html,
                    response.RequestMessage?.RequestUri?.AbsoluteUri);
            }
            catch (HttpRequestException e) when (AddressGuard.RefusalIn(e) is { } refused)
            {
                // Not broken, and not fetched: the target (or a redirect on the way) is on a forbidden address.
                return new Answer(null, null, refused.Message, LinkVerdict.CouldNotVerify, null, null);
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

    /// <summary>
    /// The target as the static engine reads it (<see cref="StaticSnapshotBuilder"/>), for the keyword rules: its title and
    /// the text each element owns, all taken as visible (a spam site's text counts whether or not it hides it).
    /// </summary>
    private static PageSnapshot TargetSnapshot(string url, string finalUrl, int status, string html)
    {
        var target = StaticSnapshotBuilder.TryBuild(html, new Uri(finalUrl), new PageSnapshot { RequestedUrl = url, FinalUrl = finalUrl, Status = status })
            ?? new PageSnapshot { RequestedUrl = url, FinalUrl = finalUrl, Status = status, ServedHtml = html };
        return target with { TextBlocks = target.TextBlocks.Select(b => b with { Visibility = Visibility.Visible, LinkHref = null }).ToList() };
    }

    public void Dispose() => _http.Dispose();
}
