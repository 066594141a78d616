using Scanner.Core.History;

namespace Scanner.Engine.History;

/// <summary>
/// What the history knows before a run starts, read from the database once: the previous complete run of the same
/// targets and its findings, the fingerprints earlier runs found (to tell a reappeared finding from a new one), and
/// each page as it was on the last night it was clean (for the tamper signals).
/// </summary>
/// <param name="RunId">This run's id in the database.</param>
/// <param name="PreviousRunId">The previous complete run of the same targets; null on the first night.</param>
/// <param name="PreviousFindings">The previous run's findings by fingerprint.</param>
/// <param name="EarlierFingerprints">Fingerprints found by any earlier complete run of these targets.</param>
/// <param name="LastClean">Page key (<see cref="Core.Analyzers.Fingerprint.PageKey"/>) → the page on its last clean night.</param>
public sealed record HistoryBaseline(long RunId, long? PreviousRunId, IReadOnlyDictionary<string, ResolvedFinding> PreviousFindings,
    IReadOnlySet<string> EarlierFingerprints, IReadOnlyDictionary<string, PageFacts> LastClean)
{
    /// <summary>A first night: nothing to compare with, every finding is new.</summary>
    public static HistoryBaseline FirstRun(long runId) =>
        new(runId, null, new Dictionary<string, ResolvedFinding>(), new HashSet<string>(), new Dictionary<string, PageFacts>());
}
