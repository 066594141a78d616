namespace Scanner.Core.Model;

/// <summary>Finding severities, in increasing order. The lower-case names are part of the JSON contract.</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public static class SeverityNames
{
    public static string ToWord(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static bool TryParse(string? word, out Severity severity)
    {
        severity = Severity.Info;
        if (string.IsNullOrWhiteSpace(word)) return false;
        return Enum.TryParse(word.Trim(), ignoreCase: true, out severity) && Enum.IsDefined(severity);
    }

    public static IReadOnlyList<string> AllWords { get; } =
        Enum.GetValues<Severity>().Select(s => s.ToWord()).ToArray();
}
