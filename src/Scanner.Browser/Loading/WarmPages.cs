using Microsoft.Playwright;
using Scanner.Browser.Probe;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Fresh pages made ahead of time (issue 20, "warm contexts"). Every page still loads in a context of its own that no
/// other page ever used, so each load is a first-time visitor with no cookies, storage, cache, history or open
/// connections from earlier pages, whatever site came before. What changes is when the context is made: creating a
/// context, its first page (a new renderer) and the image blocking took 0.25–0.35 s per page here, all spent before
/// the navigation could start. Now each page taken starts one replacement in the background, made while the taken page
/// waits on the network, so the next page of the same kind usually finds one ready.
/// </summary>
/// <remarks>
/// Reusing one context per worker and clearing it between pages was measured too: clearing cookies, every origin's
/// storage and the cache costs about as much as a new context, and what it cannot clear (the tab's history length and
/// session storage, kept-alive connections a server can recognise, partitioned third-party storage) would make the
/// second page a returning visitor, which cloaking servers look for. A spare belongs to one browser session and one
/// kind of page (user agent, mobile viewport, images blocked or not): it is never used by another profile.
/// </remarks>
internal sealed class WarmPages : IAsyncDisposable
{
    private readonly Func<Kind, BrowserNewContextOptions> _contextOptions;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly List<Spare> _spares = [];
    private readonly Dictionary<Kind, int> _making = [];
    private int _taken;
    private bool _disposed;

    public WarmPages(Func<Kind, BrowserNewContextOptions> contextOptions, ILogger log)
    {
        _contextOptions = contextOptions;
        _log = log;
    }

    /// <summary>What makes two pages' contexts interchangeable: the same user agent and viewport, and images blocked or not.</summary>
    public readonly record struct Kind(string? UserAgent, bool Mobile, bool BlockUnseen);

    /// <summary>A page in a context of its own, never navigated yet.</summary>
    public sealed record Fresh(IBrowserContext Context, IPage Page);

    private sealed record Spare(IBrowser Browser, Kind Kind, Fresh Page);

    /// <summary>
    /// A fresh page of <paramref name="kind"/> in <paramref name="browser"/>: a spare when one is ready, else made now.
    /// Either way, one replacement is started in the background (while fewer are ready or being made than pages are
    /// loading). Call <see cref="Done"/> when its load is over.
    /// </summary>
    public async Task<Fresh> TakeAsync(IBrowser browser, Kind kind, TimeSpan stepLimit, CancellationToken ct)
    {
        Fresh? ready = null;
        List<Spare> stale;
        lock (_lock)
        {
            _taken++;
            // Spares of a browser that went away (crashed, restarted) are of no use.
            stale = _spares.Where(s => s.Browser != browser || !browser.IsConnected).ToList();
            _spares.RemoveAll(stale.Contains);
            var index = _spares.FindIndex(s => s.Kind == kind);
            if (index >= 0)
            {
                ready = _spares[index].Page;
                _spares.RemoveAt(index);
            }
        }
        foreach (var s in stale) _ = CloseAsync(s.Page.Context);
        if (ready is not null && !ready.Page.IsClosed)
        {
            Replenish(browser, kind, stepLimit);
            return ready;
        }
        if (ready is not null) _ = CloseAsync(ready.Context);
        Replenish(browser, kind, stepLimit);
        try
        {
            return await MakeAsync(browser, kind, stepLimit, ct);
        }
        catch
        {
            Done();
            throw;
        }
    }

    /// <summary>The page's load is over (its context is closed by the caller).</summary>
    public void Done()
    {
        lock (_lock) _taken--;
    }

    /// <summary>Starts one spare of <paramref name="kind"/> unless as many are ready or on their way as pages are loading.</summary>
    private void Replenish(IBrowser browser, Kind kind, TimeSpan stepLimit)
    {
        lock (_lock)
        {
            if (_disposed) return;
            var coming = _spares.Count(s => s.Kind == kind) + _making.GetValueOrDefault(kind);
            if (coming >= _taken) return;
            _making[kind] = _making.GetValueOrDefault(kind) + 1;
        }
        _ = Task.Run(async () =>
        {
            Fresh? made = null;
            try
            {
                made = await MakeAsync(browser, kind, stepLimit, CancellationToken.None);
            }
            catch (Exception e)
            {
                // In the background nobody waits for it: a browser that is going away is noticed by the next page's load.
                _log.Debug("A spare browser page could not be made: {Error}", e.Message.Split('\n', 2)[0]);
            }
            var keep = false;
            lock (_lock)
            {
                _making[kind]--;
                if (made is not null && !_disposed)
                {
                    _spares.Add(new Spare(browser, kind, made));
                    keep = true;
                }
            }
            if (!keep && made is not null) await CloseAsync(made.Context);
        });
    }

    private async Task<Fresh> MakeAsync(IBrowser browser, Kind kind, TimeSpan stepLimit, CancellationToken ct)
    {
        // Bounded: asked of a browser that is dying, these calls were seen to never return.
        var context = await browser.NewContextAsync(_contextOptions(kind)).WaitAsync(stepLimit, ct);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(stepLimit, ct);
            // Attached for the page's life: what it sets up (the change clock, the block list) is the session's.
            var cdp = await context.NewCDPSessionAsync(page).WaitAsync(stepLimit, ct);
            await IsolatedProbe.ClockChangesAsync(cdp).WaitAsync(stepLimit, ct);
            IsolatedProbe.Keep(page, cdp);
            // No picture wanted: images, media and fonts cannot put text or links into the page, so they are not fetched.
            if (kind.BlockUnseen) await UnseenResources.BlockAsync(cdp).WaitAsync(stepLimit, ct);
            return new Fresh(context, page);
        }
        catch
        {
            _ = CloseAsync(context);
            throw;
        }
    }

    private async Task CloseAsync(IBrowserContext context)
    {
        try { await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(20)); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or ObjectDisposedException)
        {
            _log.Debug("Closing a spare browser context failed: {Error}", e.Message.Split('\n', 2)[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Spare> spares;
        lock (_lock)
        {
            _disposed = true;
            spares = [.. _spares];
            _spares.Clear();
        }
        await Task.WhenAll(spares.Select(s => CloseAsync(s.Page.Context)));
    }
}
