using Scanner.Core.Analyzers;
using Scanner.Core.Policy;

namespace Scanner.Engine.Reports;

/// <summary>
/// Where a scan's results go (a report format, a scorer, a history): told when the scan starts, fed each page as it
/// completes, and told how the run ended. A sink that needs the whole run before it can write (JSON, SARIF, HTML…)
/// buffers inside itself (<see cref="WholeRunSink"/>); one that can write as pages come (JSON Lines) does.
/// Calls come from one thread at a time, in order: Start, OnPage…, Complete.
/// </summary>
public interface IReportSink : IDisposable
{
    void Start(ScanStart start);

    /// <summary>A page and its findings (policy applied), in completion order.</summary>
    void OnPage(CompletedPage page);

    /// <exception cref="IOException">The report could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The report could not be written.</exception>
    void Complete(ScanConclusion conclusion);
}

/// <summary>How a scan started: when, with which engine, against which gate and baseline.</summary>
/// <param name="Baseline">The run's baseline (--baseline): a finding's state depends only on it, so it is known as each page completes.</param>
public sealed record ScanStart(DateTimeOffset StartedAt, string Engine, Gate Gate, Baseline? Baseline)
{
    /// <summary>With --shard: which shard of which scan this run is (see <see cref="Scanner.Core.Reports.ShardInfo"/>).</summary>
    public Scanner.Core.Reports.ShardInfo? Shard { get; init; }

    /// <summary>
    /// A page URL's local file relative to the scan's folder ('/' separators), or null for a page of the web: what the
    /// reports written while the scan runs (JSON Lines) name as "file". The whole-run reports get it from
    /// <see cref="ScanConclusion"/>.
    /// </summary>
    public Func<string, string?> LocalFileOf { get; init; } = _ => null;
}

/// <summary>How a scan ended: the engine's end facts, the rules as configured, and where local pages' files are.</summary>
/// <param name="LocalFileOf">The local file a page URL was served from, or null for a page of the web.</param>
/// <param name="SourceRoot">The folder local files are reported relative to (the scan's working directory).</param>
public sealed record ScanConclusion(DateTimeOffset FinishedAt, ScanEnd End, IReadOnlyList<RuleDescriptor> Rules,
    Func<string, string?> LocalFileOf, string SourceRoot);
