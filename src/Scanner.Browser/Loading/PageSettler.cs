using Microsoft.Playwright;
using Scanner.Browser.Probe;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Waits, after the document arrived, until the page is quiet: its DOM has not changed for <c>quiet</c> (a
/// MutationObserver in the isolated world) and none of the requests that can still bring content is in flight
/// (scripts, stylesheets, XHR/fetch, frame documents; images, media and fonts cannot, and are not waited for).
/// It replaces fixed waits for the load event and network idle (issue 20): a page that is done costs one quiet period,
/// one that keeps loading scripts or injecting content is waited for up to the limit. Subscribe before navigating, so
/// every request is counted.
/// </summary>
internal sealed class PageSettler
{
    private readonly IPage _page;
    private readonly ILogger _log;
    private int _inFlight;
    /// <summary>When the last request that can bring content finished (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    private long _lastFinished = System.Diagnostics.Stopwatch.GetTimestamp();

    public PageSettler(IPage page, ILogger log)
    {
        _page = page;
        _log = log;
        page.Request += (_, r) => { if (CanBringContent(r)) Interlocked.Increment(ref _inFlight); };
        page.RequestFinished += (_, r) => Finished(r);
        page.RequestFailed += (_, r) => Finished(r);
    }

    private void Finished(IRequest request)
    {
        if (!CanBringContent(request)) return;
        Volatile.Write(ref _lastFinished, System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>
    /// True when the page's renderer did not answer within a watch period plus <see cref="Grace"/>: a script is holding it
    /// (a loop that never yields). Settling stops there: waiting longer would not make the page any quieter.
    /// </summary>
    public bool RendererHeld { get; private set; }

    /// <summary>How many script, stylesheet, XHR/fetch and frame requests are still on their way.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Resource types whose answer can put text or links into the page. The main document's request is one of them
    /// but has finished before settling starts; an event stream or a web socket never finishes, so neither counts.
    /// </summary>
    private static bool CanBringContent(IRequest request) =>
        request.ResourceType is "script" or "stylesheet" or "xhr" or "fetch" or "document";

    /// <summary>True when the page went quiet within <paramref name="limit"/>; false when it was still busy at the limit.</summary>
    public async Task<bool> SettleAsync(TimeSpan quiet, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero) return false;
            // Watch for a few quiet periods at a time, so the requests in flight are looked at again between them.
            var watch = Min(left, quiet * 4);
            bool domQuiet;
            // The quiet already behind the document counts only since the last script or sheet arrived: its body is
            // in, but it may not have run yet (a timer it sets on load would come after a probe made now).
            var finishedBefore = Volatile.Read(ref _lastFinished);
            try
            {
                var sinceFinished = System.Diagnostics.Stopwatch.GetElapsedTime(finishedBefore);
                domQuiet = await IsolatedProbe.DomQuietAsync(_page, (int)quiet.TotalMilliseconds, (int)Math.Max(1, watch.TotalMilliseconds),
                        (int)Math.Min(int.MaxValue, sinceFinished.TotalMilliseconds))
                    .WaitAsync(watch + Grace);
            }
            catch (TimeoutException)
            {
                _log.Debug("{Url}: the renderer did not answer within {Seconds:0.0} s; a script is holding it", _page.Url, (watch + Grace).TotalSeconds);
                RendererHeld = true;
                return false;
            }
            catch (PlaywrightException e)
            {
                // A navigation replaced the document: wait out the period and look again.
                _log.Debug("{Url}: waiting for the page to settle: {Error}", _page.Url, e.Message.Split('\n', 2)[0]);
                await Task.Delay(Min(quiet, Max(limit - clock.Elapsed, TimeSpan.Zero)));
                continue;
            }
            // A request that finished while the watch ran has not had its quiet period after it: watch again.
            if (domQuiet && InFlight <= 0 && Volatile.Read(ref _lastFinished) == finishedBefore) return true;
            if (domQuiet) await Task.Delay(Min(quiet / 5, Max(limit - clock.Elapsed, TimeSpan.Zero))); // scripts still arriving
        }
    }

    /// <summary>Slack for the CDP round trip over the watch's own limit.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
