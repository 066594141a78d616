using Polly;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Cli.Crawling;

/// <summary>
/// Wraps an engine's loader with the crawl's manners: a slot from the host's throttle for each attempt, and
/// Polly retries of 429/5xx answers. The engine's own per-page timeout (--timeout) still bounds each attempt.
/// </summary>
public sealed class PoliteLoader : IPageLoader
{
    private readonly IPageLoader _inner;
    private readonly HostThrottle _throttle;
    private readonly ResiliencePipeline<PageSnapshot> _retry;

    public PoliteLoader(IPageLoader inner, HostThrottle throttle, CrawlOptions options, ILogger log)
    {
        _inner = inner;
        _throttle = throttle;
        _retry = RetryPolicy.Create<PageSnapshot>(options, s => s.Status, s => s.Headers.GetValueOrDefault("retry-after"), s => s.RequestedUrl, log);
    }

    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
        return await _retry.ExecuteAsync(async ct =>
        {
            using var slot = await _throttle.EnterAsync(host, ct);
            return await _inner.LoadAsync(url, profile, ct);
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
