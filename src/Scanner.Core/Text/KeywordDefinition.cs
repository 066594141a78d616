namespace Scanner.Core.Text;

/// <summary>
/// One term the matcher looks for. <see cref="Payload"/> is opaque to the matcher: rules use it to
/// carry their rule id, category and severity back out of a match.
/// </summary>
public sealed record KeywordDefinition(string Term, object? Payload = null)
{
    /// <summary>
    /// Latin-script terms match only as whole words ("ass" is not inside "class"). Null means decide by
    /// script: whole-word for terms made of letters and digits of alphabetic scripts, substring for CJK.
    /// </summary>
    public bool? WholeWord { get; init; }

    /// <summary>
    /// When not empty, the term counts only if one of these terms occurs near it in the same text
    /// (for ambiguous terms such as 彩票 or single characters).
    /// </summary>
    public IReadOnlyList<string> RequiredContext { get; init; } = [];

    /// <summary>
    /// Which allow-list applies to this keyword: allow terms of the same <see cref="AllowTerm.Scope"/> (compared with
    /// <see cref="object.Equals(object)"/>), and allow terms without a scope. Rules use their pack, so one pack's
    /// allow-list cannot hide another pack's keywords.
    /// </summary>
    public object? AllowScope { get; init; }
}

/// <summary>
/// An innocent longer phrase that hides the keyword matches inside it (特色 hides 色). Without a
/// <see cref="Scope"/> it applies to every keyword; with one, only to keywords whose
/// <see cref="KeywordDefinition.AllowScope"/> is equal to it.
/// </summary>
public sealed record AllowTerm(string Term, object? Scope = null)
{
    /// <summary>A plain string is an allow term for every keyword.</summary>
    public static implicit operator AllowTerm(string term) => new(term);
}

/// <summary>A match, located in the original (un-normalised) text.</summary>
/// <param name="Start">UTF-16 index of the first character of the match in the original text.</param>
/// <param name="Length">UTF-16 length of the matched span in the original text.</param>
public readonly record struct KeywordMatch(KeywordDefinition Keyword, int Start, int Length)
{
    public string Evidence(string originalText) => originalText.Substring(Start, Length);
}
