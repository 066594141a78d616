namespace Scanner.Core.Model;

/// <summary>One violation on one page, with everything a person needs to verify it.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required string Category { get; init; }
    public required string Url { get; init; }
    /// <summary>CSS selector of the offending element, or null for page-level findings.</summary>
    public string? Selector { get; init; }
    public bool Hidden { get; init; }
    public IReadOnlyList<string> HiddenReasons { get; init; } = [];
    /// <summary>The page's own text, exactly as it was, never escaped.</summary>
    public required string Evidence { get; init; }
    /// <summary>A little of the surrounding text, for context.</summary>
    public string? Context { get; init; }
    /// <summary>The normalised term that matched, when a keyword rule fired.</summary>
    public string? MatchedTerm { get; init; }
    /// <summary>The signals that made the rule fire and set the severity.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public string? LinkHref { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }
    public required string Fingerprint { get; init; }
    /// <summary>
    /// Against the previous run of the same targets, when the scan keeps a history (--history); null without one.
    /// Set by the engine's history stage, after the policy, so every report format can show it.
    /// </summary>
    public HistoryState? HistoryState { get; init; }
}
