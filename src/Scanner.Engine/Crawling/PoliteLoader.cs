using Polly;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// Wraps an engine's loader with the crawl's manners: a slot from the host's throttle for each attempt, and
/// Polly retries of 429/5xx answers and dropped connections. The engine's own per-page timeout (--timeout) still bounds each attempt.
/// Screenshot capture passes through when the engine can take them.
/// </summary>
public sealed class PoliteLoader : ICapturingPageLoader
{
    private readonly IPageLoader _inner;
    private readonly HostThrottle _throttle;
    private readonly ResiliencePipeline<PageSnapshot> _retry;

    public PoliteLoader(IPageLoader inner, HostThrottle throttle, CrawlOptions options, ILogger log)
    {
        _inner = inner;
        _throttle = throttle;
        _retry = RetryPolicy.Create<PageSnapshot>(options, s => s.Status, s => s.ConnectionDropped, s => s.Headers.GetValueOrDefault("retry-after"), s => s.RequestedUrl, log);
    }

    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken) =>
        PolitelyAsync(url, ct => _inner.LoadAsync(url, profile, ct), cancellationToken);

    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection capture, CancellationToken cancellationToken) =>
        _inner is ICapturingPageLoader capturing
            ? PolitelyAsync(url, ct => capturing.LoadAsync(url, profile, capture, ct), cancellationToken)
            : LoadAsync(url, profile, cancellationToken);

    private async Task<PageSnapshot> PolitelyAsync(string url, Func<CancellationToken, Task<PageSnapshot>> load, CancellationToken cancellationToken)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
        return await _retry.ExecuteAsync(async ct =>
        {
            using var slot = await _throttle.EnterAsync(host, ct);
            return await load(ct);
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
