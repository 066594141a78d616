using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>What a rule is, independent of any page: shown in reports, SARIF and `scanner rules list`.</summary>
public sealed record RuleDescriptor(string Id, string Title, string Category, Severity DefaultSeverity, string Help);
