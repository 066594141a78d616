using Scanner.Core.Model;
using Scanner.Core.Reports;

namespace Scanner.Engine.Reports;

/// <summary>
/// What only the end of a run knows. <paramref name="Interrupted"/>: stopped (Ctrl+C, SIGTERM) before the frontier ran
/// out, so the pages are those done by then. <paramref name="Unreachable"/>: the named targets that could not be loaded
/// at all (see Scanning.UnreachableTargets), in discovery order. <paramref name="Links"/>: the link check's totals
/// (null without --check-links). <paramref name="Screenshots"/>: finding screenshots by fingerprint, in files that live
/// as long as the run.
/// </summary>
public sealed record ScanEnd(bool Interrupted, IReadOnlyList<PageResult> Unreachable, LinkTotals? Links,
    IReadOnlyDictionary<string, FindingScreenshot> Screenshots)
{
    /// <summary>With --shard: pages of other shards loaded only to follow their links (0 for a URL list, a sitemap or a folder).</summary>
    public int PagesLoadedForLinks { get; init; }
    /// <summary>With --history: the comparison with the previous run of the same targets (resolved findings); null otherwise.</summary>
    public HistoryComparison? History { get; init; }
}
