namespace Scanner.Core.Evaluation;

/// <summary>One labelled page of an evaluation set: its file (relative to the pages folder), spam or clean, and the
/// technique it shows (the injection kind for spam, the look-alike kind for clean pages).</summary>
public sealed record PageLabel(string File, bool Spam, string Technique, int Line);

/// <summary>A labels file that cannot be read: the message names the file and the line.</summary>
public sealed class LabelFileException(string message) : Exception(message);

/// <summary>
/// Reads a labels file: tab-separated, a header row naming at least the columns <c>file</c>, <c>label</c>
/// (spam|clean) and <c>technique</c>, in any order; further columns are kept for filtering (e.g. <c>split</c>);
/// blank lines and lines starting with # are skipped.
/// </summary>
public static class LabelFile
{
    public static readonly string[] RequiredColumns = ["file", "label", "technique"];

    /// <summary>The labels, optionally only the rows whose <paramref name="column"/> equals <paramref name="value"/>.</summary>
    public static IReadOnlyList<PageLabel> Read(string path, string? column = null, string? value = null)
    {
        if (!System.IO.File.Exists(path)) throw new LabelFileException($"{path}: no such labels file");
        return Parse(System.IO.File.ReadAllLines(path), path, column, value);
    }

    public static IReadOnlyList<PageLabel> Parse(IReadOnlyList<string> lines, string path, string? column = null, string? value = null)
    {
        string[]? header = null;
        var labels = new List<PageLabel>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var cells = line.Split('\t').Select(c => c.Trim()).ToArray();
            if (header is null)
            {
                header = cells.Select(c => c.ToLowerInvariant()).ToArray();
                var missing = RequiredColumns.Where(c => !header.Contains(c)).ToArray();
                if (missing.Length > 0)
                    throw new LabelFileException($"{path}:{i + 1}: the header lacks the column(s) {string.Join(", ", missing)} (expected tab-separated: file, label, technique)");
                if (column is not null && !header.Contains(column.ToLowerInvariant()))
                    throw new LabelFileException($"{path}:{i + 1}: no column '{column}' to select rows by (columns: {string.Join(", ", header)})");
                continue;
            }
            string Cell(string name) { var at = Array.IndexOf(header, name); return at < cells.Length ? cells[at] : ""; }
            var file = Cell("file").Replace('\\', '/');
            if (file.Length == 0) throw new LabelFileException($"{path}:{i + 1}: empty 'file'");
            var label = Cell("label").ToLowerInvariant();
            if (label is not ("spam" or "clean"))
                throw new LabelFileException($"{path}:{i + 1}: label '{Cell("label")}' must be 'spam' or 'clean'");
            var technique = Cell("technique");
            if (technique.Length == 0) technique = label == "spam" ? "(unlabelled spam)" : "(unlabelled clean)";
            if (!files.Add(file)) throw new LabelFileException($"{path}:{i + 1}: '{file}' is labelled twice");
            if (column is not null && !string.Equals(Cell(column.ToLowerInvariant()), value, StringComparison.OrdinalIgnoreCase)) continue;
            labels.Add(new PageLabel(file, label == "spam", technique, i + 1));
        }
        if (header is null) throw new LabelFileException($"{path}: empty (expected a header row: file, label, technique)");
        return labels;
    }
}
