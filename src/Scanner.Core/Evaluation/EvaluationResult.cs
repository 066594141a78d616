using Scanner.Core.Model;

namespace Scanner.Core.Evaluation;

/// <summary>How one labelled page came out of the scan at the gate.</summary>
/// <param name="TopSeverity">The most severe finding on the page; null when it had none.</param>
/// <param name="TopRules">The rules of the findings at that severity.</param>
/// <param name="Error">Why the page could not be scanned; such a page counts as not caught.</param>
public sealed record PageOutcome(PageLabel Label, bool Flagged, Severity? TopSeverity, IReadOnlyList<string> TopRules, string? Error);

/// <summary>The figures of one technique (or of the whole set): spam caught, clean pages wrongly flagged.</summary>
public sealed record TechniqueScore(string Technique, int SpamPages, int Caught, int CleanPages, int FalseAlarms)
{
    /// <summary>Caught / spam pages; null without spam pages.</summary>
    public double? Recall => SpamPages == 0 ? null : (double)Caught / SpamPages;
    /// <summary>False alarms / clean pages; null without clean pages.</summary>
    public double? FalseAlarmRate => CleanPages == 0 ? null : (double)FalseAlarms / CleanPages;
}

/// <summary>An evaluation: per-technique scores, the totals, and every miss and false alarm.</summary>
public sealed record EvaluationResult(
    string Gate,
    string Engine,
    IReadOnlyList<PageOutcome> Pages,
    IReadOnlyList<TechniqueScore> Techniques,
    TechniqueScore Total,
    int UnlabelledPages)
{
    public IEnumerable<PageOutcome> Misses => Pages.Where(p => p.Label.Spam && !p.Flagged);
    public IEnumerable<PageOutcome> FalseAlarms => Pages.Where(p => !p.Label.Spam && p.Flagged);
}
