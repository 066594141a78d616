namespace Scanner.Core.Rules;

/// <summary>
/// Reads plain lists, the format every Chinese sensitive-word list uses: one entry per line, '#' starts a comment.
/// Keyword lists go through <see cref="WordListImport"/> instead, which also drops terms that normalise to the same
/// text and single characters.
/// </summary>
public static class PlainListReader
{
    public static IEnumerable<string> ReadEntries(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim().TrimStart('\uFEFF');
            if (line.Length > 0) yield return line;
        }
    }

    /// <summary>Domains from a list whose entries may be bare hosts or URLs ("http://www.x.com/").</summary>
    public static IEnumerable<string> ReadDomains(string path) =>
        ReadEntries(path).Select(HostOf).Where(h => h.Length > 0);

    private static string HostOf(string entry)
    {
        var text = entry.Contains("://") ? entry : "http://" + entry;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri.Host.TrimStart('.').ToLowerInvariant() : "";
    }
}
