namespace Scanner.Core.Model;

/// <summary>
/// Where a finding stands against the previous run of the same targets (scan --history). A finding that was in the
/// previous run and is gone is "resolved": it is not a finding of this run, so it is listed apart (ScanReport.Resolved).
/// </summary>
public enum HistoryState
{
    /// <summary>Never seen in an earlier complete run of these targets.</summary>
    New,
    /// <summary>Also found by the previous complete run.</summary>
    Unchanged,
    /// <summary>Not in the previous run, but in an earlier one: it came back (an injection restored after a clean-up).</summary>
    Reappeared,
}

public static class HistoryStateNames
{
    public static string ToWord(this HistoryState state) => state.ToString().ToLowerInvariant();

    /// <summary>New since the previous run: new or reappeared (what `--fail-on-new` and `--notify` are about).</summary>
    public static bool IsNewSinceLastRun(this HistoryState? state) => state is HistoryState.New or HistoryState.Reappeared;
}
