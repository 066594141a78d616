namespace Scanner.Browser.Loading;

public sealed record BrowserLoaderOptions
{
    /// <summary>An explicit Chromium executable; null to search (see <see cref="BrowserLocator"/>).</summary>
    public string? ExecutablePath { get; init; }
    /// <summary>A browser that runs elsewhere, connected to instead of starting one (then no local Chromium is needed).</summary>
    public RemoteBrowser? Remote { get; init; }
    /// <summary>Where the progress of installing Chromium goes when none is found (<see cref="BrowserSetup"/>); default standard error.</summary>
    public TextWriter? InstallProgress { get; init; }
    /// <summary>Longest wait for the server to deliver the document (DOMContentLoaded); past it the page is an error.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The scan's detector settings: the stylesheets kept for the served-HTML view are bounded by <c>subresources</c>.</summary>
    public Scanner.Core.Rules.DetectorSettings Detectors { get; init; } = Scanner.Core.Rules.DetectorSettings.None;
    /// <summary>Once the document is there, how long to wait for subresources (the load event) before probing anyway.</summary>
    public TimeSpan LoadEventWait { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>After load, how long to wait for the network to go idle so late-injected content is seen.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// A page is settled when its DOM has not changed for this long and no script, stylesheet, XHR/fetch or frame is
    /// loading (<see cref="PageSettler"/>); it is waited for so at most <see cref="LoadEventWait"/> + <see cref="SettleTime"/>.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>
    /// Once the document is there, the most the rest of the page may take: the load event, network idle and the probe
    /// together. A page whose scripts hold the renderer is recorded with an error when it runs out.
    /// </summary>
    public TimeSpan AfterLoadBudget { get; init; } = TimeSpan.FromSeconds(17);

    /// <summary>
    /// The addresses pages may reach; every request of Chromium then goes through a <see cref="Network.GuardedProxy"/>.
    /// Null, or a guard that allows private addresses: no proxy.
    /// </summary>
    public Core.Network.AddressGuard? Guard { get; init; }
    public int ViewportWidth { get; init; } = 1366;
    public int ViewportHeight { get; init; } = 900;
}
