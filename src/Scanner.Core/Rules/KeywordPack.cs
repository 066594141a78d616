using Scanner.Core.Model;

namespace Scanner.Core.Rules;

/// <summary>A keyword rule pack: one category of spam terms, loaded from a YAML file or a plain word list.</summary>
public sealed record KeywordPack
{
    /// <summary>Pack id; the rule id of its findings is <c>keyword.{Id}</c>.</summary>
    public required string Id { get; init; }
    public required string Category { get; init; }
    public required Severity Severity { get; init; }
    public string Title { get; init; } = "";
    public string Help { get; init; } = "";
    public IReadOnlyList<KeywordTerm> Terms { get; init; } = [];
    /// <summary>Longer terms that contain a keyword but are innocent (特色 for 色). The longer allowed term wins.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];
    public IReadOnlyList<string> MustMatch { get; init; } = [];
    public IReadOnlyList<string> MustNotMatch { get; init; } = [];
    public required string SourceFile { get; init; }

    public string RuleId => $"keyword.{Id}";
}

/// <summary>One term of a pack. A term may be weaker (or stronger) than its pack, and may need context.</summary>
public sealed record KeywordTerm(string Term, Severity? Severity = null)
{
    public IReadOnlyList<string> Context { get; init; } = [];
}
