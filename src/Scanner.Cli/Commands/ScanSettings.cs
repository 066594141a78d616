using Scanner.Cli.Reports;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Serilog.Events;

namespace Scanner.Cli.Commands;

/// <summary>Everything `scanner scan` was asked to do, validated.</summary>
public sealed record ScanSettings
{
    public required IReadOnlyList<string> Targets { get; init; }
    public required IReadOnlyList<ReportRequest> Reports { get; init; }
    public required Gate Gate { get; init; }
    public required RuleSources Rules { get; init; }
    public string Engine { get; init; } = "browser";
    /// <summary>Fetch profiles, visitor first (see <see cref="Core.Loading.FetchProfiles"/>).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [Core.Loading.FetchProfiles.VisitorName];
    public string? BrowserPath { get; init; }
    public int Concurrency { get; init; } = Math.Max(2, Environment.ProcessorCount);
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string? LogFile { get; init; }
    public LogEventLevel ConsoleLogLevel { get; init; } = LogEventLevel.Information;
}
