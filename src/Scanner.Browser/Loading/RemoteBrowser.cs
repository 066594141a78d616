using Microsoft.Playwright;
using Polly;
using Polly.Retry;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>How the scanner talks to a browser that runs elsewhere.</summary>
public enum RemoteProtocol
{
    /// <summary>Playwright's own protocol (<c>--browser-endpoint ws://…</c>): <c>playwright run-server</c>, a Playwright grid.</summary>
    Playwright,
    /// <summary>The Chrome DevTools Protocol (<c>--cdp-endpoint http://…</c>): a Chromium with --remote-debugging-port, browserless, a Selenium Grid 4 node.</summary>
    Cdp,
}

/// <summary>
/// A browser the scanner connects to instead of starting one: the endpoint, the connection, and the reconnection after
/// it drops. A connection that drops mid-scan is treated like a local Chromium that crashed (<see cref="BrowserHost"/>):
/// the scanner connects again and loads the pages that were in flight once more. Connecting again is retried with
/// backoff, since the far side (a supervisor restarting Chromium, a grid node being replaced) takes a moment to come back.
/// </summary>
public sealed class RemoteBrowser
{
    /// <summary>Bounds one connection attempt; Playwright's own default is 30 s.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private RemoteBrowser(RemoteProtocol protocol, Uri endpoint)
    {
        Protocol = protocol;
        Endpoint = endpoint;
    }

    public RemoteProtocol Protocol { get; }
    public Uri Endpoint { get; }

    /// <summary>The option that names this kind of endpoint, for messages.</summary>
    public string OptionName => Protocol == RemoteProtocol.Playwright ? "--browser-endpoint" : "--cdp-endpoint";

    /// <summary>The Playwright version this scanner speaks: a Playwright server must be the same major.minor.</summary>
    public static string PlaywrightVersion =>
        typeof(IPlaywright).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";

    /// <summary>A Playwright server endpoint: ws:// or wss://.</summary>
    /// <exception cref="ArgumentException">Not an absolute ws/wss URL.</exception>
    public static RemoteBrowser PlaywrightServer(string endpoint) =>
        new(RemoteProtocol.Playwright, Parse(endpoint, "--browser-endpoint", ["ws", "wss"], "ws://HOST:PORT/ (playwright run-server)"));

    /// <summary>A DevTools endpoint: http(s):// (the browser's /json/version is read) or ws(s):// (its browser WebSocket).</summary>
    /// <exception cref="ArgumentException">Not an absolute http/https/ws/wss URL.</exception>
    public static RemoteBrowser DevTools(string endpoint) =>
        new(RemoteProtocol.Cdp, Parse(endpoint, "--cdp-endpoint", ["http", "https", "ws", "wss"], "http://HOST:PORT (a Chromium started with --remote-debugging-port=PORT)"));

    private static Uri Parse(string endpoint, string option, string[] schemes, string example)
    {
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"{option} '{endpoint}': expected {string.Join(" or ", schemes.Select(s => s + "://"))} URL, e.g. {example}.");
        return uri;
    }

    /// <summary>One attempt to connect; a scan that cannot reach its browser at the start should say so at once.</summary>
    /// <exception cref="PlaywrightException">Nothing answers there, or it is not a browser this Playwright can drive.</exception>
    internal Task<IBrowser> ConnectAsync(IPlaywright playwright) => Protocol switch
    {
        RemoteProtocol.Playwright => playwright.Chromium.ConnectAsync(Endpoint.OriginalString, new BrowserTypeConnectOptions
        {
            Timeout = (float)ConnectTimeout.TotalMilliseconds,
        }),
        _ => playwright.Chromium.ConnectOverCDPAsync(Endpoint.OriginalString, new BrowserTypeConnectOverCDPOptions
        {
            Timeout = (float)ConnectTimeout.TotalMilliseconds,
        }),
    };

    /// <summary>Connects again after the connection dropped, retrying with backoff (about 30 s of waiting in all) while the far side comes back.</summary>
    internal Task<IBrowser> ReconnectAsync(IPlaywright playwright, ILogger log, CancellationToken ct) =>
        Reconnection(log).ExecuteAsync(async _ => await ConnectAsync(playwright), ct).AsTask();

    private ResiliencePipeline Reconnection(ILogger log) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            // PlaywrightException: refused, reset or not yet a browser; TimeoutException: the far side accepted but never answered.
            ShouldHandle = new PredicateBuilder().Handle<PlaywrightException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 6,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(15),
            UseJitter = true,
            OnRetry = args =>
            {
                log.Warning("The remote browser at {Endpoint} does not answer yet ({Error}); trying again in {Delay:0.0} s",
                    Endpoint, FirstLine(args.Outcome.Exception?.Message), args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>What to check when the first connection fails.</summary>
    public string Advice() => Protocol == RemoteProtocol.Playwright
        ? $"Is a Playwright server running there, of the same version as the scanner's Playwright ({PlaywrightVersion})? e.g. npx playwright@{PlaywrightVersion} run-server --port 3000 --host 0.0.0.0, then {OptionName} ws://HOST:3000/"
        : $"Is a Chromium listening there? e.g. chromium --headless --remote-debugging-port=9222 (reachable only by the scanner: the port gives full control of the browser), then {OptionName} http://HOST:9222";

    public override string ToString() => $"{Endpoint} ({(Protocol == RemoteProtocol.Playwright ? "Playwright server" : "DevTools protocol")})";

    private static string FirstLine(string? message) => (message ?? "").Split('\n', 2)[0].Trim();
}
