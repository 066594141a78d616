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

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly BrowserLoaderOptions _options;
    private readonly ILogger _log;

    private BrowserPageLoader(IPlaywright playwright, IBrowser browser, BrowserLoaderOptions options, ILogger log)
    {
        _playwright = playwright;
        _browser = browser;
        _options = options;
        _log = log;
    }

    public string BrowserVersion => _browser.Version;

    /// <summary>The running browser, for tools that need a page of their own (tests open reports in it).</summary>
    public IBrowser Browser => _browser;

    /// <exception cref="BrowserNotFoundException">No browser was found, or it would not start.</exception>
    public static async Task<BrowserPageLoader> StartAsync(BrowserLoaderOptions options, ILogger log)
    {
        var executable = BrowserLocator.Locate(options.ExecutablePath);
        var args = BrowserLocator.RunningAsRoot ? ChromiumArgs.Append("--no-sandbox") : ChromiumArgs;
        log.Debug("Starting Chromium {Executable}", executable);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = args.ToArray(),
                Timeout = 60_000,
            });
            log.Information("Chromium {Version} started from {Executable}", browser.Version, executable);
            return new BrowserPageLoader(playwright, browser, options, log);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            throw new BrowserNotFoundException($"Chromium at {executable} would not start: {FirstLine(e.Message)}\n{BrowserLocator.HowToInstall}");
        }
    }

    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken) =>
        LoadAsync(url, profile, null, cancellationToken);

    /// <summary>Loads the page; with <paramref name="capture"/>, also photographs the elements it names before the page closes.</summary>
    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection? capture, CancellationToken cancellationToken) =>
        LoadAsync(url, profile, capture, null, cancellationToken);

    /// <param name="charset">When set, the main document is answered with this charset in its Content-Type (the server
    /// declared none and Chromium guessed wrong).</param>
    private async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection? capture, System.Text.Encoding? charset, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var context = await _browser.NewContextAsync(ContextOptions(profile));
        await using var closer = new BoundedClose(context, _log);
        var page = await context.NewPageAsync();
        if (charset is not null) await DeclareCharsetAsync(page, url, charset);
        var navigations = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) lock (navigations) navigations.Add(frame.Url); };
        // A navigation to a host that does not answer ends on chrome-error://; the request still says where it went.
        var failedNavigations = new List<string>();
        page.RequestFailed += (_, r) => { if (r.IsNavigationRequest && r.Frame == page.MainFrame) lock (failedNavigations) failedNavigations.Add(r.Url); };
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
            var answered = lastDocumentResponse?.Status;
            var error = answered >= 400 ? $"HTTP {answered} {lastDocumentResponse!.StatusText}".TrimEnd() : FirstLine(e.Message);
            _log.Warning("Could not load {Url}: {Error}", url, error);
            return new PageSnapshot
            {
                RequestedUrl = url, FinalUrl = lastDocumentResponse?.Url, Status = answered, Profile = profile.Name,
                Error = error, ConnectionDropped = answered is null && DroppedConnection.IsChromiumError(e.Message), LoadTime = clock.Elapsed,
                AttemptedNavigations = FailedElsewhere(failedNavigations, url),
            };
        }

        var loaded = clock.Elapsed;
        // The served document now, before a refresh or a script replaces it (its body is gone after a navigation).
        var body = response is null ? null : await BodyAsync(response);
        await WaitForLoadEventAsync(page);
        await SettleAsync(page);
        var settled = clock.Elapsed;
        var probe = await ProbeAsync(page);
        _log.Debug("{Url}: loaded in {Load:0} ms, settled in {Settle:0} ms, probed in {Probe:0} ms", url,
            loaded.TotalMilliseconds, (settled - loaded).TotalMilliseconds, (clock.Elapsed - settled).TotalMilliseconds);
        string? contentType = null;
        response?.Headers.TryGetValue("content-type", out contentType);
        var served = body is null ? "" : ServedHtml(body, contentType);
        if (charset is null && body is not null && probe is not null && MisreadCharset(body, contentType, probe.Charset) is { } misread)
        {
            _log.Debug("{Url}: Chromium read the page as {Read}; the bytes are {Detected}: loading it again with that charset", url, probe.Charset, misread.WebName);
            await closer.DisposeAsync();
            return await LoadAsync(url, profile, capture, misread, cancellationToken);
        }
        var status = response?.Status;
        string[] navigated;
        lock (navigations) lock (failedNavigations)
            navigated = navigations.Skip(1).Where(u => !u.StartsWith("chrome-error:", StringComparison.Ordinal))
                .Concat(failedNavigations.Where(u => u != url && u != response?.Url)).Distinct().ToArray();

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
        if (LeftTheDocument(page.Url, response, served))
        {
            // A refresh or script took the page to another site or to an error page: what the visitor was served is
            // the page under test, read from its served HTML, with the navigation it attempted.
            _log.Debug("{Url}: the page went on to {Final}; analysing the document it was served", url, page.Url);
            snapshot = MarkupSnapshot.Build(served, new Uri(response!.Url), snapshot with { FinalUrl = response.Url, Language = null });
        }
        return await CaptureAsync(snapshot, page, capture, cancellationToken);
    }

    /// <summary>Navigation requests that failed, other than the page itself (a 302 to a host that does not answer).</summary>
    private static string[] FailedElsewhere(List<string> failed, string url)
    {
        lock (failed) return failed.Where(u => u != url).Distinct().ToArray();
    }

    /// <summary>The main frame now shows an error page or another site than the document that was served.</summary>
    private static bool LeftTheDocument(string current, IResponse? response, string served)
    {
        if (response is null || served.Length == 0) return false;
        if (current.StartsWith("chrome-error:", StringComparison.Ordinal)) return true;
        var now = SiteDomainHost(current);
        var was = SiteDomainHost(response.Url);
        return now is not null && was is not null && !Scanner.Core.Analyzers.SiteDomain.SameSite(now, was);
    }

    private static string? SiteDomainHost(string url) => Scanner.Core.Analyzers.SiteDomain.HttpHost(url);

    /// <summary>
    /// The charset to load the page with again when Chromium fell back to another one than the bytes are in (a GBK
    /// page served without any charset is read as windows-1252: mojibake), or null when it read them right.
    /// </summary>
    private static System.Text.Encoding? MisreadCharset(byte[] body, string? contentType, string? chromiumCharset)
    {
        if (HtmlDecoder.Declared(body, contentType) is not null || HtmlDecoder.FromLabel(chromiumCharset) is not { } read) return null;
        var detected = HtmlDecoder.Detect(body, contentType);
        return detected.CodePage == read.CodePage || detected.CodePage == System.Text.Encoding.UTF8.CodePage && IsAscii(body) ? null : detected;
    }

    private static bool IsAscii(byte[] body) => body.All(b => b < 0x80);

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

    /// <summary>Answers the first request for <paramref name="url"/> with the server's own response, plus a charset.</summary>
    private static async Task DeclareCharsetAsync(IPage page, string url, System.Text.Encoding charset)
    {
        var done = false;
        await page.RouteAsync(url, async route =>
        {
            if (done || !route.Request.IsNavigationRequest) { await route.ContinueAsync(); return; }
            done = true;
            var original = await route.FetchAsync();
            var headers = new Dictionary<string, string>(original.Headers, StringComparer.OrdinalIgnoreCase);
            var type = headers.TryGetValue("content-type", out var t) ? t.Split(';')[0] : "text/html";
            headers["content-type"] = $"{type}; charset={charset.WebName}";
            await route.FulfillAsync(new RouteFulfillOptions { Response = original, Headers = headers });
        });
    }

    private static async Task<byte[]?> BodyAsync(IResponse response)
    {
        try { return await response.BodyAsync().WaitAsync(StepLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { return null; }
    }

    /// <summary>Valid UTF-8 or an exception: the test of whether Chromium already decoded the body.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The document as served. Chromium hands a text body over already decoded to UTF-8 (whatever the page's charset),
    /// so bytes that are valid UTF-8 are read as such; decoding them again with the page's own GBK/Big5 declaration
    /// would garble its raw title. Other bytes go through the usual charset detection.
    /// </summary>
    private static string ServedHtml(byte[] body, string? contentType)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return HtmlDecoder.Decode(body, contentType);
        }
    }

    private static async Task<string> SafeContentAsync(IPage page)
    {
        try { return await page.ContentAsync().WaitAsync(StepLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { return ""; }
    }

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
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
