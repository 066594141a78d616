using System.Collections.Concurrent;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>The pages and findings of a finished scan, pages in the order the targets named them.</summary>
public sealed record ScanOutcome(IReadOnlyList<PageResult> Pages, IReadOnlyList<Finding> Findings);

/// <summary>
/// Loads pages in parallel (one browser context each), analyses each snapshot as soon as it arrives and drops it,
/// so memory holds findings, not pages.
/// </summary>
public sealed class ScanRunner(IPageLoader loader, PageAnalysis analysis, int concurrency, ILogger log)
{
    public async Task<ScanOutcome> RunAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<int, (PageResult Page, IReadOnlyList<Finding> Findings)>();
        var done = 0;
        await Parallel.ForEachAsync(
            urls.Select((url, index) => (url, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var snapshot = await LoadSafelyAsync(item.url, ct);
                var findings = analysis.Analyze(snapshot);
                results[item.index] = (PageResult.From(snapshot, findings.Count), findings);
                var n = Interlocked.Increment(ref done);
                log.Information("[{Done}/{Total}] {Url} {Outcome} in {Seconds:0.0} s, {Findings} finding(s)",
                    n, urls.Count, item.url, snapshot.Error ?? $"{snapshot.Status}", snapshot.LoadTime.TotalSeconds, findings.Count);
            });
        var ordered = Enumerable.Range(0, urls.Count).Select(i => results[i]).ToList();
        return new ScanOutcome(ordered.Select(r => r.Page).ToList(), ordered.SelectMany(r => r.Findings).ToList());
    }

    /// <summary>A loader bug on one page must not end the scan: it becomes that page's error.</summary>
    private async Task<PageSnapshot> LoadSafelyAsync(string url, CancellationToken ct)
    {
        try
        {
            return await loader.LoadAsync(url, FetchProfile.Visitor, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error(e, "Loading {Url} failed", url);
            return new PageSnapshot { RequestedUrl = url, Error = e.Message };
        }
    }
}
