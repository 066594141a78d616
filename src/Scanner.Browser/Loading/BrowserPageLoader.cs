using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Scanner.Browser.Probe;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// The browser engine: one headless Chromium shared by the whole scan, one fresh context per page load,
/// and one probe evaluation per page.
/// </summary>
public sealed class BrowserPageLoader : ICapturingPageLoader
{
    private static readonly string[] ChromiumArgs =
    [
        // The closed network refuses Chromium's background connections; without these it spends its time on them.
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage",
    ];

    private readonly BrowserLoaderOptions _options;
    private readonly ILogger _log;
    private readonly string _executable;
    private readonly SemaphoreSlim _restartLock = new(1, 1);
    private IPlaywright _playwright;
    private DetachedDriver _driver;
    private BrowserSession _session;
    private bool _disposed;

    private BrowserPageLoader(IPlaywright playwright, DetachedDriver driver, IBrowser browser, string executable, BrowserLoaderOptions options, ILogger log)
    {
        _playwright = playwright;
        _driver = driver;
        _session = new BrowserSession(browser, 1);
        _executable = executable;
        _options = options;
        _log = log;
    }

    public string BrowserVersion => _session.Browser.Version;

    /// <summary>The running browser, for tools that need a page of their own (tests open reports in it).</summary>
    public IBrowser Browser => _session.Browser;

    /// <summary>How many times Chromium went away under the scan and was started again.</summary>
    public int Restarts => _session.Number - 1;

    /// <exception cref="BrowserNotFoundException">No browser was found, or it would not start.</exception>
    public static async Task<BrowserPageLoader> StartAsync(BrowserLoaderOptions options, ILogger log)
    {
        var executable = BrowserLocator.Locate(options.ExecutablePath);
        log.Debug("Starting Chromium {Executable}", executable);
        var (playwright, driver) = await DetachedDriver.StartAsync(log);
        try
        {
            var browser = await LaunchAsync(playwright, executable);
            log.Information("Chromium {Version} started from {Executable}", browser.Version, executable);
            return new BrowserPageLoader(playwright, driver, browser, executable, options, log);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            driver.Dispose();
            throw new BrowserNotFoundException($"Chromium at {executable} would not start: {FirstLine(e.Message)}\n{BrowserLocator.HowToInstall}");
        }
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = (BrowserLocator.RunningAsRoot ? ChromiumArgs.Append("--no-sandbox") : ChromiumArgs).ToArray(),
            Timeout = 60_000,
            // The scanner closes Chromium itself when it is interrupted, after the pages in flight are done.
            HandleSIGINT = false,
            HandleSIGTERM = false,
            HandleSIGHUP = false,
        });

    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken) =>
        LoadAsync(url, profile, null, cancellationToken);

    /// <summary>
    /// Loads the page; with <paramref name="capture"/>, also photographs the elements it names before the page closes.
    /// If Chromium goes away meanwhile (crashed, killed, out of memory), a new one is started and the page loaded once more.
    /// </summary>
    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection? capture, CancellationToken cancellationToken)
    {
        var session = _session;
        try
        {
            var snapshot = await LoadInAsync(session.Browser, url, profile, capture, cancellationToken);
            if (!session.IsLost) return snapshot;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The browser's own notice that it is gone may arrive a moment after the errors of its pages.
            if (!await session.LostWithinAsync(LossNotice)) throw;
            _log.Warning("Chromium went away while loading {Url} ({Error}); loading it again in a new browser", url, FirstLine(e.Message));
        }
        // Given up on (interrupted) or being shut down: the browser was closed on purpose, nothing to restart.
        cancellationToken.ThrowIfCancellationRequested();
        var fresh = await RestartAsync(session, cancellationToken);
        return await LoadInAsync(fresh.Browser, url, profile, capture, cancellationToken);
    }

    /// <summary>How long to wait for the browser's disconnection after a page failed as if it had gone.</summary>
    private static readonly TimeSpan LossNotice = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Starts a new Chromium in place of <paramref name="lost"/>; the pages that saw it go all call this, and only
    /// the first starts one. If the driver went too, a new driver is started as well.
    /// </summary>
    private async Task<BrowserSession> RestartAsync(BrowserSession lost, CancellationToken ct)
    {
        await _restartLock.WaitAsync(ct);
        try
        {
            if (_session != lost) return _session;
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { await lost.Browser.CloseAsync().WaitAsync(StepLimit, ct); }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { }
            IBrowser browser;
            try
            {
                browser = await LaunchAsync(_playwright, _executable);
            }
            catch (Exception e) when (e is PlaywrightException or ObjectDisposedException or InvalidOperationException)
            {
                _log.Warning("Playwright's driver went with the browser ({Error}); starting a new one", FirstLine(e.Message));
                _playwright.Dispose();
                _driver.Dispose();
                (_playwright, _driver) = await DetachedDriver.StartAsync(_log);
                browser = await LaunchAsync(_playwright, _executable);
            }
            _session = new BrowserSession(browser, lost.Number + 1);
            _log.Warning("Chromium stopped unexpectedly; a new one is running (restart {Restart}), the pages in flight are loaded again", _session.Number - 1);
            return _session;
        }
        finally
        {
            _restartLock.Release();
        }
    }

    /// <summary>One load of the page in <paramref name="browser"/>.</summary>
    /// <exception cref="BrowserLostException">The page was closed under us: the browser is probably gone.</exception>
    private async Task<PageSnapshot> LoadInAsync(IBrowser browser, string url, FetchProfile profile, CaptureSelection? capture, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Bounded: asked of a browser that is dying, these calls were seen to never return.
        var context = await browser.NewContextAsync(ContextOptions(profile)).WaitAsync(StepLimit, cancellationToken);
        await using var closer = new BoundedClose(context, _log);
        var page = await context.NewPageAsync().WaitAsync(StepLimit, cancellationToken);
        var navigations = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) lock (navigations) navigations.Add(frame.Url); };
        // Chromium refuses to "load" an error status with an empty body; this keeps the status it answered.
        IResponse? lastDocumentResponse = null;
        page.Response += (_, r) => { if (r.Request.IsNavigationRequest && r.Frame == page.MainFrame) lastDocumentResponse = r; };

        IResponse? response;
        try
        {
            response = await page.GotoAsync(url, new PageGotoOptions
            {
                WaitUntil = WaitUntilState.DOMContentLoaded,
                Timeout = (float)_options.PageTimeout.TotalMilliseconds,
                Referer = profile.Referer,
            }).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            if (page.IsClosed) throw new BrowserLostException(e.Message);
            var answered = lastDocumentResponse?.Status;
            // A binary answer is a download, which Chromium reports as an aborted navigation: say what it was.
            var error = answered >= 400 ? $"HTTP {answered} {lastDocumentResponse!.StatusText}".TrimEnd()
                : (answered is not null ? NotHtml(lastDocumentResponse!) : null) ?? FirstLine(e.Message);
            _log.Warning("Could not load {Url}: {Error}", url, error);
            return new PageSnapshot
            {
                RequestedUrl = url, FinalUrl = lastDocumentResponse?.Url, Status = answered, Profile = profile.Name,
                Error = error, ConnectionDropped = answered is null && DroppedConnection.IsChromiumError(e.Message), LoadTime = clock.Elapsed,
            };
        }

        if (response is { Status: < 400 } && NotHtml(response) is { } notHtml)
        {
            _log.Warning("Could not scan {Url}: {Error}", url, notHtml);
            return new PageSnapshot
            {
                RequestedUrl = url, FinalUrl = response.Url, Status = response.Status, Error = notHtml, Profile = profile.Name,
                Headers = response.Headers, RedirectChain = RedirectChainOf(response.Request), LoadTime = clock.Elapsed,
            };
        }

        var loaded = clock.Elapsed;
        await WaitForLoadEventAsync(page);
        await SettleAsync(page);
        var settled = clock.Elapsed;
        var probe = await ProbeAsync(page);
        _log.Debug("{Url}: loaded in {Load:0} ms, settled in {Settle:0} ms, probed in {Probe:0} ms", url,
            loaded.TotalMilliseconds, (settled - loaded).TotalMilliseconds, (clock.Elapsed - settled).TotalMilliseconds);
        var served = response is null ? "" : await ServedHtmlAsync(response);
        var status = response?.Status;
        string[] navigated;
        lock (navigations) navigated = navigations.Skip(1).Distinct().ToArray();

        var snapshot = new PageSnapshot
        {
            RequestedUrl = url,
            FinalUrl = page.Url,
            Status = status,
            Error = status >= 400 ? $"HTTP {status} {response!.StatusText}".TrimEnd() : null,
            Profile = profile.Name,
            Headers = response?.Headers ?? new Dictionary<string, string>(),
            RedirectChain = response is null ? [] : RedirectChainOf(response.Request),
            ServedHtml = served,
            RenderedHtml = await SafeContentAsync(page),
            RawTitle = ServedDocument.TitleOf(served),
            RenderedTitle = probe?.Title,
            Language = string.IsNullOrEmpty(probe?.Lang) ? null : probe.Lang,
            TextBlocks = probe?.Blocks.Select(b => b.ToModel()).ToArray() ?? [],
            Links = probe?.Links.Select(l => l.ToModel()).ToArray() ?? [],
            Scripts = probe?.Scripts.Select(s => s.ToModel()).ToArray() ?? [],
            Frames = probe?.Frames.Select(f => f.ToModel()).ToArray() ?? [],
            Meta = probe?.Meta.Select(m => m.Model).ToArray() ?? [],
            AttemptedNavigations = navigated,
            LoadTime = clock.Elapsed,
        };
        var captured = await CaptureAsync(snapshot, page, capture, cancellationToken);
        // Closed before we closed it: what was read is partial (an empty probe looks like a clean page).
        if (page.IsClosed) throw new BrowserLostException($"the page {url} was closed while it was being read");
        return captured;
    }

    private async Task<PageSnapshot> CaptureAsync(PageSnapshot snapshot, IPage page, CaptureSelection? capture, CancellationToken ct)
    {
        var selectors = capture?.Invoke(snapshot) ?? [];
        return selectors.Count == 0 ? snapshot : snapshot with { Captures = await FindingScreenshots.CaptureAsync(page, selectors, _log, ct) };
    }

    private BrowserNewContextOptions ContextOptions(FetchProfile profile) => new()
    {
        UserAgent = profile.UserAgent,
        ViewportSize = profile.Mobile
            ? new ViewportSize { Width = 390, Height = 844 }
            : new ViewportSize { Width = _options.ViewportWidth, Height = _options.ViewportHeight },
        IsMobile = profile.Mobile,
        HasTouch = profile.Mobile,
        IgnoreHTTPSErrors = true,
        ServiceWorkers = ServiceWorkerPolicy.Block,
    };

    /// <summary>
    /// The document has arrived; its images, ads and trackers may take forever (or, on a closed network, never come).
    /// We wait for the load event only so long, then analyse what a visitor would be looking at by then.
    /// </summary>
    private async Task WaitForLoadEventAsync(IPage page)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions
            {
                Timeout = (float)Math.Min(_options.LoadEventWait.TotalMilliseconds, _options.PageTimeout.TotalMilliseconds),
            });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            _log.Debug("{Url}: no load event within {Seconds} s (slow subresources); probing the page as it is", page.Url, _options.LoadEventWait.TotalSeconds);
        }
    }

    /// <summary>Scripts that inject spam often run after the load event; give them a bounded moment.</summary>
    private async Task SettleAsync(IPage page)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions
            {
                Timeout = (float)_options.SettleTime.TotalMilliseconds,
            });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // A page that keeps polling never goes idle; we probe what is there.
        }
    }

    /// <summary>Runs the probe; if a script navigated the page meanwhile, waits for the new document and tries once more.</summary>
    private async Task<ProbeResult?> ProbeAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ProbeResult.Parse(await page.EvaluateAsync<JsonElement>(ProbeResult.Script).WaitAsync(StepLimit));
            }
            catch (PlaywrightException e) when (attempt < 3)
            {
                _log.Debug("Probe of {Url} interrupted ({Error}); retrying", page.Url, FirstLine(e.Message));
                await SettleAsync(page);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                _log.Warning("Could not probe {Url}: {Error}", page.Url, FirstLine(e.Message));
                return null;
            }
        }
    }

    /// <summary>Valid UTF-8 or an exception: the test of whether Chromium already decoded the body.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The document as served. Chromium hands a text body over already decoded to UTF-8 (whatever the page's charset),
    /// so bytes that are valid UTF-8 are read as such; decoding them again with the page's own GBK/Big5 declaration
    /// would garble its raw title. Other bytes go through the usual charset detection.
    /// </summary>
    private static async Task<string> ServedHtmlAsync(IResponse response)
    {
        try
        {
            var body = await response.BodyAsync().WaitAsync(StepLimit);
            response.Headers.TryGetValue("content-type", out var contentType);
            try
            {
                return StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return HtmlDecoder.Decode(body, contentType);
            }
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return ""; // bodies of some responses (e.g. after a navigation) are no longer available
        }
    }

    private static async Task<string> SafeContentAsync(IPage page)
    {
        try { return await page.ContentAsync().WaitAsync(StepLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { return ""; }
    }

    private static string? NotHtml(IResponse response) =>
        DocumentType.NotHtmlError(response.Headers.TryGetValue("content-type", out var type) ? type : null);

    private static string[] RedirectChainOf(IRequest finalRequest)
    {
        var chain = new List<string>();
        for (var r = finalRequest.RedirectedFrom; r is not null; r = r.RedirectedFrom) chain.Insert(0, r.Url);
        return chain.ToArray();
    }

    /// <summary>
    /// The longest any one browser call after navigation may take. A wedged renderer (seen on an overloaded machine)
    /// must cost one page its content, not stall the whole scan.
    /// </summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(20);

    /// <summary>Closes a page's context without letting a wedged close hold up the scan.</summary>
    private sealed class BoundedClose(IBrowserContext context, ILogger log) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await context.CloseAsync().WaitAsync(StepLimit); }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { log.Debug("Closing a browser context failed: {Error}", e.Message); }
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    public async ValueTask DisposeAsync()
    {
        // Pages still loading see their browser go; they must not start another one (RestartAsync).
        await _restartLock.WaitAsync();
        _disposed = true;
        _restartLock.Release();
        try { await _session.Browser.CloseAsync().WaitAsync(StepLimit); }
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
