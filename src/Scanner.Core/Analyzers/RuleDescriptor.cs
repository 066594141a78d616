using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// What a rule is, independent of any page: shown in reports, SARIF and `scanner rules list`. Every descriptor lives in
/// <see cref="RuleCatalogue"/> (Roslyn's DiagnosticDescriptor is the model); the class that reports the rule takes it from there.
/// </summary>
/// <param name="DefaultSeverity">What the rule reports in its ordinary case, before signals raise or lower it.</param>
public sealed record RuleDescriptor(string Id, string Title, string Category, Severity DefaultSeverity, string Help)
{
    /// <summary>Every severity a scan can report for the rule (before the user's overrides), lowest first.</summary>
    public IReadOnlyList<Severity> Severities { get; init; } = [DefaultSeverity];

    /// <summary>How the severity is decided, in a sentence a user can check a finding against ("low; critical when ...").</summary>
    public string SeverityRule { get; init; } = DefaultSeverity.ToWord();

    /// <summary>The class that reports the rule (a newcomer's way from a rule id to its code).</summary>
    public Type? Producer { get; init; }

    /// <summary>Where the rule is explained: a repository path with an anchor (docs/detectors.md#scripts).</summary>
    public string DocAnchor { get; init; } = "";

    /// <summary>True when the matched keyword terms' own severities can be reported (pack- and term-level severities).</summary>
    public bool UsesTermSeverities { get; init; }

    /// <summary>The producer's source file, by the repository's convention that folders follow namespaces.</summary>
    public string? ProducerSource => Producer is null ? null : SourceFileOf(Producer);

    public static string SourceFileOf(Type type)
    {
        var ns = type.Namespace ?? "";
        var assembly = type.Assembly.GetName().Name ?? "";
        var folder = ns.StartsWith(assembly, StringComparison.Ordinal) ? ns[assembly.Length..].TrimStart('.').Replace('.', '/') : "";
        return $"src/{assembly}/{(folder.Length > 0 ? folder + "/" : "")}{type.Name}.cs";
    }
}
