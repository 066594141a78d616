using Scanner.Core.Model;

namespace Scanner.Core.Policy;

/// <summary>
/// The --fail-on threshold: the run fails when a finding is at or above it. Null threshold = never fail.
/// <see cref="NewThreshold"/> (--fail-on-new, with --history) fails the run on findings new since the previous run
/// (new or reappeared) at or above it.
/// </summary>
public sealed record Gate(Severity? Threshold)
{
    public static Gate Default { get; } = new(Severity.High);

    /// <summary>--fail-on-new: findings that are new since the previous run (see <see cref="HistoryState"/>) at or above this fail the run.</summary>
    public Severity? NewThreshold { get; init; }

    public static bool TryParse(string word, out Gate gate)
    {
        gate = Default;
        if (string.Equals(word, "none", StringComparison.OrdinalIgnoreCase)) { gate = new Gate((Severity?)null); return true; }
        if (!SeverityNames.TryParse(word, out var severity)) return false;
        gate = new Gate(severity);
        return true;
    }

    public bool Trips(Finding finding) =>
        (Threshold is { } t && finding.Severity >= t)
        || (NewThreshold is { } n && finding.Severity >= n && finding.HistoryState.IsNewSinceLastRun());

    /// <summary>The --fail-on word alone (what the JSON reports' <c>failOn</c> holds; <c>failOnNew</c> holds the other).</summary>
    public string ThresholdWord => Threshold?.ToWord() ?? "none";

    /// <summary>For people: "high", "none", "new high", "high, new medium".</summary>
    public string Describe() => NewThreshold is { } n
        ? Threshold is { } t ? $"{t.ToWord()}, new {n.ToWord()}" : $"new {n.ToWord()}"
        : Threshold?.ToWord() ?? "none";
}
