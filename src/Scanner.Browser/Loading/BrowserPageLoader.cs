using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Scanner.Browser.Network;
using Scanner.Browser.Probe;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Network;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// The browser engine: one headless Chromium shared by the whole scan, one fresh context per page load (made ahead of
/// time, <see cref="WarmPages"/>), and one probe evaluation per page.
/// </summary>
public sealed class BrowserPageLoader : ICapturingPageLoader
{
    private readonly BrowserHost _host;
    private readonly BrowserLoaderOptions _options;
    private readonly ILogger _log;
    private readonly GuardedProxy? _proxy;
    private readonly bool _ownsBrowser;
    private readonly WarmPages _warm;

    private BrowserPageLoader(BrowserHost host, BrowserLoaderOptions options, ILogger log, bool ownsBrowser = true)
    {
        _host = host;
        _options = options;
        _log = log;
        _ownsBrowser = ownsBrowser;
        if (options.Guard is { AllowPrivate: false } guard) _proxy = GuardedProxy.Start(guard, log);
        _warm = new WarmPages(ContextOptions, log);
    }

    /// <summary>
    /// A loader with other options (timeouts, the scan's <see cref="BrowserLoaderOptions.Guard"/>, which gets a proxy of
    /// its own) on the same running browser; disposing it leaves the browser running. It shares the browser's restart:
    /// after a crash, both load into the new Chromium.
    /// </summary>
    public BrowserPageLoader WithOptions(BrowserLoaderOptions options) =>
        new(_host, options with { ExecutablePath = _options.ExecutablePath }, _log, ownsBrowser: false);

    public string BrowserVersion => _host.Session.Browser.Version;

    /// <summary>The running browser, for tools that need a page of their own (tests open reports in it).</summary>
    public IBrowser Browser => _host.Session.Browser;

    /// <summary>How many times Chromium went away under the scan and was started again.</summary>
    public int Restarts => _host.Session.Number - 1;

    /// <summary>Starts Chromium; when none is found, Playwright's is installed first (<see cref="BrowserSetup"/>).</summary>
    /// <exception cref="BrowserNotFoundException">No browser was found and none could be installed, or it would not start.</exception>
    public static async Task<BrowserPageLoader> StartAsync(BrowserLoaderOptions options, ILogger log)
    {
        if (options.Remote is { } remote) return await ConnectAsync(remote, options, log);
        var executable = (await BrowserSetup.LocateOrInstallAsync(options.ExecutablePath, options.InstallProgress ?? Console.Error, log)).Path;
        log.Debug("Starting Chromium {Executable}", executable);
        try
        {
            var host = await BrowserHost.StartAsync(executable, log);
            log.Information("Chromium {Version} started from {Executable}", host.Session.Browser.Version, executable);
            return new BrowserPageLoader(host, options, log);
        }
        catch (PlaywrightException e)
        {
            throw new BrowserNotFoundException($"Chromium at {executable} would not start: {FirstLine(e.Message)}\n{BrowserInstallAdvice.ForThisMachine()}");
        }
    }

    /// <exception cref="BrowserNotFoundException">Nothing answers at the endpoint: the message says what to check.</exception>
    private static async Task<BrowserPageLoader> ConnectAsync(RemoteBrowser remote, BrowserLoaderOptions options, ILogger log)
    {
        log.Debug("Connecting to the remote browser at {Endpoint}", remote);
        try
        {
            var host = await BrowserHost.ConnectAsync(remote, log);
            log.Information("Connected to {Browser} {Version} at {Endpoint}", host.Session.Browser.BrowserType.Name, host.Session.Browser.Version, remote);
            return new BrowserPageLoader(host, options, log);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new BrowserNotFoundException($"Could not connect to the browser at {remote.Endpoint} ({remote.OptionName}): {FirstLine(e.Message)}\n{remote.Advice()}");
        }
    }

    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken) =>
        LoadAsync(url, profile, null, cancellationToken);

    /// <summary>
    /// Loads the page; with <paramref name="capture"/>, also photographs the elements it names before the page closes.
    /// If Chromium goes away meanwhile (crashed, killed, out of memory), a new one is started and the page loaded once more.
    /// </summary>
    /// <remarks>
    /// Hostile pages are expected. Dialogs (alert, confirm, prompt, beforeunload) are answered at once; pop-ups are
    /// recorded as navigations the page attempted and closed; downloads are refused. Every browser call is bounded: the
    /// document gets --timeout, then the load event, network idle and the probe share <see cref="BrowserLoaderOptions.AfterLoadBudget"/>;
    /// a renderer held by <c>while(true){}</c> after load has that script stopped (<see cref="HeldScriptInterrupter"/>) and
    /// is read as it stands, with a note; one that cannot be read costs the page its probe (an error says so), never the
    /// worker, and its context is closed without waiting on it.
    /// </remarks>
    public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection? capture, CancellationToken cancellationToken) =>
        LoadAsync(url, profile, capture, null, cancellationToken);

    /// <param name="charsetReload">When set, the served document (its final URL and bytes, from the first load) is
    /// answered again with this charset in its Content-Type: the server declared none and Chromium guessed wrong.</param>
    private async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection? capture,
        (string Url, byte[] Body, int Status, Dictionary<string, string> Headers, Encoding Charset)? charsetReload, CancellationToken cancellationToken)
    {
        var session = _host.Session;
        try
        {
            var snapshot = await LoadInAsync(session.Browser, url, profile, capture, charsetReload, cancellationToken);
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
        var fresh = await _host.RestartAsync(session, cancellationToken);
        return await LoadInAsync(fresh.Browser, url, profile, capture, charsetReload, cancellationToken);
    }

    /// <summary>How long to wait for the browser's disconnection after a page failed as if it had gone.</summary>
    private static readonly TimeSpan LossNotice = TimeSpan.FromSeconds(3);

    /// <summary>One load of the page in <paramref name="browser"/>.</summary>
    /// <exception cref="BrowserLostException">The page was closed under us: the browser is probably gone.</exception>
    private async Task<PageSnapshot> LoadInAsync(IBrowser browser, string url, FetchProfile profile, CaptureSelection? capture,
        (string Url, byte[] Body, int Status, Dictionary<string, string> Headers, Encoding Charset)? charsetReload, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // A fresh context per page, usually made while the previous page loaded (WarmPages).
        // Without screenshots, images, media and fonts are blocked inside Chromium by URL (UnseenResources): they cannot
        // put text or links into the page. Scripts, stylesheets, XHR/fetch and frames still load: injected spam arrives
        // through those.
        var (context, page) = await _warm.TakeAsync(browser, new WarmPages.Kind(profile.UserAgent, profile.Mobile, BlockUnseen: capture is null), StepLimit, cancellationToken);
        await using var closer = new AbandoningClose(context, _log, _warm);
        var settler = new PageSettler(page, _log);
        if (charsetReload is { } reload) await DeclareCharsetAsync(page, reload);
        var navigations = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) lock (navigations) navigations.Add(frame.Url); };
        // A navigation to a host that does not answer ends on chrome-error://; the request still says where it went.
        var failedNavigations = new List<string>();
        page.RequestFailed += (_, r) => { if (r.IsNavigationRequest && r.Frame == page.MainFrame) lock (failedNavigations) failedNavigations.Add(r.Url); };
        // A dialog waits for a visitor who never comes: dismiss it (a beforeunload one is accepted, so navigation goes on).
        page.Dialog += (_, dialog) => _ = AnswerAsync(dialog);
        // window.open: what the page tried to show is recorded like a navigation; the pop-up itself is closed.
        context.Page += (_, popup) =>
        {
            if (popup == page) return;
            if (popup.Url is { Length: > 0 } target && target != "about:blank") lock (navigations) navigations.Add(target);
            _ = ClosePopupAsync(popup);
        };
        // Chromium refuses to "load" an error status with an empty body; this keeps the status it answered.
        IResponse? lastDocumentResponse = null;
        page.Response += (_, r) => { if (r.Request.IsNavigationRequest && r.Frame == page.MainFrame) lastDocumentResponse = r; };
        // The last hop of the main document (redirects included): whose refusal explains a failed tunnel.
        var lastNavigation = url;
        page.Request += (_, r) => { if (r.IsNavigationRequest && r.Frame == page.MainFrame) lastNavigation = r.Url; };
        var loadedScripts = LoadedBodies.Scripts(page);
        var loadedSheets = LoadedBodies.StyleSheets(page, _options.Detectors);

        IResponse? response = null;
        Exception? failed = null;
        try
        {
            response = await page.GotoAsync(url, new PageGotoOptions
            {
                WaitUntil = WaitUntilState.DOMContentLoaded,
                Timeout = (float)_options.PageTimeout.TotalMilliseconds,
                Referer = profile.Referer,
            }).WaitAsync(_options.PageTimeout + NavigationGrace, cancellationToken); // in case the driver's own timeout never fires
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            failed = e;
        }
        var heldNotes = new List<string>();
        if (failed is not null && !page.IsClosed && IsTimeout(failed) && await HeldWhileParsingAsync(page, lastDocumentResponse) is { } parsed)
        {
            // The document arrived but a script in it never let the parser finish: stopped, the page loads on.
            response = parsed;
            heldNotes.Add(HeldScriptInterrupter.Note("while the document was parsed", clock.Elapsed));
            _log.Warning("{Url}: {Note}", url, heldNotes[^1]);
        }
        else if (failed is { } e)
        {
            if (page.IsClosed) throw new BrowserLostException(e.Message);
            var proxyError = ProxyErrorOf(lastDocumentResponse)
                ?? (e.Message.Contains("ERR_TUNNEL_CONNECTION_FAILED", StringComparison.Ordinal) ? _proxy?.FailureFor(lastNavigation) : null);
            var answered = proxyError is null ? lastDocumentResponse?.Status : null;
            var error = proxyError ?? (answered >= 400 ? $"HTTP {answered} {lastDocumentResponse!.StatusText}".TrimEnd()
                : lastDocumentResponse is { } document && NotHtmlReason(document) is { } notHtml ? notHtml
                : IsTimeout(e)
                    ? $"Timeout in navigation: the document did not load within {_options.PageTimeout.TotalSeconds:0} s" : FirstLine(e.Message));
            _log.Warning("Could not load {Url}: {Error}", url, error);
            return new PageSnapshot
            {
                RequestedUrl = url, FinalUrl = lastDocumentResponse?.Url, Status = answered, Profile = profile.Name,
                Error = error, ConnectionDropped = answered is null && DroppedConnection.IsChromiumError(e.Message), LoadTime = clock.Elapsed,
                Stages = StageTimes.None with { Navigation = clock.Elapsed },
                AttemptedNavigations = Attempted(navigations, failedNavigations, url, null),
            };
        }
        if (response is { Status: < 400 } && NotHtmlReason(response) is { } notHtmlDocument)
        {
            _log.Warning("{Url}: {Error}", url, notHtmlDocument);
            return new PageSnapshot
            {
                RequestedUrl = url, FinalUrl = response.Url, Status = response.Status, Profile = profile.Name, Error = notHtmlDocument,
                Headers = response.Headers, RedirectChain = RedirectChainOf(response.Request), LoadTime = clock.Elapsed,
            };
        }

        var loaded = clock.Elapsed;
        var deadline = Stopwatch.StartNew();
        TimeSpan Left(TimeSpan step) => Min(step, _options.AfterLoadBudget - deadline.Elapsed);
        // The served document now, before a refresh or a script replaces it (its body is gone after a navigation).
        // Part of the after-load budget: a renderer held by a script must not make the page wait longer.
        var earlyBody = response is null ? null : await EarlyBodyAsync(page, response, Left(EarlyBodyWait));
        if (!await settler.SettleAsync(_options.QuietPeriod, Left(_options.LoadEventWait + _options.SettleTime)) && !settler.RendererHeld)
            _log.Debug("{Url}: still changing or loading scripts after {Seconds:0.0} s; probing the page as it is", url, (clock.Elapsed - loaded).TotalSeconds);
        var settled = clock.Elapsed;
        // A script holding the renderer would cost the page its probe: stopped, the page is read as it stands.
        var heldAfterLoad = false;
        void NoteHeldAfterLoad()
        {
            if (heldAfterLoad) return;
            heldAfterLoad = true;
            heldNotes.Add(HeldScriptInterrupter.Note("after the page loaded", clock.Elapsed - loaded));
            _log.Warning("{Url}: {Note}", url, heldNotes[^1]);
        }
        if (settler.RendererHeld && await HeldScriptInterrupter.StopAndConfirmAsync(page, _log, RendererAnswerWait)) NoteHeldAfterLoad();
        var (probe, probeError) = await ProbeAsync(page, () => Left(_options.AfterLoadBudget), NoteHeldAfterLoad);
        _log.Debug("{Url}: loaded in {Load:0} ms, settled in {Settle:0} ms, probed in {Probe:0} ms", url,
            loaded.TotalMilliseconds, (settled - loaded).TotalMilliseconds, (clock.Elapsed - settled).TotalMilliseconds);
        var notes = new List<string>(probe?.Notes ?? []);
        notes.AddRange(heldNotes);
        var body = earlyBody ?? (response is null || probe is null ? null : await ServedBodyAsync(response, probe.DocumentBytes, notes));
        string? contentType = null;
        response?.Headers.TryGetValue("content-type", out contentType);
        var served = body is null ? "" : ServedHtml(body, contentType);
        if (charsetReload is null && body is not null && probe is not null && response is not null
            && MisreadCharset(body, contentType, probe.Charset) is { } misread)
        {
            _log.Debug("{Url}: Chromium read the page as {Read}; the bytes are {Detected}: loading it again with that charset", url, probe.Charset, misread.WebName);
            await closer.DisposeAsync();
            return await LoadAsync(url, profile, capture, (response.Url, body, response.Status, new Dictionary<string, string>(response.Headers), misread), cancellationToken);
        }
        var proxied = ProxyErrorOf(response);
        var status = proxied is null ? response?.Status : null;

        var snapshot = new PageSnapshot
        {
            RequestedUrl = url,
            // An error page is not where the page is: the navigation it attempted is recorded below.
            FinalUrl = page.Url.StartsWith("chrome-error:", StringComparison.Ordinal) ? response?.Url ?? url : page.Url,
            Status = status,
            Error = proxied ?? (status >= 400 ? $"HTTP {status} {response!.StatusText}".TrimEnd() : probeError),
            ConnectionDropped = DroppedConnection.IsChromiumError(proxied),
            Profile = profile.Name,
            Headers = response?.Headers ?? new Dictionary<string, string>(),
            RedirectChain = response is null ? [] : RedirectChainOf(response.Request),
            ServedHtml = served,
            RawTitle = ServedDocument.TitleOf(served),
            RenderedTitle = probe?.Title,
            Language = string.IsNullOrEmpty(probe?.Lang) ? null : probe.Lang,
            TextBlocks = probe?.Blocks.Select(b => b.ToModel()).ToArray() ?? [],
            Links = probe?.Links.Select(l => l.ToModel()).ToArray() ?? [],
            AttributeTexts = probe?.AttributeTexts?.Select(a => a.ToModel()).ToArray() ?? [],
            Scripts = probe?.Scripts.Select(s => s.ToModel()).ToArray() ?? [],
            Frames = probe?.Frames.Select(f => f.ToModel()).ToArray() ?? [],
            Meta = probe?.Meta.Select(m => m.Model).ToArray() ?? [],
            AttemptedNavigations = Attempted(navigations, failedNavigations, url, response?.Url),
            Notes = notes,
            LoadTime = clock.Elapsed,
            Stages = StageTimes.None with { Navigation = loaded, Settle = settled - loaded, Probe = clock.Elapsed - settled },
        };
        if (body is null && response is { Status: < 400 } && page.Url != response.Url && await ServedAgainAsync(response.Url, profile, cancellationToken) is { } again)
        {
            // The page left its document before its body could be read (a script in <head> sends it on): the same request
            // again, outside the browser, gives what the visitor was served, so the page is judged on its content too.
            served = ServedHtml(again, contentType);
            snapshot = snapshot with { ServedHtml = served, RawTitle = ServedDocument.TitleOf(served) };
        }
        if (LeftTheDocument(page.Url, response, served))
        {
            // A refresh or script took the page to another site or to an error page: what the visitor was served is
            // the page under test, read from its served HTML, with the navigation it attempted.
            _log.Debug("{Url}: the page went on to {Final}; analysing the document it was served", url, page.Url);
            snapshot = StaticSnapshotBuilder.TryBuild(served, new Uri(response!.Url), snapshot with { FinalUrl = response.Url, Language = null }) ?? snapshot;
        }
        // The code of the external scripts the page ran, for the script rules (a hijack script's condition is not met here).
        // With them, the stylesheets it applied, for the served-HTML view (ServedSource): judged with the static engine's sheets.
        if (probe is not null)
        {
            var (scripts, sheets) = (loadedScripts.TextsAsync(_log), loadedSheets.TextsAsync(_log));
            snapshot = ExternalScripts.With(snapshot, await scripts, addUnlisted: true);
            if (!snapshot.ReadFromServedHtml) snapshot = snapshot with { StyleSheets = await sheets };
            else await sheets;
        }
        var captured = probe is null ? snapshot : await CaptureAsync(snapshot, page, capture, cancellationToken);
        // Closed before we closed it: what was read is partial (an empty probe looks like a clean page).
        if (page.IsClosed) throw new BrowserLostException($"the page {url} was closed while it was being read");
        return captured;
    }

    /// <summary>
    /// The navigations after the first load, pop-ups included, and navigation requests that failed (a 302 to a host
    /// that does not answer ends on chrome-error://, but the request still says where it went), each once.
    /// </summary>
    private static string[] Attempted(List<string> navigations, List<string> failed, string url, string? served)
    {
        lock (navigations) lock (failed)
            return navigations.Skip(1).Where(u => !u.StartsWith("chrome-error:", StringComparison.Ordinal))
                .Concat(failed.Where(u => u != url && u != served)).Distinct().ToArray();
    }

    /// <summary>The main frame now shows an error page or another site than the document that was served.</summary>
    private static bool LeftTheDocument(string current, IResponse? response, string served)
    {
        if (response is null || served.Length == 0) return false;
        if (current.StartsWith("chrome-error:", StringComparison.Ordinal)) return true;
        var now = Scanner.Core.Analyzers.SiteDomain.HttpHost(current);
        var was = Scanner.Core.Analyzers.SiteDomain.HttpHost(response.Url);
        return now is not null && was is not null && !Scanner.Core.Analyzers.SiteDomain.SameSite(now, was);
    }

    /// <summary>
    /// The charset to load the page with again when Chromium fell back to another one than the bytes are in (a GBK
    /// page served without any charset is read as windows-1252: mojibake), or null when it read them right.
    /// </summary>
    private static Encoding? MisreadCharset(byte[] body, string? contentType, string? chromiumCharset)
    {
        if (HtmlDecoder.Declared(body, contentType) is not null || HtmlDecoder.FromLabel(chromiumCharset) is not { } read) return null;
        var detected = HtmlDecoder.Detect(body, contentType);
        return detected.CodePage == read.CodePage || detected.CodePage == Encoding.UTF8.CodePage && body.All(b => b < 0x80) ? null : detected;
    }

    /// <summary>
    /// Answers the navigation to the served document's URL with the bytes the first load got and the charset added:
    /// no second request reaches the server (nor goes past the address guard).
    /// </summary>
    private static Task DeclareCharsetAsync(IPage page, (string Url, byte[] Body, int Status, Dictionary<string, string> Headers, Encoding Charset) reload)
    {
        var done = false;
        return page.RouteAsync(reload.Url, async route =>
        {
            if (done || !route.Request.IsNavigationRequest) { await route.ContinueAsync(); return; }
            done = true;
            var headers = new Dictionary<string, string>(reload.Headers, StringComparer.OrdinalIgnoreCase);
            var type = headers.TryGetValue("content-type", out var t) ? t.Split(';')[0] : "text/html";
            headers["content-type"] = $"{type}; charset={reload.Charset.WebName}";
            // The bytes are already decompressed: the encoding headers no longer describe them.
            headers.Remove("content-encoding");
            headers.Remove("content-length");
            await route.FulfillAsync(new RouteFulfillOptions { Status = reload.Status, Headers = headers, BodyBytes = reload.Body });
        });
    }

    /// <summary>
    /// The served body right after the document loaded, while it is still there, when it is within the page cap (its
    /// decoded size is read first in the isolated world); null otherwise, and the body is then read after the probe.
    /// </summary>
    private async Task<byte[]?> EarlyBodyAsync(IPage page, IResponse response, TimeSpan limit)
    {
        try
        {
            var bytes = await IsolatedProbe.DocumentBytesAsync(page).WaitAsync(limit);
            if (bytes < 0 || bytes > BodyLimits.Page) return null;
            return await response.BodyAsync().WaitAsync(StepLimit);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            _log.Debug("{Url}: the served body could not be read early: {Error}", response.Url, FirstLine(e.Message));
            return null;
        }
    }

    private async Task AnswerAsync(IDialog dialog)
    {
        try
        {
            if (dialog.Type == DialogType.BeforeUnload) await dialog.AcceptAsync().WaitAsync(StepLimit);
            else await dialog.DismissAsync().WaitAsync(StepLimit);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            _log.Debug("A {Type} dialog could not be answered: {Error}", dialog.Type, FirstLine(e.Message));
        }
    }

    private async Task ClosePopupAsync(IPage popup)
    {
        try { await popup.CloseAsync().WaitAsync(StepLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { _log.Debug("A pop-up would not close: {Error}", FirstLine(e.Message)); }
    }

    private static bool IsTimeout(Exception e) => e is TimeoutException || e.Message.StartsWith("Timeout ", StringComparison.Ordinal);

    /// <summary>
    /// After a navigation timed out: when the HTML document did arrive and the renderer does not answer, a script in the
    /// document holds the parser (<c>while(true){}</c> in the body, put there so scanners give up). That script is
    /// stopped and the document's DOMContentLoaded awaited briefly; the document's response when it came, null when the
    /// page is simply slow (the renderer answers) or still does not load.
    /// </summary>
    private async Task<IResponse?> HeldWhileParsingAsync(IPage page, IResponse? document)
    {
        if (document is not { Status: < 400 } || NotHtmlReason(document) is not null || ProxyErrorOf(document) is not null) return null;
        // The renderer is free: the body is slow to arrive, nothing to stop.
        if (await HeldScriptInterrupter.AnswersAsync(page, RendererAnswerWait)) return null;
        for (var stop = 1; stop <= HeldScriptInterrupter.MaxStops; stop++)
        {
            if (!await HeldScriptInterrupter.StopRunningScriptAsync(page, _log)) return null;
            try
            {
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions
                {
                    Timeout = (float)ParsedAfterStopWait.TotalMilliseconds,
                }).WaitAsync(ParsedAfterStopWait + NavigationGrace);
                return document;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                _log.Debug("{Url}: the document did not finish loading after its script was stopped (stop {Stop}): {Error}", document.Url, stop, FirstLine(e.Message));
            }
            // Free now but still not parsed: a slow body, not a held one. Still held: the stop missed the loop (see MaxStops).
            if (await HeldScriptInterrupter.AnswersAsync(page, RendererAnswerWait)) return null;
        }
        return null;
    }

    /// <summary>How long a renderer may take to answer before it counts as held by a script.</summary>
    private static readonly TimeSpan RendererAnswerWait = TimeSpan.FromSeconds(2);

    /// <summary>How long a document whose held script was stopped gets to finish parsing.</summary>
    private static readonly TimeSpan ParsedAfterStopWait = TimeSpan.FromSeconds(3);

    /// <summary>A response Chromium would hand to the download manager or show as a non-page: not a document to scan.</summary>
    private static string? NotHtmlReason(IResponse response)
    {
        response.Headers.TryGetValue("content-type", out var contentType);
        response.Headers.TryGetValue("content-disposition", out var disposition);
        var mediaType = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : contentType;
        var attachment = disposition?.TrimStart().StartsWith("attachment", StringComparison.OrdinalIgnoreCase) == true;
        return DocumentType.NotHtmlReason(mediaType, attachment);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b < TimeSpan.Zero ? TimeSpan.Zero : b;

    private async Task<PageSnapshot> CaptureAsync(PageSnapshot snapshot, IPage page, CaptureSelection? capture, CancellationToken ct)
    {
        var selectors = capture?.Invoke(snapshot) ?? [];
        if (selectors.Count == 0) return snapshot;
        try
        {
            return snapshot with { Captures = await FindingScreenshots.CaptureAsync(page, selectors, _log, ct).WaitAsync(StepLimit, ct) };
        }
        catch (TimeoutException)
        {
            _log.Warning("{Url}: screenshots took longer than {Seconds} s; the page is reported without them", snapshot.RequestedUrl, StepLimit.TotalSeconds);
            return snapshot with { Notes = [.. snapshot.Notes, $"Timeout in screenshot: the findings' screenshots took longer than {StepLimit.TotalSeconds:0} s; reported without them"] };
        }
    }

    /// <summary>The guarded proxy's own answer (a refused or failed connection), which no server sent.</summary>
    private static string? ProxyErrorOf(IResponse? response) =>
        response is not null && response.Headers.TryGetValue(GuardedProxy.ErrorHeader.ToLowerInvariant(), out var why) ? why : null;

    private BrowserNewContextOptions ContextOptions(WarmPages.Kind kind) => new()
    {
        // Every request through the guard, loopback too (Chromium would otherwise send 127.0.0.1 around a proxy).
        Proxy = _proxy is null ? null : new Proxy { Server = _proxy.Address, Bypass = "<-loopback>" },
        UserAgent = kind.UserAgent,
        ViewportSize = kind.Mobile
            ? new ViewportSize { Width = 390, Height = 844 }
            : new ViewportSize { Width = _options.ViewportWidth, Height = _options.ViewportHeight },
        IsMobile = kind.Mobile,
        HasTouch = kind.Mobile,
        IgnoreHTTPSErrors = true,
        ServiceWorkers = ServiceWorkerPolicy.Block,
        AcceptDownloads = false, // a download is not a page: the navigation fails and the content type is recorded

    };

    /// <summary>Scripts that inject spam often run after the load event; give them a bounded moment.</summary>
    private static async Task SettleAsync(IPage page, TimeSpan limit)
    {
        if (limit <= TimeSpan.Zero) return;
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions
            {
                Timeout = (float)limit.TotalMilliseconds,
            }).WaitAsync(limit + NavigationGrace);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // A page that keeps polling never goes idle; we probe what is there.
        }
    }

    /// <summary>
    /// Runs the probe in an isolated world, out of the page scripts' reach; if a script navigated the page meanwhile, waits for the new document and tries again (a page
    /// that keeps navigating — a redirect loop by meta refresh or script — is probed as it stands after three tries).
    /// A probe that does not return within what is left of the budget means the renderer is held (a script that never
    /// yields): the page gets an error saying so.
    /// </summary>
    /// <param name="onScriptStopped">Called each time a probe that had not answered after <see cref="ProbeHeldAfter"/> had
    /// the script holding the renderer stopped (one that started its loop after the page settled, or that an earlier stop
    /// missed) and runs again; up to <see cref="HeldScriptInterrupter.MaxStops"/> times.</param>
    private async Task<(ProbeResult? Result, string? Error)> ProbeAsync(IPage page, Func<TimeSpan> left, Action onScriptStopped)
    {
        var stops = 0;
        for (var attempt = 1; ; attempt++)
        {
            var limit = left() > ProbeFloor ? left() : ProbeFloor;
            try
            {
                var probing = IsolatedProbe.RunAsync(page);
                if (stops < HeldScriptInterrupter.MaxStops && limit > ProbeHeldAfter
                    && await Task.WhenAny(probing, Task.Delay(ProbeHeldAfter)) != probing
                    && await HeldScriptInterrupter.StopRunningScriptAsync(page, _log))
                {
                    stops++;
                    onScriptStopped();
                    _ = probing.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // ended with the script
                    continue;
                }
                return (await probing.WaitAsync(limit), null);
            }
            catch (PlaywrightException e) when (attempt < 3)
            {
                _log.Debug("Probe of {Url} interrupted ({Error}); retrying", page.Url, FirstLine(e.Message));
                await SettleAsync(page, Min(_options.SettleTime, left()));
            }
            catch (TimeoutException)
            {
                var error = $"Timeout in probe: the page kept the browser busy: it could not be read within {_options.AfterLoadBudget.TotalSeconds:0} s after it loaded (a script that never yields?)";
                _log.Warning("{Url}: {Error}", page.Url, error);
                return (null, error);
            }
            catch (PlaywrightException e)
            {
                _log.Warning("Could not probe {Url}: {Error}", page.Url, FirstLine(e.Message));
                return (null, $"The page could not be read: {FirstLine(e.Message)}");
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

    /// <summary>The served body after the probe, when it is within the page cap and still there; null (with a note) otherwise.</summary>
    private static async Task<byte[]?> ServedBodyAsync(IResponse response, long documentBytes, List<string> notes)
    {
        if (documentBytes > BodyLimits.Page)
        {
            // Its whole body would cross the pipe, base64-encoded: the rendered DOM (cut at the cap) stands in for it.
            notes.Add($"the served document is {documentBytes / (1024 * 1024)} MiB, larger than {BodyLimits.Describe(BodyLimits.Page)}: analysed as rendered, without its served HTML");
            return null;
        }
        if (documentBytes < 0)
        {
            notes.Add("the served document was still arriving when the page was read: analysed as rendered, without its served HTML");
            return null;
        }
        try
        {
            return await response.BodyAsync().WaitAsync(StepLimit);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return null; // bodies of some responses (e.g. after a navigation) are no longer available
        }
    }

    /// <summary>
    /// The document at <paramref name="url"/> fetched again over HTTP as <paramref name="profile"/>, through the scan's
    /// address guard and within the page cap; null when it does not answer with a page.
    /// </summary>
    private async Task<byte[]?> ServedAgainAsync(string url, FetchProfile profile, CancellationToken cancellationToken)
    {
        using var client = ScannerHttp.CreateClient(followRedirects: false, _options.Guard ?? new AddressGuard(allowPrivate: true));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", profile.UserAgent ?? $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{BrowserVersion} Safari/537.36");
        if (profile.Referer is { } referer) request.Headers.TryAddWithoutValidation("Referer", referer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PageTimeout);
        try
        {
            using var answer = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!answer.IsSuccessStatusCode) return null;
            var content = await CappedBody.ReadAsync(answer.Content, BodyLimits.Page, timeout.Token);
            return content.Truncated ? null : content.Bytes;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or RefusedAddressException && !cancellationToken.IsCancellationRequested)
        {
            _log.Debug("{Url}: the served document could not be fetched again: {Error}", url, FirstLine(e.Message));
            return null;
        }
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

    /// <summary>How long the early read of the served body may take (a busy renderer answers late: the body is then read after the probe).</summary>
    private static readonly TimeSpan EarlyBodyWait = TimeSpan.FromSeconds(2);

    /// <summary>Slack over a navigation's own timeout before we stop waiting on the driver ourselves.</summary>
    private static readonly TimeSpan NavigationGrace = TimeSpan.FromSeconds(2);

    /// <summary>A probe retried after a navigation gets at least this long, even when the budget is nearly spent.</summary>
    private static readonly TimeSpan ProbeFloor = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a probe may go unanswered before the renderer counts as held by a script that started its loop after the
    /// page settled: the probe reads a big page in well under a second, and the after-load budget is 17 s.
    /// </summary>
    private static readonly TimeSpan ProbeHeldAfter = TimeSpan.FromSeconds(6);

    /// <summary>How long a page's result waits for its context to close; past it the close goes on in the background.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Closes a page's context without letting a wedged close hold up the scan: after <see cref="CloseWait"/> the page's
    /// result goes on and the close finishes (or fails, logged) on its own.
    /// </summary>
    private sealed class AbandoningClose(IBrowserContext context, ILogger log, WarmPages warm) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            warm.Done();
            var closing = CloseAsync();
            if (await Task.WhenAny(closing, Task.Delay(CloseWait)) != closing)
                log.Debug("A browser context is slow to close; the scan goes on without waiting for it");
        }

        private async Task CloseAsync()
        {
            try { await context.CloseAsync().WaitAsync(StepLimit); }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { log.Debug("Closing a browser context failed: {Error}", e.Message); }
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    public async ValueTask DisposeAsync()
    {
        await _warm.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (!_ownsBrowser) return;
        await _host.DisposeAsync();
    }
}
