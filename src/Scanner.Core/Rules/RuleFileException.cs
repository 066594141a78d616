namespace Scanner.Core.Rules;

/// <summary>A rule file that cannot be used; the message names the file, the line and the problem.</summary>
public sealed class RuleFileException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;

    /// <summary>For an error line: `invalid rule file a.yaml:3:5: problem`; a file with no line to point at (not
    /// found, empty): `keyword list not found: nope.txt`.</summary>
    public string ForPeople => Line > 0 ? $"invalid rule file {Message}" : Problem.Contains(File, StringComparison.Ordinal) ? Problem : $"{Problem}: {File}";
}
