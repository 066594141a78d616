using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Core.Tests.Reports;

/// <summary>
/// Counts kept as findings arrive (what the streaming sinks use instead of re-reading the spool) agree with counts
/// taken over the whole list, with and without a baseline.
/// </summary>
public sealed class FindingTallyTests
{
    private static readonly Finding[] Findings =
    [
        ReportSamples.Finding(Severity.Critical, "known-same"),
        ReportSamples.Finding(Severity.High, "known-worse"),
        ReportSamples.Finding(Severity.High, "new-high"),
        ReportSamples.Finding(Severity.Medium, "new-medium"),
        ReportSamples.Finding(Severity.Low, "new-low", url: "https://b.gov.cn/"),
    ];

    // The baseline accepted known-same as it is and known-worse at medium; "gone" is no longer found.
    private static readonly Baseline Accepted = new([
        new BaselineEntry("known-same", "keyword.porn", "https://a.gov.cn/", "critical", Findings[0].Evidence),
        new BaselineEntry("known-worse", "keyword.porn", "https://a.gov.cn/", "medium", Findings[1].Evidence),
        new BaselineEntry("gone", "keyword.porn", "https://a.gov.cn/old", "high", "x"),
    ]);

    [Fact]
    public void The_tally_counts_as_a_pass_over_the_findings_does()
    {
        var gate = Gate.Default;
        var tally = new FindingTally(gate, Accepted.Compare([]));
        tally.Add(Findings.Take(2));
        tally.Add(Findings.Skip(2));

        var whole = ReportSamples.Report(Findings, Accepted, gate);
        var tallied = whole with { Tally = tally };
        foreach (var severity in Enum.GetValues<Severity>())
            Assert.Equal(whole.CountOf(severity), tallied.CountOf(severity));
        Assert.Equal(Findings.Length, tallied.FindingCount);
        // known-same is suppressed; known-worse rose above what was accepted and new-high is new: both trip --fail-on high.
        Assert.Equal(2, tally.Tripping);
        Assert.True(whole.GateTripped);
        Assert.True(tallied.GateTripped);
    }

    [Fact]
    public void A_tally_of_suppressed_findings_only_does_not_trip_the_gate()
    {
        var tally = new FindingTally(Gate.Default, Accepted.Compare([]));
        tally.Add([Findings[0]]);

        Assert.Equal(1, tally.CountOf(Severity.Critical));
        Assert.False(tally.GateTripped);
        Assert.False(ReportSamples.Report([Findings[0]], Accepted) with { Tally = tally } is { GateTripped: true });
    }

    [Fact]
    public void A_baseline_comparison_built_page_by_page_matches_one_built_from_the_whole_list()
    {
        var whole = Accepted.Compare(Findings);
        var streamed = new BaselineComparison(Accepted);
        streamed.Add(Findings.Take(3));
        streamed.Add(Findings.Skip(3));

        Assert.Equal((whole.New, whole.Unchanged, whole.Updated, whole.Suppressed), (streamed.New, streamed.Unchanged, streamed.Updated, streamed.Suppressed));
        Assert.Equal((3, 1, 1, 1), (streamed.New, streamed.Unchanged, streamed.Updated, streamed.Suppressed));
        Assert.Equal(["gone"], streamed.Absent.Select(e => e.Fingerprint));
        Assert.Equal(whole.Absent, streamed.Absent);
    }
}
