using Scanner.Core.Model;

namespace Scanner.Engine.Reports;

/// <summary>
/// A page the engine is done with, as it streams out of the run: its result and its findings, after the policy.
/// <paramref name="Sequence"/> numbers pages 0, 1, 2… in discovery order (the targets' order first); pages complete in
/// any order.
/// </summary>
public sealed record CompletedPage(int Sequence, PageResult Page, IReadOnlyList<Finding> Findings)
{
    /// <summary>With --history: what the history keeps of the loaded page (title, text hash, scripts, link domains...); null otherwise.</summary>
    public Core.History.PageFacts? Facts { get; init; }
}
