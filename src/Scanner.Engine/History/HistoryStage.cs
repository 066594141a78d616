using System.Collections.Concurrent;
using Scanner.Core.Analyzers;
using Scanner.Core.History;
using Scanner.Core.Model;

namespace Scanner.Engine.History;

/// <summary>
/// The history's stage of the pipeline, beside the policy stage (scan --history): before the policy it adds each
/// page's tamper signals (the page against itself on its last clean night), after the policy it gives every finding its
/// <see cref="HistoryState"/> against the previous run, and at the end it lists what that run found and this one did
/// not (resolved). Workers call it at once for different pages: its state is thread-safe.
/// </summary>
public sealed class HistoryStage(HistoryBaseline baseline)
{
    private readonly ConcurrentDictionary<string, byte> _found = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _scannedPages = new(StringComparer.Ordinal);

    public HistoryBaseline Baseline => baseline;

    /// <summary>The page's facts to record, and its tamper findings (to go through the policy with the others).</summary>
    public (PageFacts? Facts, IReadOnlyList<Finding> Tamper) Inspect(PageSnapshot snapshot)
    {
        if (!snapshot.Loaded) return (null, []);
        var facts = PageFacts.Of(snapshot);
        var clean = baseline.LastClean.GetValueOrDefault(Fingerprint.PageKey(snapshot.RequestedUrl));
        return (facts, clean is null ? [] : TamperRules.Compare(clean, facts, snapshot));
    }

    /// <summary>The page's findings (policy applied), each with its state against the previous run.</summary>
    public IReadOnlyList<Finding> Mark(PageResult page, IReadOnlyList<Finding> findings)
    {
        if (page.Error is null)
        {
            _scannedPages.TryAdd(Fingerprint.PageKey(page.Url), 0);
            if (page.FinalUrl is { } final) _scannedPages.TryAdd(Fingerprint.PageKey(final), 0);
        }
        var marked = new List<Finding>(findings.Count);
        foreach (var f in findings)
        {
            _found.TryAdd(f.Fingerprint, 0);
            marked.Add(f with { HistoryState = StateOf(f.Fingerprint) });
        }
        return marked;
    }

    private HistoryState StateOf(string fingerprint) =>
        baseline.PreviousFindings.ContainsKey(fingerprint) ? HistoryState.Unchanged
        : baseline.EarlierFingerprints.Contains(fingerprint) ? HistoryState.Reappeared
        : HistoryState.New;

    /// <summary>The previous run's findings not found again on a page this run scanned (pages it did not reach resolve nothing).</summary>
    public IReadOnlyList<ResolvedFinding> Resolved() =>
        baseline.PreviousFindings.Values
            .Where(f => !_found.ContainsKey(f.Fingerprint) && _scannedPages.ContainsKey(Fingerprint.PageKey(f.Url)))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Url, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
}
