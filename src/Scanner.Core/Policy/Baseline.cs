using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Model;

namespace Scanner.Core.Policy;

/// <summary>Where a finding stands against a baseline; the words are SARIF's (`baselineState`).</summary>
public enum BaselineState
{
    /// <summary>Not in the baseline: a new problem; it trips the gate when at or above the threshold.</summary>
    New,
    /// <summary>In the baseline with the same severity and evidence: known and accepted, reported but suppressed.</summary>
    Unchanged,
    /// <summary>
    /// In the baseline (same fingerprint) but its severity or evidence changed. Suppressed like unchanged, except when
    /// the severity went up: then it trips the gate like a new finding.
    /// </summary>
    Updated,
    /// <summary>In the baseline but no longer found.</summary>
    Absent,
}

/// <summary>
/// A finding someone has accepted, as the baseline file keeps it: enough to recognise it (fingerprint), to notice
/// that it changed (severity, a hash of the whole evidence) and to remember what it was (the start of the evidence).
/// </summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string Url, string? Severity, string? Evidence, string? EvidenceHash = null);

/// <summary>
/// Known findings, identified by fingerprint (`scanner baseline create --from report.json`). The file is JSON:
/// <c>{ "schemaVersion": "1.0", "createdAt": …, "findings": [ { "fingerprint", "ruleId", "url", "severity", "evidence", "evidenceHash" } ] }</c>.
/// Files written before <c>evidenceHash</c> existed are still read; their evidence is compared by its kept start.
/// </summary>
public sealed class Baseline
{
    public const string FileSchemaVersion = "1.0";
    internal const int EvidenceKept = 200;
    private readonly Dictionary<string, BaselineEntry> _byFingerprint;

    public Baseline(IEnumerable<BaselineEntry> entries)
    {
        Entries = entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).Select(g => g.First()).ToList();
        _byFingerprint = Entries.ToDictionary(e => e.Fingerprint, StringComparer.Ordinal);
    }

    public IReadOnlyList<BaselineEntry> Entries { get; }

    public BaselineEntry? Find(string fingerprint) => _byFingerprint.GetValueOrDefault(fingerprint);

    public static Baseline FromFindings(IEnumerable<Finding> findings) =>
        new(findings.Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, f.Url, f.Severity.ToWord(), Shorten(f.Evidence), EvidenceDigest(f.Evidence))));

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
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{name}: expected a scanner JSON report or baseline (an object with a 'findings' array)");
            // A report carries the whole evidence, so its hash can be taken here; a baseline file kept only the start.
            var isReport = root.TryGetProperty("tool", out _);
            var entries = new List<BaselineEntry>();
            var index = 0;
            foreach (var f in findings.EnumerateArray())
            {
                var fingerprint = Text(f, "fingerprint")
                    ?? throw new InvalidDataException($"{name}: findings[{index}] has no 'fingerprint'");
                var evidence = Text(f, "evidence");
                var hash = Text(f, "evidenceHash") ?? (isReport && evidence is not null ? EvidenceDigest(evidence) : null);
                entries.Add(new BaselineEntry(fingerprint, Text(f, "ruleId") ?? "", Text(f, "url") ?? "", Text(f, "severity"), Shorten(evidence), hash));
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
            if (e.EvidenceHash is not null) json.WriteString("evidenceHash", e.EvidenceHash);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Compares a run's findings with this baseline.</summary>
    public BaselineComparison Compare(IReadOnlyList<Finding> findings) => new(this, findings);

    /// <summary>A short SHA-256 of the whole evidence: notices a change anywhere in it, also past the kept start.</summary>
    public static string EvidenceDigest(string evidence) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evidence)))[..16];

    internal static string? Shorten(string? evidence) =>
        evidence is null || evidence.Length <= EvidenceKept ? evidence : evidence[..EvidenceKept] + "…";

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>
/// A run's findings against a baseline: which are new, unchanged or updated, and what the baseline had that is gone.
/// Unchanged and updated findings are suppressed (they do not trip the gate), except an updated one whose severity went up.
/// </summary>
public sealed class BaselineComparison
{
    public BaselineComparison(Baseline baseline, IReadOnlyList<Finding> findings) : this(baseline)
    {
        foreach (var f in findings) Count(f, remember: true);
    }

    /// <summary>A comparison that findings are added to as pages complete (<see cref="Add"/>); it keeps counts, not findings.</summary>
    public BaselineComparison(Baseline baseline) => Baseline = baseline;

    public void Add(IEnumerable<Finding> findings)
    {
        foreach (var f in findings) Count(f, remember: false);
    }

    private void Count(Finding f, bool remember)
    {
        _found.Add(f.Fingerprint);
        var state = Classify(f);
        if (remember) _states[f] = state;
        switch (state)
        {
            case BaselineState.New: New++; break;
            case BaselineState.Unchanged: Unchanged++; break;
            case BaselineState.Updated: Updated++; break;
        }
        if (Suppresses(f)) Suppressed++;
    }

    private readonly HashSet<string> _found = new(StringComparer.Ordinal);

    public Baseline Baseline { get; }
    public int New { get; private set; }
    public int Unchanged { get; private set; }
    /// <summary>Known findings whose severity or evidence changed.</summary>
    public int Updated { get; private set; }
    /// <summary>Findings that do not trip the gate because the baseline knows them.</summary>
    public int Suppressed { get; private set; }
    /// <summary>The baseline's findings that this run did not find.</summary>
    public IReadOnlyList<BaselineEntry> Absent => Baseline.Entries.Where(e => !_found.Contains(e.Fingerprint)).ToList();

    // Every report format asks for each finding's state, some several times: each is worked out (evidence hash
    // included) once, when the comparison is made.
    private readonly Dictionary<Finding, BaselineState> _states = new(ReferenceEqualityComparer.Instance);

    public BaselineState StateOf(Finding finding) => _states.TryGetValue(finding, out var state) ? state : Classify(finding);

    private BaselineState Classify(Finding finding)
    {
        if (Baseline.Find(finding.Fingerprint) is not { } entry) return BaselineState.New;
        return SeverityChanged(entry, finding) || EvidenceChanged(entry, finding) ? BaselineState.Updated : BaselineState.Unchanged;
    }

    /// <summary>Whether the baseline keeps this finding from tripping the gate: known, and not more severe than accepted.</summary>
    public bool Suppresses(Finding finding) => StateOf(finding) switch
    {
        BaselineState.Unchanged => true,
        BaselineState.Updated => !SeverityRose(finding),
        _ => false,
    };

    /// <summary>The severity the baseline accepted for this finding, when it knows the finding and its severity.</summary>
    public Severity? AcceptedSeverity(Finding finding) =>
        Baseline.Find(finding.Fingerprint) is { Severity: { } word } && SeverityNames.TryParse(word, out var accepted) ? accepted : null;

    public bool SeverityRose(Finding finding) => AcceptedSeverity(finding) < finding.Severity;

    private static bool SeverityChanged(BaselineEntry entry, Finding finding) =>
        entry.Severity is { } word && !string.Equals(word, finding.Severity.ToWord(), StringComparison.OrdinalIgnoreCase);

    /// <summary>By hash when the baseline has one; an older file only kept the evidence's start, so that is compared.</summary>
    private static bool EvidenceChanged(BaselineEntry entry, Finding finding) =>
        entry.EvidenceHash is { } hash ? hash != Policy.Baseline.EvidenceDigest(finding.Evidence)
        : entry.Evidence is { } kept && kept != Policy.Baseline.Shorten(finding.Evidence);
}
