using Scanner.Engine.Scanning;
using Scanner.Core.Crawling;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// The crawl: N workers take URLs from the frontier, scan each page (all its profiles), offer its links back to
/// the frontier (up to --max-depth), check its links (--check-links), and hand the page and its findings to the
/// report sinks in discovery order as soon as every earlier page is done. Snapshots are dropped once a page is done.
/// When <see cref="Stop"/> is cancelled (Ctrl+C) no new page is taken and no link followed; pages in flight finish
/// unless the run's token is cancelled too, and the outcome holds every page that was done, marked interrupted.
/// </summary>
public sealed class CrawlRunner(PageScanner pages, Frontier frontier, LinkChecker? links, FindingSpool spool, ScanProgress progress, int concurrency, int maxDepth, ILogger log)
{
    private readonly Dictionary<int, (PageResult Page, IReadOnlyList<Finding> Findings)> _waiting = [];
    private readonly List<PageResult> _pages = [];
    private readonly Lock _commitLock = new();
    private int _next;
    private bool _closed;

    /// <summary>Cancelled to stop taking new pages: the crawl ends with what was done (an interrupted scan).</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>
    /// Told of each page the moment it is done (not in discovery order), for reports written as the scan runs;
    /// exactly the pages that end up in the outcome.
    /// </summary>
    public Action<PageResult, IReadOnlyList<Finding>>? PageDone { get; init; }

    public async Task<ScanOutcome> RunAsync(IReadOnlyList<StartUrl> starts, CancellationToken ct)
    {
        progress.Known = () => frontier.Accepted;
        await progress.RunAsync(async () =>
        {
            var workers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(() => WorkAsync(ct), CancellationToken.None)).ToList();
            try
            {
                foreach (var start in starts.TakeWhile(_ => !Stop.IsCancellationRequested))
                    await frontier.OfferAsync(start.Url, 0, start.Literal, ct);
                frontier.SeedingDone();
                // Pages in flight are waited for until the run's token gives up on them (a loader may not notice it).
                await Task.WhenAll(workers).WaitAsync(ct);
            }
            catch (OperationCanceledException) when (Stop.IsCancellationRequested || ct.IsCancellationRequested)
            {
            }
            return 0;
        });
        var interrupted = Stop.IsCancellationRequested || ct.IsCancellationRequested;
        Close();
        foreach (var (reason, count) in frontier.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal))
            log.Information("Not scanned: {Count} URL(s), {Reason}", count, reason);
        if (links is not null)
            log.Information("Links checked: {Checked} distinct target(s): {Ok} ok, {Broken} broken, {Unverified} could not be verified, {Spam} serving spam",
                links.Checked, links.Ok, links.Broken, links.CouldNotVerify, links.ServingSpam);
        return new ScanOutcome(_pages, spool, interrupted);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var item in frontier.Queue.ReadAllAsync(Stop))
            {
                try
                {
                    await ScanOneAsync(item, ct);
                }
                finally
                {
                    frontier.Finished();
                }
            }
        }
        catch (OperationCanceledException) when (Stop.IsCancellationRequested || ct.IsCancellationRequested)
        {
            // Interrupted: this worker takes no more pages.
        }
    }

    /// <summary>
    /// One page from the frontier to the sinks. Whatever throws on the way (the scan of the page, following its links,
    /// checking them) becomes the page's error: the page is recorded all the same, and the pages after it are not
    /// held back waiting for it.
    /// </summary>
    private async Task ScanOneAsync(CrawlItem item, CancellationToken ct)
    {
        var problems = new PageProblems(item.Url, log);
        PageResult page;
        IReadOnlyList<Finding> all;
        try
        {
            (page, all) = await ScanAndFollowAsync(item, problems, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            problems.Add("scanning the page", e);
            (page, all) = (new PageResult(item.Url, null, null, null, TimeSpan.Zero, 0), []);
        }
        // A page cut short by the interruption is not a page done: it stays out of the report.
        ct.ThrowIfCancellationRequested();
        page = page with { FindingCount = all.Count, Error = problems.Describe(page.Error) };
        log.Debug("{Url} {Outcome} in {Seconds:0.0} s, {Findings} finding(s)", item.Url, page.Error ?? $"{page.Status}", page.LoadTime.TotalSeconds, all.Count);
        progress.PageDone(all.Count);
        Commit(item.Sequence, page, all);
    }

    private async Task<(PageResult Page, IReadOnlyList<Finding> Findings)> ScanAndFollowAsync(CrawlItem item, PageProblems problems, CancellationToken ct)
    {
        var (page, findings, snapshot) = await pages.ScanWithSnapshotAsync(item.Url, ct);
        var all = findings;
        if (!snapshot.Loaded) return (page, all);
        await problems.TryAsync("following the page's links", async () =>
        {
            frontier.MarkSeen(snapshot.FinalUrl);
            var canonical = CanonicalLink.Of(snapshot.ServedHtml, snapshot.EffectiveUrl);
            if (canonical is not null && Uri.TryCreate(canonical, UriKind.Absolute, out var c) && frontier.Scope.InScope(c)) frontier.MarkSeen(canonical);
            if (item.Depth < maxDepth && !Stop.IsCancellationRequested && Uri.TryCreate(snapshot.EffectiveUrl, UriKind.Absolute, out var final) && frontier.Scope.InScope(final))
                foreach (var link in snapshot.Links)
                    await frontier.OfferAsync(link.Href, item.Depth + 1, literal: false, ct);
        });
        if (links is not null)
            await problems.TryAsync("checking the page's links", async () =>
            {
                var linkFindings = SourceLocator.Locate(snapshot.ServedHtml, await links.CheckPageAsync(snapshot, ct));
                if (linkFindings.Count > 0) all = [.. findings, .. linkFindings];
            });
        return (page, all);
    }

    /// <summary>Pages and findings go to the sinks in discovery order; a page waits only for the pages before it.</summary>
    private void Commit(int sequence, PageResult page, IReadOnlyList<Finding> findings)
    {
        lock (_commitLock)
        {
            if (_closed) return; // the crawl was interrupted and its outcome is already being reported
            PageDone?.Invoke(page, findings);
            _waiting[sequence] = (page, findings);
            while (_waiting.Remove(_next, out var ready))
            {
                Record(ready.Page, ready.Findings);
                _next++;
            }
        }
    }

    /// <summary>A page and its findings into the report; findings that cannot be written are the page's error.</summary>
    private void Record(PageResult page, IReadOnlyList<Finding> findings)
    {
        try
        {
            spool.Add(findings);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problems = new PageProblems(page.Url, log);
            problems.Add("recording the page's findings", e);
            page = page with { FindingCount = 0, Error = problems.Describe(page.Error) };
        }
        _pages.Add(page);
    }

    /// <summary>
    /// Ends the crawl's output: pages done after an earlier page that never finished (interrupted) are added in their
    /// order, and a page finishing after this is dropped, so the reports read a list that no longer changes.
    /// </summary>
    private void Close()
    {
        lock (_commitLock)
        {
            foreach (var sequence in _waiting.Keys.Order().ToList())
            {
                var (page, findings) = _waiting[sequence];
                Record(page, findings);
            }
            _waiting.Clear();
            _closed = true;
        }
    }
}

/// <summary>
/// The pages and findings of a scan, pages in discovery order (the targets' order first); <paramref name="Interrupted"/>
/// when it was stopped before the frontier ran out, so the pages are those done by then.
/// </summary>
public sealed record ScanOutcome(IReadOnlyList<PageResult> Pages, IReadOnlyList<Finding> Findings, bool Interrupted = false);

/// <summary>A URL to start from: <paramref name="Literal"/> when the user named it (robots.txt and patterns do not apply).</summary>
public sealed record StartUrl(string Url, bool Literal);
