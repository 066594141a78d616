using Microsoft.Playwright;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// The scan's one Chromium and the Playwright driver behind it, and their restart. Every loader on this browser (the
/// first one and those made by <see cref="BrowserPageLoader.WithOptions"/>) shares one host, so when Chromium goes
/// away under any of them and is started again, all of them load into the new one. With a <see cref="RemoteBrowser"/>
/// the host connects instead of starting Chromium, and a dropped connection is handled the same way: connected again,
/// the pages in flight loaded once more.
/// </summary>
internal sealed class BrowserHost : IAsyncDisposable
{
    /// <summary>Bounds closing a browser: one that is dying was seen to leave the call hanging.</summary>
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(20);

    /// <summary>Null: Chromium is started here from <see cref="_executable"/>; else the browser elsewhere that the scan connects to.</summary>
    private readonly RemoteBrowser? _remote;
    private readonly string _executable;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _restartLock = new(1, 1);
    private IPlaywright _playwright;
    private DetachedDriver _driver;
    private bool _disposed;

    private BrowserHost(IPlaywright playwright, DetachedDriver driver, IBrowser browser, string executable, ILogger log, RemoteBrowser? remote = null)
    {
        _remote = remote;
        _playwright = playwright;
        _driver = driver;
        Session = new BrowserSession(browser, 1);
        _executable = executable;
        _log = log;
    }

    /// <summary>The browser pages are loaded in now; replaced by <see cref="RestartAsync"/>.</summary>
    public BrowserSession Session { get; private set; }

    /// <exception cref="PlaywrightException">Chromium would not start.</exception>
    public static async Task<BrowserHost> StartAsync(string executable, ILogger log)
    {
        var (playwright, driver) = await DetachedDriver.StartAsync(log);
        try
        {
            return new BrowserHost(playwright, driver, await LaunchAsync(playwright, executable), executable, log);
        }
        catch
        {
            playwright.Dispose();
            driver.Dispose();
            throw;
        }
    }

    /// <summary>Connects to a browser that runs elsewhere; a dropped connection is then re-established like a restart.</summary>
    /// <exception cref="PlaywrightException">Nothing answers at the endpoint, or not a browser this Playwright can drive.</exception>
    public static async Task<BrowserHost> ConnectAsync(RemoteBrowser remote, ILogger log)
    {
        var (playwright, driver) = await DetachedDriver.StartAsync(log);
        try
        {
            return new BrowserHost(playwright, driver, await remote.ConnectAsync(playwright), remote.Endpoint.OriginalString, log, remote);
        }
        catch
        {
            playwright.Dispose();
            driver.Dispose();
            throw;
        }
    }

    /// <summary>A new browser in place of a lost one: Chromium started again, or the remote browser connected to again.</summary>
    private Task<IBrowser> ReopenAsync(CancellationToken ct) =>
        _remote is null ? LaunchAsync(_playwright, _executable) : _remote.ReconnectAsync(_playwright, _log, ct);

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumSwitches.For(BrowserLocator.RunningAsRoot),
            Timeout = 60_000,
            // The scanner closes Chromium itself when it is interrupted, after the pages in flight are done.
            HandleSIGINT = false,
            HandleSIGTERM = false,
            HandleSIGHUP = false,
        });

    /// <summary>
    /// Starts a new Chromium in place of <paramref name="lost"/>; the pages that saw it go all call this, and only
    /// the first starts one. If the driver went too, a new driver is started as well.
    /// </summary>
    public async Task<BrowserSession> RestartAsync(BrowserSession lost, CancellationToken ct)
    {
        await _restartLock.WaitAsync(ct);
        try
        {
            if (Session != lost) return Session;
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { await lost.Browser.CloseAsync().WaitAsync(CloseLimit, ct); }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { }
            IBrowser browser;
            try
            {
                browser = await ReopenAsync(ct);
            }
            catch (Exception e) when (e is PlaywrightException or ObjectDisposedException or InvalidOperationException)
            {
                _log.Warning("Playwright's driver went with the browser ({Error}); starting a new one", e.Message.Split('\n', 2)[0].Trim());
                _playwright.Dispose();
                _driver.Dispose();
                (_playwright, _driver) = await DetachedDriver.StartAsync(_log);
                browser = await ReopenAsync(ct);
            }
            Session = new BrowserSession(browser, lost.Number + 1);
            if (_remote is not null)
                _log.Warning("The remote browser at {Endpoint} went away; connected to it again (reconnect {Restart}), the pages in flight are loaded again", _remote.Endpoint, Session.Number - 1);
            else _log.Warning("Chromium stopped unexpectedly; a new one is running (restart {Restart}), the pages in flight are loaded again", Session.Number - 1);
            return Session;
        }
        finally
        {
            _restartLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Pages still loading see their browser go; they must not start another one (RestartAsync).
        await _restartLock.WaitAsync();
        _disposed = true;
        _restartLock.Release();
        try { await Session.Browser.CloseAsync().WaitAsync(CloseLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { _log.Debug("Closing Chromium failed: {Error}", e.Message); }
        _playwright.Dispose();
        _driver.Dispose();
    }
}

/// <summary>A page was closed under the scanner: its browser crashed or was killed.</summary>
public sealed class BrowserLostException(string message) : Exception(message);

/// <summary>One running Chromium; it is lost once it disconnects (crashed, killed, or closed).</summary>
internal sealed class BrowserSession
{
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BrowserSession(IBrowser browser, int number)
    {
        Browser = browser;
        Number = number;
        browser.Disconnected += (_, _) => _lost.TrySetResult();
    }

    public IBrowser Browser { get; }
    /// <summary>1 for the first browser of the scan, 2 after the first restart, …</summary>
    public int Number { get; }
    public bool IsLost => _lost.Task.IsCompleted || !Browser.IsConnected;

    public async Task<bool> LostWithinAsync(TimeSpan wait)
    {
        if (!IsLost) await Task.WhenAny(_lost.Task, Task.Delay(wait));
        return IsLost;
    }
}
