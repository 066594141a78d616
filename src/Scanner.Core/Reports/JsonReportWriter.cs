using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Reports;

/// <summary>
/// The JSON report, whose shape is a contract (DESIGN, "JSON report"): schemaVersion, tool, pages, findings, summary.
/// Text is written as it is (no HTML escaping of '&lt;' and friends): consumers must escape it for their medium.
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="screenshots">Fingerprint → the image's path relative to the report (a JSON report written to a file
    /// with --screenshots); each finding that has one gets an additive "screenshot" field.</param>
    public static void Write(ScanReport report, Stream stream, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("schemaVersion", ScanReport.SchemaVersion);
        WriteTool(json);
        json.WriteString("startedAt", report.StartedAt);
        json.WriteString("finishedAt", report.FinishedAt);
        json.WriteString("engine", report.Engine);
        json.WriteString("failOn", report.Gate.ThresholdWord);
        if (report.Gate.NewThreshold is { } failOnNew) json.WriteString("failOnNew", failOnNew.ToWord());
        json.WriteBoolean("gateTripped", report.GateTripped);
        // Additive: true when Ctrl+C/SIGTERM stopped the scan; pages and findings are those done by then.
        json.WriteBoolean("interrupted", report.Interrupted);
        // Additive: present only in a shard's report (--shard I/N); `scanner merge` reads it.
        if (report.Shard is { } shard) WriteShard(json, shard);

        json.WriteStartArray("pages");
        foreach (var page in report.Pages) WritePage(json, page, report);
        json.WriteEndArray();

        json.WriteStartArray("findings");
        foreach (var finding in report.Findings) WriteFinding(json, finding, report.Baseline, report, screenshots);
        json.WriteEndArray();

        // Additive: with --history, the findings of the previous run of these targets that this run did not find again.
        if (report.History is { } history)
        {
            json.WriteStartObject("history");
            json.WriteNumber("runId", history.RunId);
            if (history.PreviousRunId is { } previous) json.WriteNumber("previousRunId", previous); else json.WriteNull("previousRunId");
            json.WriteEndObject();
            json.WriteStartArray("resolved");
            foreach (var r in history.Resolved) WriteResolved(json, r);
            json.WriteEndArray();
        }

        WriteSummary(json, report);
        json.WriteEndObject();
    }

    /// <summary>One entry of "resolved": enough to recognise the finding that is gone.</summary>
    public static void WriteResolved(Utf8JsonWriter json, Core.History.ResolvedFinding r)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", r.RuleId);
        json.WriteString("title", r.Title);
        json.WriteString("severity", r.Severity.ToWord());
        json.WriteString("url", r.Url);
        json.WriteString("evidence", r.Evidence);
        json.WriteString("fingerprint", r.Fingerprint);
        json.WriteNumber("lastSeenRunId", r.RunId);
        json.WriteEndObject();
    }

    /// <summary>The "summary" object and, with --check-links, the "links" object.</summary>
    public static void WriteSummary(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartObject("summary");
        foreach (var severity in ScanReport.SeveritiesDescending) json.WriteNumber(severity.ToWord(), report.CountOf(severity));
        json.WriteNumber("total", report.FindingCount);
        json.WriteNumber("pages", report.Pages.Count);
        json.WriteNumber("pagesFailed", report.FailedPages);
        json.WriteNumber("durationMs", Math.Round(report.Duration.TotalMilliseconds));
        // Additive: findings the baseline suppressed (always present, 0 without a baseline), and the comparison.
        json.WriteNumber("suppressed", report.Suppressed);
        if (report.Baseline is { } comparison)
        {
            json.WriteStartObject("baseline");
            json.WriteNumber("new", comparison.New);
            json.WriteNumber("unchanged", comparison.Unchanged);
            json.WriteNumber("updated", comparison.Updated);
            json.WriteNumber("absent", comparison.Absent.Count);
            json.WriteEndObject();
        }
        if (report.History is { } history)
        {
            json.WriteStartObject("history");
            json.WriteNumber("new", report.HistoryCount(HistoryState.New));
            json.WriteNumber("reappeared", report.HistoryCount(HistoryState.Reappeared));
            json.WriteNumber("unchanged", report.HistoryCount(HistoryState.Unchanged));
            json.WriteNumber("resolved", history.Resolved.Count);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        // Additive: present only when the run had --check-links.
        if (report.Links is { } links)
        {
            json.WriteStartObject("links");
            json.WriteNumber("checked", links.Checked);
            json.WriteNumber("ok", links.Ok);
            json.WriteNumber("broken", links.Broken);
            json.WriteNumber("couldNotVerify", links.CouldNotVerify);
            json.WriteNumber("servingSpam", links.ServingSpam);
            json.WriteEndObject();
        }
    }

    /// <summary>The "shard" object: index, count, scan (and pagesLoadedForLinks once the run is over).</summary>
    public static void WriteShard(Utf8JsonWriter json, ShardInfo shard)
    {
        json.WriteStartObject("shard");
        json.WriteNumber("index", shard.Index);
        json.WriteNumber("count", shard.Count);
        json.WriteString("scan", shard.Scan);
        if (shard.PagesLoadedForLinks is { } loaded) json.WriteNumber("pagesLoadedForLinks", loaded);
        json.WriteEndObject();
    }

    /// <summary>The tool's name and version, as the "tool" object.</summary>
    public static void WriteTool(Utf8JsonWriter json)
    {
        json.WriteStartObject("tool");
        json.WriteString("name", ScanReport.ToolName);
        json.WriteString("version", ScanReport.ToolVersion);
        json.WriteEndObject();
    }

    /// <summary>One entry of "pages"; <paramref name="report"/> adds the local file of a page served from a folder.</summary>
    public static void WritePage(Utf8JsonWriter json, PageResult page, ScanReport? report = null) =>
        WritePage(json, page, report is null ? null : url => report.LocalFiles.GetValueOrDefault(url));

    /// <summary>One entry of "pages"; <paramref name="localFileOf"/> names the local file of a page served from a folder.</summary>
    public static void WritePage(Utf8JsonWriter json, PageResult page, Func<string, string?>? localFileOf)
    {
        json.WriteStartObject();
        json.WriteString("url", page.Url);
        if (localFileOf?.Invoke(page.Url) is { } file) json.WriteString("file", file); // additive
        json.WriteString("finalUrl", page.FinalUrl);
        if (page.Status is { } status) json.WriteNumber("status", status); else json.WriteNull("status");
        json.WriteString("error", page.Error);
        json.WriteNumber("loadTimeMs", Math.Round(page.LoadTime.TotalMilliseconds));
        json.WriteNumber("findings", page.FindingCount);
        // Additive: present only when the loader left something out (a page over the size cap, ...).
        if (page.Notes.Count > 0) WriteStrings(json, "notes", page.Notes);
        json.WriteEndObject();
    }

    /// <summary>
    /// One entry of "findings"; <paramref name="baseline"/> adds its baselineState, <paramref name="report"/> the local
    /// file of a page served from a folder, <paramref name="screenshots"/> the image of the finding's element.
    /// </summary>
    public static void WriteFinding(Utf8JsonWriter json, Finding f, BaselineComparison? baseline, ScanReport? report = null, IReadOnlyDictionary<string, string>? screenshots = null) =>
        WriteFinding(json, f, baseline, report is null ? null : url => report.LocalFiles.GetValueOrDefault(url), screenshots);

    /// <summary>One entry of "findings", with the local file from <paramref name="localFileOf"/>.</summary>
    public static void WriteFinding(Utf8JsonWriter json, Finding f, BaselineComparison? baseline, Func<string, string?>? localFileOf, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", f.RuleId);
        json.WriteString("title", f.Title);
        json.WriteString("severity", f.Severity.ToWord());
        json.WriteString("category", f.Category);
        json.WriteString("url", f.Url);
        // Additive: the local file the page was served from, relative to the folder the scan ran in (its URL was a
        // loopback address that is gone after the run).
        if (localFileOf?.Invoke(f.Url) is { } file) json.WriteString("file", file);
        json.WriteString("selector", f.Selector);
        if (f.Line is { } line) json.WriteNumber("line", line);
        if (f.Column is { } column) json.WriteNumber("column", column);
        json.WriteBoolean("hidden", f.Hidden);
        WriteStrings(json, "hiddenReasons", f.HiddenReasons);
        json.WriteString("evidence", f.Evidence);
        json.WriteString("matchedTerm", f.MatchedTerm);
        if (f.LinkHref is not null) json.WriteString("linkHref", f.LinkHref);
        WriteStrings(json, "reasons", f.Reasons);
        json.WriteString("fingerprint", f.Fingerprint);
        // Additive (schemaVersion 1.0 still holds): present only when the run had a --baseline.
        if (baseline is not null) json.WriteString("baselineState", Word(baseline.StateOf(f)));
        // Additive: present only when the run had --history.
        if (f.HistoryState is { } history) json.WriteString("historyState", history.ToWord());
        // Additive: the screenshot of the element (a file beside the report), when the run took one.
        if (screenshots is not null && screenshots.TryGetValue(f.Fingerprint, out var screenshot)) json.WriteString("screenshot", screenshot);
        json.WriteEndObject();
    }

    public static string Word(BaselineState state) => state.ToString().ToLowerInvariant();

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
