namespace Scanner.Core.Text;

/// <summary>
/// Plain word lists, the format every Chinese sensitive-word list uses: one term per line. Blank lines and lines
/// starting with # are skipped, surrounding whitespace is trimmed, a UTF-8 byte-order mark is ignored, and a term
/// that folds to the same text as an earlier one (繁/简, full-width, case) is a duplicate and kept once.
/// </summary>
public static class WordList
{
    public static IReadOnlyList<string> Read(TextReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var term = line.Trim().TrimStart('\uFEFF').Trim();
            if (term.Length == 0 || term[0] == '#') continue;
            var folded = TextNormalizer.Normalize(term).Text;
            if (folded.Length == 0 || !seen.Add(folded)) continue;
            terms.Add(term);
        }
        return terms;
    }

    public static IReadOnlyList<string> ReadFile(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader);
    }
}
