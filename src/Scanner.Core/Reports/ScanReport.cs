using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Reports;

/// <summary>The outcome of one run, as every report format sees it.</summary>
public sealed record ScanReport
{
    public const string SchemaVersion = "1.0";
    public const string ToolName = "scanner";

    public static string ToolVersion { get; } =
        typeof(ScanReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string Engine { get; init; }
    public required Gate Gate { get; init; }
    public required IReadOnlyList<PageResult> Pages { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public IReadOnlyList<RuleDescriptor> Rules { get; init; } = [];

    public TimeSpan Duration => FinishedAt - StartedAt;
    public bool GateTripped => Findings.Any(Gate.Trips);
    public int FailedPages => Pages.Count(p => p.Error is not null);

    public int CountOf(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>Severities from the most to the least severe, the order every report lists them in.</summary>
    public static IReadOnlyList<Severity> SeveritiesDescending { get; } =
        Enum.GetValues<Severity>().OrderDescending().ToArray();
}
