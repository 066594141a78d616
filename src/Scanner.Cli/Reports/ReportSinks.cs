using Scanner.Core.Reports;
using Scanner.Engine.Reports;
using Serilog;

namespace Scanner.Cli.Reports;

/// <summary>
/// The sinks one scan feeds, wired from the requested reports: each JSON Lines report is a sink of its own (written as
/// pages complete); every other format, and a caller's own hook (`scanner eval`'s scorer), shares one
/// <see cref="WholeRunSink"/>. Sinks are told of pages and of the end in the order they were asked for.
/// </summary>
public sealed class ReportSinks : IReportSink
{
    private readonly List<IReportSink> _sinks = [];

    /// <param name="whenComplete">Also given the finished report, before any whole-run report is written.</param>
    /// <exception cref="IOException">A streamed report's file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">A streamed report's file cannot be created.</exception>
    public ReportSinks(IReadOnlyList<ReportRequest> requests, TextWriter standardOutput, Action<ScanReport>? whenComplete, ILogger log, ReportPresentation? presentation = null)
    {
        try
        {
            var whole = new List<Action<ScanReport>>();
            if (whenComplete is not null) whole.Add(whenComplete);
            foreach (var request in requests)
            {
                if (request.IsStreamed)
                    _sinks.Add(request.OutputPath is null ? new JsonLinesSink(standardOutput) : new JsonLinesSink(request.OutputPath));
                else
                    whole.Add(request.OutputPath is null
                        ? ReportFormats.ToStandardOutput(request.Format, standardOutput, presentation)
                        : ReportFormats.ToFile(request.Format, request.OutputPath, presentation));
            }
            if (whole.Count > 0) _sinks.Add(new WholeRunSink(whole, log));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Start(ScanStart start) => _sinks.ForEach(s => s.Start(start));

    public void OnPage(CompletedPage page) => _sinks.ForEach(s => s.OnPage(page));

    public void Complete(ScanConclusion conclusion) => _sinks.ForEach(s => s.Complete(conclusion));

    public void Dispose() => _sinks.ForEach(s => s.Dispose());
}
