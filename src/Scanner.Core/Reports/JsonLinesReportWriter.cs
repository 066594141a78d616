using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Reports;

/// <summary>
/// The JSON Lines report (--format jsonl): written while the scan runs, one line per page as it completes, each
/// flushed, so a scan that is killed (kill -9, OOM, power) leaves every page done before on disk, readable line by
/// line. Lines: first a header (<c>"type": "header"</c>: schemaVersion, tool, startedAt, engine, failOn), then one
/// <c>"type": "page"</c> line per page (<c>"page"</c>: an entry of the JSON report's "pages"; <c>"findings"</c>: its
/// findings, entries of the JSON report's "findings"), then, if the scan got to its end, a summary
/// (<c>"type": "summary"</c>: finishedAt, gateTripped, interrupted, summary, links). Field names are the JSON report's.
/// Pages are in the order they completed, not discovery order.
/// </summary>
/// <param name="ownsWriter">Dispose <paramref name="writer"/> with this (a file), or leave it open (standard output).</param>
public sealed class JsonLinesReportWriter(TextWriter writer, bool ownsWriter) : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _lock = new();

    /// <param name="shard">With --shard: the "shard" object (index, count, scan), as in the JSON report.</param>
    public void WriteHeader(DateTimeOffset startedAt, string engine, Gate gate, ShardInfo? shard = null) => WriteLine(json =>
    {
        json.WriteString("type", "header");
        json.WriteString("schemaVersion", ScanReport.SchemaVersion);
        JsonReportWriter.WriteTool(json);
        json.WriteString("startedAt", startedAt);
        json.WriteString("engine", engine);
        json.WriteString("failOn", gate.ThresholdWord);
        if (gate.NewThreshold is { } failOnNew) json.WriteString("failOnNew", failOnNew.ToWord());
        if (shard is not null) JsonReportWriter.WriteShard(json, shard);
    });

    /// <param name="baseline">With a --baseline: adds each finding's baselineState.</param>
    /// <param name="localFileOf">A page URL's local file, relative to the scan's folder (the JSON report's "file"), or null.</param>
    public void WritePage(PageResult page, IReadOnlyList<Finding> findings, BaselineComparison? baseline, Func<string, string?>? localFileOf = null) => WriteLine(json =>
    {
        json.WriteString("type", "page");
        json.WritePropertyName("page");
        JsonReportWriter.WritePage(json, page, localFileOf);
        json.WriteStartArray("findings");
        foreach (var finding in findings) JsonReportWriter.WriteFinding(json, finding, baseline, localFileOf);
        json.WriteEndArray();
    });

    public void WriteSummary(ScanReport report) => WriteLine(json =>
    {
        json.WriteString("type", "summary");
        json.WriteString("finishedAt", report.FinishedAt);
        json.WriteBoolean("gateTripped", report.GateTripped);
        json.WriteBoolean("interrupted", report.Interrupted);
        if (report.Shard is { } shard) JsonReportWriter.WriteShard(json, shard);
        JsonReportWriter.WriteSummary(json, report);
    });

    private void WriteLine(Action<Utf8JsonWriter> write)
    {
        lock (_lock)
        {
            var line = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(line, Options))
            {
                json.WriteStartObject();
                write(json);
                json.WriteEndObject();
            }
            writer.Write(Encoding.UTF8.GetString(line.WrittenSpan));
            writer.Write('\n');
            writer.Flush(); // to the operating system: a kill of the scanner loses nothing written so far
        }
    }

    public void Dispose()
    {
        if (ownsWriter) writer.Dispose();
    }
}
