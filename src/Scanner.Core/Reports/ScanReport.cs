using Scanner.Core.Analyzers;
using Scanner.Core.History;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports.Localization;

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
    /// <summary>The findings against the baseline given with --baseline; null without one.</summary>
    public BaselineComparison? Baseline { get; init; }
    /// <summary>
    /// With --history: the run is compared with the previous run of the same targets (each finding's
    /// <see cref="Finding.HistoryState"/> is set) and <see cref="Resolved"/> lists what that run found and this one did not.
    /// </summary>
    public HistoryComparison? History { get; init; }
    /// <summary>Screenshots of findings' elements, by finding fingerprint (the images live in files).</summary>
    public IReadOnlyDictionary<string, FindingScreenshot> Screenshots { get; init; } = new Dictionary<string, FindingScreenshot>();
    /// <summary>The link check's totals; null when the run had no --check-links.</summary>
    public LinkTotals? Links { get; init; }

    /// <summary>
    /// For pages served from local files (a built site in CI): page URL → the file's path relative to
    /// <see cref="SourceRoot"/>, with '/' separators. SARIF points at these files, so code-scanning alerts land on them.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalFiles { get; init; } = new Dictionary<string, string>();
    /// <summary>The folder <see cref="LocalFiles"/> are relative to (the working directory of the scan).</summary>
    public string? SourceRoot { get; init; }

    /// <summary>With --shard: which shard of which scan made this report; null for a whole scan (or a merged report).</summary>
    public ShardInfo? Shard { get; init; }

    /// <summary>The scan was stopped (Ctrl+C, SIGTERM) before it ran out of pages: the report holds the pages done by then.</summary>
    public bool Interrupted { get; init; }

    /// <summary>
    /// Counts kept while the findings were recorded; when set, counts and the gate come from it instead of another
    /// pass over <see cref="Findings"/> (which may be read back from disk).
    /// </summary>
    public FindingTally? Tally { get; init; }

    public TimeSpan Duration => FinishedAt - StartedAt;
    /// <summary>Only new findings can trip the gate: the baseline's are known and accepted.</summary>
    public bool GateTripped => Tally?.GateTripped ?? Findings.Any(Trips);
    public int FailedPages => Pages.Count(p => p.Error is not null);

    /// <summary>
    /// Where a finding sits in the served HTML as editors and terminals link it: "file:line:column" for a local page
    /// (its file relative to <see cref="SourceRoot"/>), "url:line:column" otherwise; null when the line is unknown.
    /// </summary>
    public string? SourceLocationOf(Finding finding) => finding.Line is { } line
        ? $"{LocationOf(finding.Url)}:{line}{(finding.Column is { } column ? $":{column}" : "")}"
        : null;

    /// <summary>
    /// Where a page is, for people: its local file relative to <see cref="SourceRoot"/> (a local scan's loopback URL is
    /// dead once the run ends), else its URL.
    /// </summary>
    public string LocationOf(string url) => LocalFiles.TryGetValue(url, out var file) ? file : url;

    /// <summary>
    /// The one notion of "new" that reports tag and list first: with --history, new or reappeared since the previous
    /// run (and, with a baseline too, not in it); else, with a baseline, not in it.
    /// </summary>
    public bool IsNew(Finding finding) => finding.HistoryState is not null
        ? finding.HistoryState.IsNewSinceLastRun() && (Baseline is not { } known || known.StateOf(finding) == BaselineState.New)
        : Baseline is { } baseline && baseline.StateOf(finding) == BaselineState.New;

    /// <summary>Whether the run can tell new findings from known ones at all (see <see cref="IsNew"/>).</summary>
    public bool KnowsNew => Baseline is not null || History is not null;

    /// <summary>The note every format carries when the scan was interrupted.</summary>
    public string InterruptedNote => $"The scan was interrupted: this report is partial, it holds the {Pages.Count} page(s) scanned before the interruption.";

    /// <summary>How many findings the run reported (from the tally when there is one).</summary>
    public int FindingCount => Tally?.Total ?? Findings.Count;

    /// <summary>With --history: findings in this state against the previous run (from the tally when there is one).</summary>
    public int HistoryCount(HistoryState state) => Tally?.CountOf(state) ?? Findings.Count(f => f.HistoryState == state);

    public int CountOf(Severity severity) => Tally?.CountOf(severity) ?? Findings.Count(f => f.Severity == severity);

    /// <summary>Known to the baseline and not more severe than accepted: reported, but it does not trip the gate.</summary>
    public bool IsSuppressed(Finding finding) => Baseline?.Suppresses(finding) ?? false;

    /// <summary>Whether this finding, on its own, fails the run (at or above the gate, and not in the baseline).</summary>
    public bool Trips(Finding finding) => Gate.Trips(finding) && !IsSuppressed(finding);

    public int Suppressed => Baseline?.Suppressed ?? 0;

    /// <summary>
    /// How the baseline sees a finding, in words for people: null without a baseline or for a new finding, else
    /// "unchanged", "updated (evidence changed)" or "updated (severity medium → high, fails like a new finding)".
    /// </summary>
    public string? BaselineNote(Finding finding, ReportLanguage? language = null)
    {
        if (Baseline is not { } baseline) return null;
        var l = language ?? ReportLanguage.English;
        return baseline.StateOf(finding) switch
        {
            BaselineState.Unchanged => l["Baseline.Unchanged"],
            BaselineState.Updated when baseline.AcceptedSeverity(finding) is { } was && was != finding.Severity =>
                l.Format(was < finding.Severity ? "Baseline.SeverityRose" : "Baseline.SeverityChanged", l.Severity(was), l.Severity(finding.Severity)),
            BaselineState.Updated => l["Baseline.EvidenceChanged"],
            _ => null,
        };
    }

    /// <summary>Severities from the most to the least severe, the order every report lists them in.</summary>
    public static IReadOnlyList<Severity> SeveritiesDescending { get; } =
        Enum.GetValues<Severity>().OrderDescending().ToArray();
}

/// <summary>What --history adds to a report: the previous run compared with (null on the first night) and the findings resolved since.</summary>
public sealed record HistoryComparison(long RunId, long? PreviousRunId, IReadOnlyList<ResolvedFinding> Resolved);

/// <summary>
/// A screenshot of the region around a finding's element, outlined. When the element itself has no box a visitor
/// could see (display:none, off-screen, zero size), a mark shows where it sits and <see cref="OutlinedAncestor"/>
/// names the visible ancestor it sits in.
/// </summary>
/// <param name="File">The image file (kept on disk so memory does not grow with the site).</param>
public sealed record FindingScreenshot(string File, string MediaType, Box ElementBox, bool ElementHasBox, string? OutlinedAncestor);
