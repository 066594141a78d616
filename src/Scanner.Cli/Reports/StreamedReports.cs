using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Cli.Reports;

/// <summary>
/// The reports written while the scan runs (--format jsonl): opened when the crawl starts, a line per page as it
/// completes, the summary line when the scan is over. Written in place, not atomically: what is there survives a kill.
/// </summary>
public sealed class StreamedReports : IDisposable
{
    private readonly List<JsonLinesReportWriter> _writers = [];
    private readonly BaselineComparison? _baseline;

    /// <param name="baseline">The run's baseline: a finding's state depends only on it, so it is known as the page completes.</param>
    public StreamedReports(IEnumerable<ReportRequest> requests, TextWriter standardOutput, Baseline? baseline)
    {
        _baseline = baseline?.Compare([]);
        foreach (var request in requests.Where(r => r.IsStreamed))
        {
            if (request.OutputPath is null)
            {
                _writers.Add(new JsonLinesReportWriter(standardOutput, ownsWriter: false));
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.OutputPath))!);
            var file = new FileStream(request.OutputPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            _writers.Add(new JsonLinesReportWriter(new StreamWriter(file, new System.Text.UTF8Encoding(false)), ownsWriter: true));
        }
    }

    public bool Any => _writers.Count > 0;

    public void Start(DateTimeOffset startedAt, string engine, Gate gate)
    {
        foreach (var writer in _writers) writer.WriteHeader(startedAt, engine, gate);
    }

    public void PageDone(PageResult page, IReadOnlyList<Finding> findings)
    {
        foreach (var writer in _writers) writer.WritePage(page, findings, _baseline);
    }

    public void Finish(ScanReport report)
    {
        foreach (var writer in _writers) writer.WriteSummary(report);
    }

    public void Dispose()
    {
        foreach (var writer in _writers) writer.Dispose();
    }
}
