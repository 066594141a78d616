using Scanner.Core.Model;

namespace Scanner.Engine.Alerts;

/// <summary>What a nightly alert says: the run, and its findings new since the previous run at or above the alert's severity.</summary>
/// <param name="NewFindings">New and reappeared findings at or above <paramref name="Threshold"/>, most severe first.</param>
/// <param name="Resolved">How many findings of the previous run are gone.</param>
public sealed record AlertSummary(long RunId, IReadOnlyList<string> Targets, DateTimeOffset FinishedAt, Severity Threshold,
    IReadOnlyList<Finding> NewFindings, int Resolved, int PagesScanned)
{
    /// <summary>Findings shown in a chat message; the rest are counted ("and 12 more").</summary>
    public const int Shown = 10;

    public string Headline => $"scanner: {NewFindings.Count} new finding(s) at or above {Threshold.ToWord()} on {string.Join(", ", Targets)}";
}
