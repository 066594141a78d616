using System.Collections.Concurrent;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>The pages and findings of a finished scan, pages in the order the targets named them.</summary>
public sealed record ScanOutcome(IReadOnlyList<PageResult> Pages, IReadOnlyList<Finding> Findings);

/// <summary>
/// Scans pages in parallel (each load in its own browser context), analysing each snapshot as soon as it arrives and
/// dropping it, so memory holds findings, not pages.
/// </summary>
public sealed class ScanRunner(PageScanner pages, int concurrency, ILogger log)
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
                var result = await pages.ScanAsync(item.url, ct);
                results[item.index] = result;
                var n = Interlocked.Increment(ref done);
                log.Information("[{Done}/{Total}] {Url} {Outcome} in {Seconds:0.0} s, {Findings} finding(s)",
                    n, urls.Count, item.url, result.Page.Error ?? $"{result.Page.Status}", result.Page.LoadTime.TotalSeconds, result.Findings.Count);
            });
        var ordered = Enumerable.Range(0, urls.Count).Select(i => results[i]).ToList();
        return new ScanOutcome(ordered.Select(r => r.Page).ToList(), ordered.SelectMany(r => r.Findings).ToList());
    }
}
