using Scanner.Engine.Reports;
using Serilog;

namespace Scanner.Engine.History;

/// <summary>
/// The history as a sink: each page and its findings go to the database the moment the page completes (a transaction
/// each), so a killed scan keeps what it did. The run's end (exit code, complete or interrupted) is written by
/// <see cref="Finish"/> once the exit code is known. A page that cannot be written is logged; the scan goes on.
/// </summary>
public sealed class HistorySink(HistoryStore store, long runId, ILogger log) : IReportSink
{
    private int _failures;

    public void Start(ScanStart start) { }

    public void OnPage(CompletedPage page)
    {
        try
        {
            store.RecordPage(runId, page.Page, page.Facts, page.Findings);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            if (_failures++ == 0) log.Warning("History {File}: page {Url} could not be recorded ({Error}); the run will be marked incomplete", store.Path, page.Page.Url, e.Message);
        }
    }

    public void Complete(ScanConclusion conclusion) { }

    /// <summary>Pages that could not be written: the run is then not complete (later runs must not compare with it).</summary>
    public int Failures => _failures;

    public void Finish(DateTimeOffset finishedAt, int exitCode, bool interrupted) =>
        store.FinishRun(runId, finishedAt, exitCode, interrupted || _failures > 0);

    public void Dispose() { }
}
