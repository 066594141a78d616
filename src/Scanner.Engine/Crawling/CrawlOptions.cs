using Scanner.Core.Crawling;

namespace Scanner.Engine.Crawling;

/// <summary>The crawl part of `scanner scan`: how far to follow links, and how politely.</summary>
public sealed record CrawlOptions
{
    /// <summary>Links followed from the start pages: 0 = only the pages named (and those listed in sitemaps/URL lists).</summary>
    public int MaxDepth { get; init; }
    public int MaxPages { get; init; } = 10_000;
    public ScopeKind Scope { get; init; } = ScopeKind.Host;
    public IReadOnlyList<UrlPattern> Include { get; init; } = [];
    public IReadOnlyList<UrlPattern> Exclude { get; init; } = [];
    public bool RespectRobots { get; init; } = true;
    /// <summary>Requests in flight to one host at once (page loads and link checks alike).</summary>
    public int PerHostConcurrency { get; init; } = 4;
    /// <summary>Least time between the starts of two requests to one host (robots.txt's Crawl-delay raises it).</summary>
    public TimeSpan PerHostDelay { get; init; } = TimeSpan.Zero;
    /// <summary>Retries of a 429 or 5xx answer (Retry-After honoured, else exponential backoff with jitter).</summary>
    public int Retries { get; init; } = 2;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The longest Retry-After we wait for; longer ones are capped to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);
    public bool CheckLinks { get; init; }

    /// <summary>The token matched against robots.txt user-agent lines.</summary>
    public const string RobotsUserAgent = "scanner";
}
