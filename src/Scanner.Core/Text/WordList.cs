namespace Scanner.Core.Text;

/// <summary>
/// Plain word lists, the format every Chinese sensitive-word list uses: one term per line. Blank lines and lines
/// starting with # are skipped, surrounding whitespace is trimmed, a UTF-8 byte-order mark is ignored, and a term
/// that folds to the same text as an earlier one (繁/简, full-width, case) is a duplicate and kept once.
/// </summary>
public static class WordList
{
    public static IReadOnlyList<string> Read(TextReader reader) => Read(reader, out _);

    /// <param name="reader">The list.</param>
    /// <param name="entries">How many lines held a term, duplicates included.</param>
    public static IReadOnlyList<string> Read(TextReader reader, out int entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        entries = 0;
        while (reader.ReadLine() is { } line)
        {
            var term = line.Trim().TrimStart('\uFEFF').Trim();
            if (term.Length == 0 || term[0] == '#') continue;
            entries++;
            var folded = TextNormalizer.Normalize(term).Text;
            if (folded.Length == 0 || !seen.Add(folded)) continue;
            terms.Add(term);
        }
        return terms;
    }

    /// <summary>Reads a UTF-8 list strictly (see <see cref="DecodeStrictly"/>).</summary>
    public static IReadOnlyList<string> ReadFile(string path) =>
        Read(new StringReader(DecodeStrictly(File.ReadAllBytes(path), out var badLine)
                              ?? throw new InvalidDataException($"{path}:{badLine}: not UTF-8 text")));

    /// <summary>The text of a UTF-8 list, or null with <paramref name="badLine"/> set to the first line that is not
    /// UTF-8 (many Chinese lists are GBK: better an error than importing mojibake).</summary>
    public static string? DecodeStrictly(byte[] bytes, out int badLine)
    {
        var text = new System.Text.StringBuilder(bytes.Length);
        badLine = 0;
        var line = 0;
        for (var start = 0; start < bytes.Length;)
        {
            line++;
            var end = Array.IndexOf(bytes, (byte)'\n', start) is var newline and >= 0 ? newline + 1 : bytes.Length;
            try
            {
                text.Append(StrictUtf8.GetString(bytes, start, end - start));
            }
            catch (System.Text.DecoderFallbackException)
            {
                badLine = line;
                return null;
            }
            start = end;
        }
        return text.ToString();
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
