using Scanner.Core.Reports;
using Serilog;

namespace Scanner.Engine.Reports;

/// <summary>
/// The reports that need the whole run before they can be written (console, JSON, SARIF, JUnit, Markdown, HTML, and
/// `scanner eval`'s scorer): one <see cref="ScanRecord"/> buffers the run for all of them, and each output gets the
/// finished <see cref="ScanReport"/> in turn.
/// </summary>
public sealed class WholeRunSink(IReadOnlyList<Action<ScanReport>> outputs, ILogger log) : IReportSink
{
    private ScanRecord? _record;

    public void Start(ScanStart start) => _record = new ScanRecord(start, log);

    public void OnPage(CompletedPage page) => Record.Add(page);

    public void Complete(ScanConclusion conclusion)
    {
        Record.Close();
        var report = Record.Report(conclusion);
        foreach (var output in outputs) output(report);
    }

    private ScanRecord Record => _record ?? throw new InvalidOperationException("the sink was not started");

    public void Dispose() => _record?.Dispose();
}
