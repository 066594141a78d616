using System.Net;
using System.Text;

namespace Scanner.Core.Reports;

/// <summary>
/// The text of a stretch of HTML source as a reader sees it — tags and comments dropped, character references
/// decoded, runs of white space as one space — with, for every character, the index in the source it came from.
/// </summary>
/// <param name="SourceIndex">For each character of <paramref name="Text"/>, where it came from (the array may be longer
/// than the text: it is sized for the source range, not copied to fit).</param>
internal sealed record SourceText(string Text, int[] SourceIndex)
{
    /// <summary>Longest character reference looked at ("&amp;CounterClockwiseContourIntegral;" is 33).</summary>
    private const int MaxReference = 40;

    /// <summary>The text of source[start..end]; a range outside the source is cut to it (empty when nothing is left).</summary>
    public static SourceText Decode(string source, int start, int end)
    {
        start = Math.Clamp(start, 0, source.Length);
        end = Math.Clamp(end, start, source.Length);
        var text = new StringBuilder(end - start);
        var map = new IndexMap(new int[end - start]);
        var i = start;
        while (i < end)
        {
            var c = source[i];
            if (c == '<')
            {
                i = SkipMarkup(source, i, end);
                continue;
            }
            if (c == '&' && Reference(source, i, end) is { } reference)
            {
                foreach (var d in reference.Decoded) Append(text, map, d, i);
                i += reference.Length;
                continue;
            }
            Append(text, map, c, i);
            i++;
        }
        return new SourceText(text.ToString(), map.Indexes);
    }

    /// <summary>Runs of white space (NBSP included, as a browser's innerText collapse does) become one space.</summary>
    public static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { if (sb.Length == 0 || sb[^1] != ' ') sb.Append(' '); }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder text, IndexMap map, char c, int index)
    {
        if (char.IsWhiteSpace(c))
        {
            if (text.Length > 0 && text[^1] == ' ') return;
            c = ' ';
        }
        text.Append(c);
        map.Add(index);
    }

    /// <summary>Where each character of the text came from: one array of the range's size, never grown or copied.</summary>
    private sealed class IndexMap(int[] indexes)
    {
        private int _count;

        public int[] Indexes => indexes;

        public void Add(int index) => indexes[_count++] = index;
    }

    /// <summary>Past a tag or comment; a lone '&lt;' that starts neither stays text (skipped as one character).</summary>
    private static int SkipMarkup(string source, int i, int end)
    {
        if (string.CompareOrdinal(source, i, "<!--", 0, 4) == 0)
        {
            var close = source.IndexOf("-->", i + 4, end - i - 4, StringComparison.Ordinal);
            return close < 0 ? end : close + 3;
        }
        var gt = source.IndexOf('>', i, end - i);
        return gt < 0 ? end : gt + 1;
    }

    private static (string Decoded, int Length)? Reference(string source, int i, int end)
    {
        var limit = Math.Min(end, i + MaxReference);
        var j = i + 1;
        while (j < limit && (char.IsAsciiLetterOrDigit(source[j]) || source[j] == '#')) j++;
        if (j >= limit || source[j] != ';' || j == i + 1) return null;
        var raw = source.Substring(i, j - i + 1);
        var decoded = WebUtility.HtmlDecode(raw);
        return decoded == raw ? null : (decoded, raw.Length);
    }
}

/// <summary>Line and column (1-based, UTF-16 code units, as SARIF's default columnKind) of an index in a text.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = [0];

    public LineIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            // CR LF, a lone CR and LF each end a line, as HTML's input stream preprocessing treats them.
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (text[i] is '\n' or '\r') _lineStarts.Add(i + 1);
        }
    }

    public int LineOf(int index)
    {
        var found = _lineStarts.BinarySearch(index);
        return (found >= 0 ? found : ~found - 1) + 1;
    }

    public int ColumnOf(int index) => index - _lineStarts[LineOf(index) - 1] + 1;
}
