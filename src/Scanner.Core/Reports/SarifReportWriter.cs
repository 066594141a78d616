using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, Sonar...). One run; the rules with their
/// descriptors; one result per finding with the page URL as the artifact (for a local page: its file, relative to
/// the scan's folder, under uriBaseId SRCROOT), the CSS selector as a logical location,
/// the line and column in the served HTML when known, our fingerprint as a partial fingerprint and, with a baseline,
/// the SARIF baselineState (baseline entries no longer found are listed as absent).
/// </summary>
public static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string FingerprintKey = "scannerFingerprint/v1";
    /// <summary>The base id of local files' artifact locations (the folder the scan ran in).</summary>
    public const string SourceRootId = "SRCROOT";

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(ScanReport report, Stream stream)
    {
        var rules = RulesOf(report);
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ScanReport.ToolName);
        json.WriteString("version", ScanReport.ToolVersion);
        json.WriteString("semanticVersion", ScanReport.ToolVersion);
        json.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        if (report.LocalFiles.Count > 0 && report.SourceRoot is { } root)
        {
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRootId);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        WriteInvocation(json, report);
        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        foreach (var f in report.Findings) WriteResult(json, f, report, ruleIndex);
        foreach (var gone in report.Baseline?.Absent ?? []) WriteAbsent(json, gone, ruleIndex);
        // With --history and no --baseline, the previous run is the baseline: what it found and this run did not is absent.
        if (report.Baseline is null)
            foreach (var r in report.History?.Resolved ?? [])
                WriteAbsent(json, new BaselineEntry(r.Fingerprint, r.RuleId, r.Url, r.Severity.ToWord(), r.Evidence), ruleIndex);
        json.WriteEndArray();

        json.WriteStartObject("properties");
        json.WriteString("failOn", report.Gate.ThresholdWord);
        if (report.Gate.NewThreshold is { } failOnNew) json.WriteString("failOnNew", failOnNew.ToWord());
        json.WriteBoolean("gateTripped", report.GateTripped);
        json.WriteBoolean("interrupted", report.Interrupted);
        json.WriteNumber("pages", report.Pages.Count);
        json.WriteNumber("pagesFailed", report.FailedPages);
        json.WriteNumber("suppressed", report.Suppressed);
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SARIF levels: error for critical and high, warning for medium, note for low and info.</summary>
    public static string LevelOf(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub code scanning ranks security alerts by this 0–10 score (critical ≥ 9, high ≥ 7, medium ≥ 4).</summary>
    public static string SecuritySeverityOf(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };

    /// <summary>The described rules (catalogue entries), plus the catalogue's descriptor — or, for a rule it does not
    /// know, a minimal one — for any rule a finding names that was not described.</summary>
    private static List<Analyzers.RuleDescriptor> RulesOf(ScanReport report)
    {
        var rules = report.Rules.DistinctBy(r => r.Id).ToList();
        var known = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var f in report.Findings.Where(f => known.Add(f.RuleId)))
            rules.Add(Analyzers.RuleCatalogue.Find(f.RuleId) ?? new Analyzers.RuleDescriptor(f.RuleId, f.Title, f.Category, f.Severity, f.Title));
        return rules;
    }

    private static void WriteRule(Utf8JsonWriter json, Analyzers.RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalName(rule.Id));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", string.IsNullOrWhiteSpace(rule.Help) ? rule.Title : rule.Help);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", $"{(string.IsNullOrWhiteSpace(rule.Help) ? rule.Title : rule.Help)} Severity: {rule.SeverityRule}.");
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", LevelOf(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteString("severity", rule.DefaultSeverity.ToWord());
        json.WriteStartArray("severities");
        foreach (var severity in rule.Severities) json.WriteStringValue(severity.ToWord());
        json.WriteEndArray();
        json.WriteString("severityRule", rule.SeverityRule);
        if (rule.DocAnchor.Length > 0) json.WriteString("documentation", rule.DocAnchor);
        if (rule.ProducerSource is { } source) json.WriteString("source", source);
        // GitHub ranks a rule's alerts by this one number: the worst the rule can report, so a hijacked title
        // (title.rewritten: low as a note, critical with spam) is not ranked as a note. Each result carries its own level.
        json.WriteString("security-severity", SecuritySeverityOf(rule.Severities.Append(rule.DefaultSeverity).Max()));
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue("seo-spam");
        json.WriteStringValue(rule.Category);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", !report.Interrupted);
        json.WriteString("startTimeUtc", report.StartedAt.UtcDateTime);
        json.WriteString("endTimeUtc", report.FinishedAt.UtcDateTime);
        // Pages that failed to load are not findings; SARIF's place for them is a tool notification.
        json.WriteStartArray("toolExecutionNotifications");
        if (report.Interrupted)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", report.InterruptedNote);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        foreach (var page in report.Pages.Where(p => p.Error is not null))
        {
            json.WriteStartObject();
            json.WriteString("level", "warning");
            json.WriteStartObject("message");
            json.WriteString("text", $"{page.Url} could not be loaded: {page.Error}");
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", page.Url);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding f, ScanReport report, IReadOnlyDictionary<string, int> ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", f.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex[f.RuleId]);
        json.WriteString("level", LevelOf(f.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", MessageOf(f));
        json.WriteEndObject();

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        WriteArtifact(json, f.Url, report);
        if (f.Line is { } line)
        {
            // SARIF requires a region to have a start; without a line the evidence stays in the message and properties.
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            if (f.Column is { } column) json.WriteNumber("startColumn", column);
            json.WriteStartObject("snippet");
            json.WriteString("text", f.Evidence);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        if (f.Selector is not null)
        {
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("fullyQualifiedName", f.Selector);
            json.WriteString("kind", "element");
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, f.Fingerprint);
        json.WriteEndObject();
        if (report.Baseline is { } baseline) json.WriteString("baselineState", JsonReportWriter.Word(baseline.StateOf(f)));
        else if (f.HistoryState is { } state) json.WriteString("baselineState", state == HistoryState.Unchanged ? "unchanged" : "new");

        json.WriteStartObject("properties");
        json.WriteString("severity", f.Severity.ToWord());
        json.WriteString("security-severity", SecuritySeverityOf(f.Severity));
        json.WriteString("url", f.Url);
        json.WriteString("category", f.Category);
        if (f.Selector is not null) json.WriteString("selector", f.Selector);
        json.WriteBoolean("hidden", f.Hidden);
        WriteStrings(json, "hiddenReasons", f.HiddenReasons);
        json.WriteString("evidence", f.Evidence);
        if (f.MatchedTerm is not null) json.WriteString("matchedTerm", f.MatchedTerm);
        if (f.LinkHref is not null) json.WriteString("linkHref", f.LinkHref);
        WriteStrings(json, "reasons", f.Reasons);
        json.WriteBoolean("tripsGate", report.Trips(f));
        if (f.HistoryState is { } historyState) json.WriteString("historyState", historyState.ToWord());
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The page as SARIF's artifact: a local page is its file, relative to the scan's folder (so code-scanning
    /// alerts land on the file in the repository); a page of the web is its URL.
    /// </summary>
    private static void WriteArtifact(Utf8JsonWriter json, string url, ScanReport report)
    {
        json.WriteStartObject("artifactLocation");
        if (report.LocalFiles.TryGetValue(url, out var file) && report.SourceRoot is not null)
        {
            json.WriteString("uri", string.Join('/', file.Split('/').Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", SourceRootId);
        }
        else json.WriteString("uri", url);
        json.WriteEndObject();
    }

    private static void WriteAbsent(Utf8JsonWriter json, BaselineEntry gone, IReadOnlyDictionary<string, int> ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", gone.RuleId);
        if (ruleIndex.TryGetValue(gone.RuleId, out var index)) json.WriteNumber("ruleIndex", index);
        json.WriteString("kind", "pass");
        json.WriteString("level", "none");
        json.WriteStartObject("message");
        json.WriteString("text", $"No longer found (was in the baseline): {gone.Evidence}");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", gone.Url);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, gone.Fingerprint);
        json.WriteEndObject();
        json.WriteString("baselineState", "absent");
        json.WriteEndObject();
    }

    private static string MessageOf(Finding f)
    {
        var hidden = f.Hidden ? $" [hidden: {string.Join(", ", f.HiddenReasons)}]" : "";
        var at = f.Selector is null ? "" : $" at {f.Selector}";
        var why = f.Reasons.Count > 0 ? $" Why: {string.Join("; ", f.Reasons)}." : "";
        return $"{f.Title}{hidden}{at}. Evidence: {f.Evidence}.{why}";
    }

    private static string PascalName(string id) =>
        string.Concat(id.Split(['.', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
