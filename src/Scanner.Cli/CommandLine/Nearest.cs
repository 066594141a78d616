namespace Scanner.Cli.CommandLine;

/// <summary>The known word nearest a misspelled one ("keyword.pron" → "keyword.porn"), for "did you mean" hints.</summary>
public static class Nearest
{
    /// <summary>The nearest candidate within a third of the word's length in edits (at least 2), or null.</summary>
    public static string? To(string word, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (Candidate: c, Distance: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal).FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, word.Length / 3) ? best.Candidate : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
