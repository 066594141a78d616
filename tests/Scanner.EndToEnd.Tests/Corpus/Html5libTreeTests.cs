namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>One input of the html5lib tree-construction tests: the file it came from, its place there, its bytes.</summary>
public sealed record Html5libInput(string Stem, int Index, byte[] Data, IReadOnlySet<string> Sections)
{
    /// <summary>Parsed inside a context element, or only with scripting on/off: not a whole document.</summary>
    public bool IsWholeDocument => !Sections.Overlaps(["#document-fragment", "#script-on", "#script-off"]);

    /// <summary>The name extract.py gives it: the .dat path without ".dat", "/" as "_", then the 1-based index.</summary>
    public string FileName => $"{Stem}-{Index:000}.html";
}

/// <summary>
/// Reads the .dat format of html5lib-tests (html5lib/FORMAT.md), as bytes: an input is every line after a line that
/// is exactly "#data", up to the next section line, joined with "\n" (NULs, stray CRs and invalid UTF-8 kept).
/// The same reading as the corpus's extract.py, so names and counts agree with it.
/// </summary>
public static class Html5libTreeTests
{
    private static readonly HashSet<string> SectionLines =
        ["#errors", "#new-errors", "#document-fragment", "#script-on", "#script-off", "#document"];

    /// <summary>Every input below <paramref name="root"/>, files in ordinal path order (folders before their files' siblings sorted as extract.py walks them).</summary>
    public static IEnumerable<Html5libInput> ReadAll(string root)
    {
        foreach (var path in DatFiles(root))
        {
            var stem = Path.GetRelativePath(root, path)[..^".dat".Length].Replace(Path.DirectorySeparatorChar, '_');
            var index = 0;
            foreach (var (data, sections) in Parse(File.ReadAllBytes(path)))
                yield return new Html5libInput(stem, ++index, data, sections);
        }
    }

    public static IEnumerable<(byte[] Data, IReadOnlySet<string> Sections)> Parse(byte[] blob)
    {
        var lines = SplitLines(blob);
        var i = 0;
        while (i < lines.Count)
        {
            if (!IsLine(blob, lines[i], "#data")) { i++; continue; }
            var start = ++i;
            while (i < lines.Count && Section(blob, lines[i]) is null) i++;
            var data = Join(blob, lines, start, i);
            var sections = new HashSet<string>(StringComparer.Ordinal);
            while (i < lines.Count && !IsLine(blob, lines[i], "#data"))
            {
                if (Section(blob, lines[i]) is { } name) sections.Add(name);
                i++;
            }
            yield return (data, sections);
        }
    }

    /// <summary>As os.walk with sorted names: a folder's files and subfolders each in ordinal order, files first.</summary>
    private static IEnumerable<string> DatFiles(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.dat").Order(StringComparer.Ordinal)) yield return file;
        foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            foreach (var file in DatFiles(sub)) yield return file;
    }

    private static List<(int Start, int Length)> SplitLines(byte[] blob)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < blob.Length; i++)
            if (blob[i] == (byte)'\n') { lines.Add((start, i - start)); start = i + 1; }
        lines.Add((start, blob.Length - start));
        return lines;
    }

    private static bool IsLine(byte[] blob, (int Start, int Length) line, string text) =>
        line.Length == text.Length && blob.AsSpan(line.Start, line.Length).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(text));

    private static string? Section(byte[] blob, (int Start, int Length) line) => SectionLines.FirstOrDefault(s => IsLine(blob, line, s));

    private static byte[] Join(byte[] blob, List<(int Start, int Length)> lines, int from, int to)
    {
        using var data = new MemoryStream();
        for (var i = from; i < to; i++)
        {
            if (i > from) data.WriteByte((byte)'\n');
            data.Write(blob, lines[i].Start, lines[i].Length);
        }
        return data.ToArray();
    }
}
