using System.Text;
using System.Text.Json;
using Scanner.Core.Model;
using Scanner.Core.Reports;

namespace Scanner.Engine.Sharding;

/// <summary>A report file `scanner merge` cannot use: not ours, not readable, or not of a schema this version reads.</summary>
public sealed class ReportFileException(string message) : Exception(message);

/// <summary>A page of a report with the findings made on it.</summary>
public sealed record ReportPage(PageResult Page, IReadOnlyList<Finding> Findings);

/// <summary>
/// One of our own reports read back for `scanner merge`: the JSON report (DESIGN's contract) or the JSON Lines report
/// (--format jsonl; one whose summary line is missing was killed mid-scan and counts as interrupted). Only what merging
/// needs is kept: the header facts and, with <c>withPages</c>, the pages and their findings. Fields are read by the
/// contract's names; fields this version does not know are ignored (additive fields keep schemaVersion 1.x).
/// </summary>
public sealed record ReportFile
{
    /// <summary>The major schema version this scanner reads and writes.</summary>
    public const string ReadableMajor = "1";

    public required string Path { get; init; }
    public required string ToolVersion { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string Engine { get; init; }
    public required string FailOn { get; init; }
    public bool Interrupted { get; init; }
    public ShardInfo? Shard { get; init; }
    public LinkTotals? Links { get; init; }
    /// <summary>The scan had a --baseline (its findings carry baselineState).</summary>
    public bool HadBaseline { get; init; }
    /// <summary>Page URLs as requested ("url"), in the report's order.</summary>
    public required IReadOnlyList<string> PageUrls { get; init; }
    /// <summary>The pages with their findings; empty unless read with pages.</summary>
    public IReadOnlyList<ReportPage> Pages { get; init; } = [];

    /// <exception cref="ReportFileException">The file cannot be read or is not a report of ours that this version reads.</exception>
    public static ReportFile Read(string path, bool withPages)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportFileException($"cannot read {path}: {e.Message}");
        }
        try
        {
            return text.TrimStart().StartsWith("{\"type\"", StringComparison.Ordinal) && text.Contains('\n')
                ? ReadJsonLines(path, text, withPages)
                : ReadJson(path, text, withPages);
        }
        catch (JsonException e)
        {
            throw new ReportFileException($"{path} is not a JSON report of scanner ({e.Message}). Give the reports of `scanner scan --format json` (or jsonl).");
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ReportFileException($"{path} is not a complete JSON report of scanner ({e.Message}).");
        }
    }

    private static ReportFile ReadJson(string path, string text, bool withPages)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var header = Header(path, root);
        var pages = root.GetProperty("pages").EnumerateArray().Select(PageOf).ToList();
        var findings = root.GetProperty("findings").EnumerateArray().Select(FindingOf).ToList();
        return header with
        {
            FinishedAt = root.GetProperty("finishedAt").GetDateTimeOffset(),
            Interrupted = Bool(root, "interrupted"),
            Links = LinksOf(root),
            HadBaseline = findings.Count > 0 && root.GetProperty("findings")[0].TryGetProperty("baselineState", out _)
                || root.GetProperty("summary").TryGetProperty("baseline", out _),
            PageUrls = pages.Select(p => p.Url).ToList(),
            Pages = withPages ? Attach(pages, findings) : [],
        };
    }

    private static ReportFile ReadJsonLines(string path, string text, bool withPages)
    {
        ReportFile? header = null;
        var pages = new List<ReportPage>();
        var urls = new List<string>();
        var baseline = false;
        foreach (var line in text.Split('\n').Where(l => l.Trim().Length > 0))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException) when (header is not null)
            {
                break; // the last line of a killed scan may be cut short: the pages before it stand
            }
            using (document)
            {
                var root = document.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "header":
                        header = Header(path, root);
                        break;
                    case "page" when header is not null:
                        var page = PageOf(root.GetProperty("page"));
                        urls.Add(page.Url);
                        var findings = root.GetProperty("findings").EnumerateArray().ToList();
                        baseline |= findings.Any(f => f.TryGetProperty("baselineState", out _));
                        if (withPages) pages.Add(new ReportPage(page, findings.Select(FindingOf).ToList()));
                        break;
                    case "summary" when header is not null:
                        header = header with
                        {
                            FinishedAt = root.GetProperty("finishedAt").GetDateTimeOffset(),
                            Interrupted = Bool(root, "interrupted"),
                            Links = LinksOf(root),
                            Shard = root.TryGetProperty("shard", out var s) ? ShardOf(s) : header.Shard,
                        };
                        baseline |= root.GetProperty("summary").TryGetProperty("baseline", out _);
                        break;
                }
            }
        }
        if (header is null) throw new ReportFileException($"{path} has no header line: not a JSON Lines report of scanner.");
        // No summary line: the scan was killed; what it wrote stands, but the report is partial.
        return header with { Interrupted = header.Interrupted || header.FinishedAt is null, HadBaseline = baseline, PageUrls = urls, Pages = pages };
    }

    /// <summary>The facts every report starts with; refuses files that are not ours or of another major schema version.</summary>
    private static ReportFile Header(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tool", out var tool) || tool.GetProperty("name").GetString() != ScanReport.ToolName)
            throw new ReportFileException($"{path} is not a report of {ScanReport.ToolName} (no \"tool\": {{\"name\": \"{ScanReport.ToolName}\"}}).");
        var schema = root.GetProperty("schemaVersion").GetString() ?? "";
        var version = tool.GetProperty("version").GetString() ?? "";
        if (schema.Split('.')[0] != ReadableMajor)
            throw new ReportFileException($"{path} has schemaVersion {schema} (written by {ScanReport.ToolName} {version}); this {ScanReport.ToolName} "
                + $"{ScanReport.ToolVersion} reads {ReadableMajor}.x. Merge it with the version that wrote it.");
        return new ReportFile
        {
            Path = path,
            ToolVersion = version,
            StartedAt = root.GetProperty("startedAt").GetDateTimeOffset(),
            Engine = root.GetProperty("engine").GetString() ?? "",
            FailOn = root.GetProperty("failOn").GetString() ?? "",
            Shard = root.TryGetProperty("shard", out var shard) ? ShardOf(shard) : null,
            PageUrls = [],
        };
    }

    private static ShardInfo ShardOf(JsonElement shard) => new(
        shard.GetProperty("index").GetInt32(), shard.GetProperty("count").GetInt32(), shard.GetProperty("scan").GetString() ?? "",
        shard.TryGetProperty("pagesLoadedForLinks", out var loaded) && loaded.ValueKind == JsonValueKind.Number ? loaded.GetInt32() : null);

    private static LinkTotals? LinksOf(JsonElement root) => root.TryGetProperty("links", out var l) && l.ValueKind == JsonValueKind.Object
        ? new LinkTotals(l.GetProperty("checked").GetInt32(), l.GetProperty("ok").GetInt32(), l.GetProperty("broken").GetInt32(),
            l.GetProperty("couldNotVerify").GetInt32(), l.GetProperty("servingSpam").GetInt32())
        : null;

    private static PageResult PageOf(JsonElement p) =>
        new(p.GetProperty("url").GetString()!, Text(p, "finalUrl"), p.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
            Text(p, "error"), TimeSpan.FromMilliseconds(p.TryGetProperty("loadTimeMs", out var t) ? t.GetDouble() : 0), p.TryGetProperty("findings", out var n) ? n.GetInt32() : 0)
        {
            Notes = Strings(p, "notes"),
        };

    private static Finding FindingOf(JsonElement f) => new()
    {
        RuleId = f.GetProperty("ruleId").GetString()!,
        Title = Text(f, "title") ?? f.GetProperty("ruleId").GetString()!,
        Severity = SeverityNames.TryParse(f.GetProperty("severity").GetString(), out var severity)
            ? severity
            : throw new FormatException($"unknown severity '{f.GetProperty("severity").GetString()}'"),
        Category = Text(f, "category") ?? "",
        Url = f.GetProperty("url").GetString()!,
        Selector = Text(f, "selector"),
        Line = f.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null,
        Column = f.TryGetProperty("column", out var column) && column.ValueKind == JsonValueKind.Number ? column.GetInt32() : null,
        Hidden = Bool(f, "hidden"),
        HiddenReasons = Strings(f, "hiddenReasons"),
        Evidence = Text(f, "evidence") ?? "",
        MatchedTerm = Text(f, "matchedTerm"),
        LinkHref = Text(f, "linkHref"),
        Reasons = Strings(f, "reasons"),
        Fingerprint = f.GetProperty("fingerprint").GetString()!,
    };

    /// <summary>
    /// The JSON report lists findings apart from pages: each goes to the page it was made on (its url is the page's
    /// final URL, or the requested one), in the report's order; one that matches no page goes with the last page.
    /// </summary>
    private static List<ReportPage> Attach(List<PageResult> pages, List<Finding> findings)
    {
        // A page's requested URL wins over another page that redirected there; among equals, the first page.
        var byUrl = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = pages.Count - 1; i >= 0; i--)
            if (pages[i].FinalUrl is { } final) byUrl[final] = i;
        for (var i = pages.Count - 1; i >= 0; i--) byUrl[pages[i].Url] = i;
        var lists = pages.Select(_ => new List<Finding>()).ToList();
        foreach (var finding in findings)
            if (byUrl.TryGetValue(finding.Url, out var i)) lists[i].Add(finding);
            else if (lists.Count > 0) lists[^1].Add(finding);
        return pages.Select((p, i) => new ReportPage(p, lists[i])).ToList();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
}
