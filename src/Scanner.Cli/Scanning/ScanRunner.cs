using System.Collections.Concurrent;
using Scanner.Cli.Reports;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>The pages and findings of a finished scan, pages in the order the targets named them.</summary>
public sealed record ScanOutcome(IReadOnlyList<PageResult> Pages, IReadOnlyList<Finding> Findings);

/// <summary>
/// Loads pages in parallel (one browser context each), analyses each snapshot as soon as it arrives and drops it,
/// so memory holds findings, not pages. The rule policy (severity overrides, disabled rules) applies right after
/// analysis. With a <see cref="ScreenshotStore"/> and a loader that can, the elements of a page's findings are
/// photographed before the page closes.
/// </summary>
public sealed class ScanRunner(IPageLoader loader, PageAnalysis analysis, int concurrency, ILogger log)
{
    public RulePolicy Policy { get; init; } = RulePolicy.None;
    public ScreenshotStore? Screenshots { get; init; }

    public async Task<ScanOutcome> RunAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<int, (PageResult Page, IReadOnlyList<Finding> Findings)>();
        var done = 0;
        await Parallel.ForEachAsync(
            urls.Select((url, index) => (url, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                IReadOnlyList<Finding>? analysed = null;
                var snapshot = await LoadSafelyAsync(item.url, s => Selectors(analysed = Analyze(s)), ct);
                var findings = analysed ?? Analyze(snapshot);
                if (snapshot.Captures.Count > 0) Screenshots?.Add(snapshot.Captures, findings);
                results[item.index] = (PageResult.From(snapshot, findings.Count), findings);
                var n = Interlocked.Increment(ref done);
                log.Information("[{Done}/{Total}] {Url} {Outcome} in {Seconds:0.0} s, {Findings} finding(s)",
                    n, urls.Count, item.url, snapshot.Error ?? $"{snapshot.Status}", snapshot.LoadTime.TotalSeconds, findings.Count);
            });
        var ordered = Enumerable.Range(0, urls.Count).Select(i => results[i]).ToList();
        return new ScanOutcome(ordered.Select(r => r.Page).ToList(), ordered.SelectMany(r => r.Findings).ToList());
    }

    private IReadOnlyList<Finding> Analyze(PageSnapshot snapshot) => Policy.Apply(analysis.Analyze(snapshot));

    /// <summary>The elements worth a picture: the most severe findings' first.</summary>
    private static IReadOnlyList<string> Selectors(IReadOnlyList<Finding> findings) =>
        findings.Where(f => f.Selector is not null).OrderByDescending(f => f.Severity).Select(f => f.Selector!).Distinct().ToList();

    /// <summary>A loader bug on one page must not end the scan: it becomes that page's error.</summary>
    private async Task<PageSnapshot> LoadSafelyAsync(string url, CaptureSelection capture, CancellationToken ct)
    {
        try
        {
            return Screenshots is not null && loader is ICapturingPageLoader capturing
                ? await capturing.LoadAsync(url, FetchProfile.Visitor, capture, ct)
                : await loader.LoadAsync(url, FetchProfile.Visitor, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error(e, "Loading {Url} failed", url);
            return new PageSnapshot { RequestedUrl = url, Error = e.Message };
        }
    }
}
