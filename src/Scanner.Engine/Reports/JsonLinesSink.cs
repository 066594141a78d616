using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Engine.Reports;

/// <summary>
/// The report written while the scan runs (--format jsonl): the header when the scan starts, a line per page as it
/// completes, the summary line when the scan is over. Written in place, not atomically: what is there survives a kill.
/// It keeps only the counts for its summary line, never the findings.
/// </summary>
public sealed class JsonLinesSink : IReportSink
{
    private readonly JsonLinesReportWriter _writer;
    private readonly List<Core.Model.PageResult> _pages = [];
    private FindingTally? _tally;
    private BaselineComparison? _baseline;
    private BaselineComparison? _comparison;
    private ScanStart? _start;

    /// <summary>To a text writer left open (standard output).</summary>
    public JsonLinesSink(TextWriter output) => _writer = new JsonLinesReportWriter(output, ownsWriter: false);

    /// <summary>To a file, created (or emptied) now.</summary>
    public JsonLinesSink(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _writer = new JsonLinesReportWriter(new StreamWriter(file, new System.Text.UTF8Encoding(false)), ownsWriter: true);
    }

    public void Start(ScanStart start)
    {
        _start = start;
        _baseline = start.Baseline?.Compare([]);
        _comparison = start.Baseline is { } baseline ? new BaselineComparison(baseline) : null;
        _tally = new FindingTally(start.Gate, _baseline);
        _writer.WriteHeader(start.StartedAt, start.Engine, start.Gate, start.Shard);
    }

    public void OnPage(CompletedPage page)
    {
        _writer.WritePage(page.Page, page.Findings, _baseline, _start!.LocalFileOf);
        _tally!.Add(page.Findings);
        _comparison?.Add(page.Findings);
        _pages.Add(page.Page);
    }

    public void Complete(ScanConclusion conclusion)
    {
        var start = _start ?? throw new InvalidOperationException("the sink was not started");
        // The summary line reads counts, the gate, the baseline's counts and link totals only: no findings are kept for it.
        _writer.WriteSummary(new ScanReport
        {
            StartedAt = start.StartedAt,
            FinishedAt = conclusion.FinishedAt,
            Engine = start.Engine,
            Gate = start.Gate,
            Pages = _pages,
            Findings = [],
            Tally = _tally,
            Baseline = _comparison,
            Links = conclusion.End.Links,
            Interrupted = conclusion.End.Interrupted,
            Shard = start.Shard is { } shard ? shard with { PagesLoadedForLinks = conclusion.End.PagesLoadedForLinks } : null,
        });
    }

    public void Dispose() => _writer.Dispose();
}
