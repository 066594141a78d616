namespace Scanner.Browser.Loading;

public sealed record BrowserLoaderOptions
{
    /// <summary>An explicit Chromium executable; null to search (see <see cref="BrowserLocator"/>).</summary>
    public string? ExecutablePath { get; init; }
    /// <summary>Longest wait for a page's load event.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>After load, how long to wait for the network to go idle so late-injected content is seen.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(2);
    public int ViewportWidth { get; init; } = 1366;
    public int ViewportHeight { get; init; } = 900;
}
