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
    /// <summary>Contexts in which a visible mention is reporting, not spam (a crackdown story, a lottery draw): the
    /// <c>allow</c> entries written as mappings with <c>near:</c>.</summary>
    public IReadOnlyList<ReportingContext> Contexts { get; init; } = [];
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

/// <summary>
/// Words that make a visible mention of a pack's terms reporting rather than advertising (警方, 查处 around 百家乐; 福彩,
/// 开奖公告 around 时时彩): a visible block that holds one of <see cref="Near"/>, none of <see cref="Unless"/>, no
/// links to unrelated sites and at most <see cref="MaxTerms"/> distinct terms of the pack is reported at
/// <see cref="Cap"/> at most. Hidden text is never capped.
/// </summary>
/// <param name="Source">Where it was written (file), for the finding's reasons.</param>
public sealed record ReportingContext(IReadOnlyList<string> Near, IReadOnlyList<string> Unless, Severity Cap, int MaxTerms, string Source)
{
    public const int DefaultMaxTerms = 5;
}
