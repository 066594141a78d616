using Scanner.Core.Model;

namespace Scanner.Core.Policy;

/// <summary>The --fail-on threshold: the run fails when a finding is at or above it. Null threshold = never fail.</summary>
public sealed record Gate(Severity? Threshold)
{
    public static Gate Default { get; } = new(Severity.High);

    public static bool TryParse(string word, out Gate gate)
    {
        gate = Default;
        if (string.Equals(word, "none", StringComparison.OrdinalIgnoreCase)) { gate = new Gate((Severity?)null); return true; }
        if (!SeverityNames.TryParse(word, out var severity)) return false;
        gate = new Gate(severity);
        return true;
    }

    public bool Trips(Finding finding) => Threshold is { } t && finding.Severity >= t;

    public string Describe() => Threshold?.ToWord() ?? "none";
}
