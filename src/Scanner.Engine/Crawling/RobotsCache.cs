using System.Collections.Concurrent;
using System.Text;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// robots.txt, fetched once per origin. As RFC 9309 says: 4xx (no file) allows everything, 5xx disallows everything;
/// an unreachable server allows (its pages will fail to load and be reported as such).
/// </summary>
public sealed class RobotsCache(HttpClient http, HostThrottle throttle, ILogger log)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> _byOrigin = new(StringComparer.OrdinalIgnoreCase);

    public Task<RobotsTxt> ForAsync(Uri url, CancellationToken ct) =>
        _byOrigin.GetOrAdd(UrlNormalizer.Origin(url), origin => new Lazy<Task<RobotsTxt>>(() => FetchAsync(origin, url.Authority, ct))).Value;

    private async Task<RobotsTxt> FetchAsync(string origin, string host, CancellationToken ct)
    {
        var robotsUrl = origin + "/robots.txt";
        try
        {
            using var slot = await throttle.EnterAsync(host, ct);
            // The client's timeout covers the headers only; this one covers the body too (a server may trickle it).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (http.Timeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(http.Timeout);
            using var response = await http.GetAsync(robotsUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            RobotsTxt robots;
            if (status is >= 200 and < 300) robots = RobotsTxt.Parse(await ReadTextAsync(response, timeout.Token), CrawlOptions.RobotsUserAgent);
            else if (status >= 500)
            {
                log.Warning("{Url} answered {Status}: robots.txt says nothing can be crawled until it answers (RFC 9309); --ignore-robots overrides", robotsUrl, status);
                robots = RobotsTxt.DisallowAll;
            }
            else robots = RobotsTxt.AllowAll;
            if (robots.CrawlDelay is { } delay && delay > TimeSpan.Zero)
            {
                var capped = delay > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : delay;
                throttle.RaiseDelay(host, capped);
                log.Information("{Origin}: robots.txt asks for a crawl delay of {Seconds} s", origin, capped.TotalSeconds);
            }
            return robots;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.Debug("No robots.txt from {Origin}: {Error}", origin, e.Message);
            return RobotsTxt.AllowAll;
        }
    }

    /// <summary>The first 500 KiB, as Google reads it (RFC 9309 asks crawlers to read at least that much); UTF-8.</summary>
    private static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await CappedBody.ReadAsync(response.Content, BodyLimits.Robots, ct);
        var text = Encoding.UTF8.GetString(body.Bytes);
        // A cut mid-line would turn "Disallow: /private/" into "Disallow: /pri": drop the partial last line.
        return body.Truncated && text.LastIndexOf('\n') is var end and >= 0 ? text[..end] : text;
    }
}
