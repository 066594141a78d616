using System.Threading.Channels;
using Scanner.Core.Crawling;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Engine.Crawling;
using Scanner.Engine.Reports;
using Scanner.Engine.Targets;
using Serilog;

namespace Scanner.Engine.Scanning;

/// <summary>
/// The crawl: N workers take URLs from the frontier and run each page through the page pipeline: scan it (all its
/// profiles), offer its links back to the frontier (up to --max-depth), check its links (--check-links), pass every
/// finding through the policy stage, keep the screenshots of the findings that remain, and write the page to
/// <see cref="Completed"/> the moment it is done (completion order; <see cref="CompletedPage.Sequence"/> says the
/// discovery order). Snapshots are dropped once a page is done.
/// When <see cref="Stop"/> is cancelled (Ctrl+C) no new page is taken and no link followed; pages in flight finish
/// unless the run's token is cancelled too. <see cref="Completed"/> is closed when the crawl ends: a page finishing
/// after that is not part of the run.
/// </summary>
public sealed class CrawlRunner(PageScanner pages, Frontier frontier, LinkChecker? links, PolicyStage policy, ScreenshotStore? screenshots,
    int concurrency, int maxDepth, ILogger log)
{
    private readonly Channel<CompletedPage> _completed = Channel.CreateUnbounded<CompletedPage>(new UnboundedChannelOptions { SingleReader = true });
    private int _loadedForLinks;

    /// <summary>With --shard: pages of other shards loaded only to follow their links (the discovery every shard repeats).</summary>
    public int PagesLoadedForLinks => Volatile.Read(ref _loadedForLinks);

    /// <summary>Cancelled to stop taking new pages: the crawl ends with what was done (an interrupted scan).</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>With --history: adds tamper signals before the policy and each finding's history state after it.</summary>
    public History.HistoryStage? History { get; init; }

    /// <summary>The pages as they complete; completes when the crawl is over.</summary>
    public ChannelReader<CompletedPage> Completed => _completed.Reader;

    /// <summary>Runs the crawl to its end; true when it was interrupted before the frontier ran out.</summary>
    public async Task<bool> RunAsync(IReadOnlyList<StartUrl> starts, CancellationToken ct)
    {
        try
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
        }
        finally
        {
            _completed.Writer.TryComplete();
        }
        foreach (var (reason, count) in frontier.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal))
            log.Information("Not scanned: {Count} URL(s), {Reason}", count, reason);
        if (PagesLoadedForLinks > 0)
            log.Information("Shard: {Loaded} page(s) of other shards loaded only to follow their links", PagesLoadedForLinks);
        if (links is not null)
            log.Information("Links checked: {Checked} distinct target(s): {Ok} ok, {Broken} broken, {Unverified} could not be verified, {Spam} serving spam",
                links.Checked, links.Ok, links.Broken, links.CouldNotVerify, links.ServingSpam);
        return Stop.IsCancellationRequested || ct.IsCancellationRequested;
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var item in frontier.Queue.ReadAllAsync(Stop))
            {
                try
                {
                    if (item.Owned) await ScanOneAsync(item, ct);
                    else await FollowOnlyAsync(item, ct);
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
    /// One page from the frontier to <see cref="Completed"/>. Whatever throws on the way (the scan of the page,
    /// following its links, checking them, the policy, the screenshots) becomes the page's error: the page is recorded
    /// all the same.
    /// </summary>
    private async Task ScanOneAsync(CrawlItem item, CancellationToken ct)
    {
        var problems = new PageProblems(item.Url, log);
        PageResult page;
        IReadOnlyList<Finding> all;
        Core.History.PageFacts? facts = null;
        try
        {
            (page, all, facts) = await ScanAndFollowAsync(item, problems, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            problems.Add("scanning the page", e);
            (page, all) = (new PageResult(item.Url, null, null, null, TimeSpan.Zero, 0), []);
        }
        // A page cut short by the interruption is not a page done: it stays out of the report.
        ct.ThrowIfCancellationRequested();
        page = page with { FindingCount = all.Count, Error = problems.Describe(page.Error) };
        if (History is { } history) all = history.Mark(page, all);
        log.Debug("{Url} {Outcome} in {Seconds:0.0} s, {Findings} finding(s) ({Stages})", item.Url, page.Error ?? $"{page.Status}", page.LoadTime.TotalSeconds, all.Count, page.Stages.Describe());
        _completed.Writer.TryWrite(new CompletedPage(item.Sequence, page, all) { Facts = facts });
    }

    /// <summary>
    /// A page of another shard (--shard): loaded as the shard that owns it loads it, so that this shard follows the same
    /// links and finds the same pages, but not analysed and not reported. One at the depth limit has no links to follow:
    /// it is not loaded at all (so URL lists, sitemaps and folders cost nothing for other shards' pages).
    /// </summary>
    private async Task FollowOnlyAsync(CrawlItem item, CancellationToken ct)
    {
        if (item.Depth >= maxDepth) return;
        Interlocked.Increment(ref _loadedForLinks);
        var problems = new PageProblems(item.Url, log);
        var snapshot = await pages.LoadAsync(item.Url, ct);
        if (snapshot.Loaded) await problems.TryAsync("following the page's links", () => FollowLinksAsync(item, snapshot, ct));
    }

    /// <summary>Marks where the page landed and its canonical URL as seen, and offers its links (below --max-depth).</summary>
    private async Task FollowLinksAsync(CrawlItem item, PageSnapshot snapshot, CancellationToken ct)
    {
        frontier.MarkSeen(snapshot.FinalUrl);
        var canonical = CanonicalLink.Of(snapshot.ServedHtml, snapshot.EffectiveUrl);
        if (canonical is not null && Uri.TryCreate(canonical, UriKind.Absolute, out var c) && frontier.Scope.InScope(c)) frontier.MarkSeen(canonical);
        if (item.Depth < maxDepth && !Stop.IsCancellationRequested && Uri.TryCreate(snapshot.EffectiveUrl, UriKind.Absolute, out var final) && frontier.Scope.InScope(final))
            foreach (var link in snapshot.Links)
                await frontier.OfferAsync(link.Href, item.Depth + 1, literal: false, ct);
    }

    private async Task<(PageResult Page, IReadOnlyList<Finding> Findings, Core.History.PageFacts? Facts)> ScanAndFollowAsync(CrawlItem item, PageProblems problems, CancellationToken ct)
    {
        var (page, findings, snapshot) = await pages.ScanAsync(item.Url, ct);
        var all = findings;
        if (snapshot.Loaded)
        {
            await problems.TryAsync("following the page's links", () => FollowLinksAsync(item, snapshot, ct));
            if (links is not null)
                await problems.TryAsync("checking the page's links", async () =>
                {
                    var linkFindings = SourceLocator.Locate(snapshot.ServedHtml, await links.CheckPageAsync(snapshot, ct), snapshot.SourceSpans);
                    if (linkFindings.Count > 0) all = [.. findings, .. linkFindings];
                });
        }
        Core.History.PageFacts? facts = null;
        if (History is { } history)
            problems.Try("comparing the page with its last clean night", () =>
            {
                (facts, var tamper) = history.Inspect(snapshot);
                if (tamper.Count > 0) all = [.. all, .. tamper];
            });
        // The one place where policy meets findings: page analyzers', cloaking's, the static spider's and link checks' alike.
        var kept = policy.Apply(all);
        if (snapshot.Captures.Count > 0 && screenshots is { } store) problems.Try("saving the screenshots", () => store.Add(snapshot.Captures, kept));
        return (page, kept, facts);
    }
}
