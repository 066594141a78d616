using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Model;

namespace Scanner.Core.Policy;

/// <summary>Where a finding stands against a baseline; the words are SARIF's (`baselineState`).</summary>
public enum BaselineState
{
    /// <summary>Not in the baseline: a new problem, and the only kind that can trip the gate.</summary>
    New,
    /// <summary>In the baseline: known and accepted, reported but suppressed.</summary>
    Unchanged,
    /// <summary>In the baseline but no longer found.</summary>
    Absent,
}

/// <summary>A finding someone has accepted, as the baseline file keeps it: enough to recognise it and to remember what it was.</summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string Url, string? Severity, string? Evidence);

/// <summary>
/// Known findings, identified by fingerprint (`scanner baseline create --from report.json`). The file is JSON:
/// <c>{ "schemaVersion": "1.0", "createdAt": …, "findings": [ { "fingerprint", "ruleId", "url", "severity", "evidence" } ] }</c>.
/// </summary>
public sealed class Baseline
{
    public const string FileSchemaVersion = "1.0";
    private const int EvidenceKept = 200;
    private readonly HashSet<string> _fingerprints;

    public Baseline(IEnumerable<BaselineEntry> entries)
    {
        Entries = entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).Select(g => g.First()).ToList();
        _fingerprints = Entries.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<BaselineEntry> Entries { get; }

    public bool Contains(string fingerprint) => _fingerprints.Contains(fingerprint);

    public static Baseline FromFindings(IEnumerable<Finding> findings) =>
        new(findings.Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, f.Url, f.Severity.ToWord(), Shorten(f.Evidence))));

    /// <summary>Reads a scanner JSON report (the contract) or a baseline file: both list findings with fingerprints.</summary>
    /// <exception cref="InvalidDataException">Not JSON, or no findings array, or a finding without a fingerprint.</exception>
    public static Baseline Read(Stream stream, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{name}: expected a scanner JSON report or baseline (an object with a 'findings' array)");
            var entries = new List<BaselineEntry>();
            var index = 0;
            foreach (var f in findings.EnumerateArray())
            {
                var fingerprint = Text(f, "fingerprint")
                    ?? throw new InvalidDataException($"{name}: findings[{index}] has no 'fingerprint'");
                entries.Add(new BaselineEntry(fingerprint, Text(f, "ruleId") ?? "", Text(f, "url") ?? "", Text(f, "severity"), Shorten(Text(f, "evidence"))));
                index++;
            }
            return new Baseline(entries);
        }
    }

    public static Baseline Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public void Write(Stream stream, DateTimeOffset createdAt)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schemaVersion", FileSchemaVersion);
        json.WriteString("createdAt", createdAt);
        json.WriteStartArray("findings");
        foreach (var e in Entries.OrderBy(e => e.Url, StringComparer.Ordinal).ThenBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("fingerprint", e.Fingerprint);
            json.WriteString("ruleId", e.RuleId);
            json.WriteString("url", e.Url);
            if (e.Severity is not null) json.WriteString("severity", e.Severity);
            if (e.Evidence is not null) json.WriteString("evidence", e.Evidence);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Compares a run's findings with this baseline.</summary>
    public BaselineComparison Compare(IReadOnlyList<Finding> findings) => new(this, findings);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Shorten(string? evidence) =>
        evidence is null || evidence.Length <= EvidenceKept ? evidence : evidence[..EvidenceKept] + "…";
}

/// <summary>A run's findings against a baseline: which are new, which unchanged, and what the baseline had that is gone.</summary>
public sealed class BaselineComparison
{
    public BaselineComparison(Baseline baseline, IReadOnlyList<Finding> findings)
    {
        Baseline = baseline;
        var found = findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        Absent = baseline.Entries.Where(e => !found.Contains(e.Fingerprint)).ToList();
        Unchanged = findings.Count(f => baseline.Contains(f.Fingerprint));
        New = findings.Count - Unchanged;
    }

    public Baseline Baseline { get; }
    public int New { get; }
    /// <summary>Findings suppressed because the baseline knows them.</summary>
    public int Unchanged { get; }
    public IReadOnlyList<BaselineEntry> Absent { get; }

    public BaselineState StateOf(Finding finding) =>
        Baseline.Contains(finding.Fingerprint) ? BaselineState.Unchanged : BaselineState.New;
}
