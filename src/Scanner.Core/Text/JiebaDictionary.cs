using System.Text;

namespace Scanner.Core.Text;

/// <summary>
/// jieba's dictionary (its <c>dict.txt</c>: word, frequency, part of speech) and its dictionary-only segmentation, the
/// one jieba.NET runs for <c>Tokenize(text, TokenizerMode.Default, hmm: false)</c>: every dictionary word of the
/// text is a candidate, and the segmentation with the highest product of word probabilities wins. jieba.NET gives the
/// same tokens (<c>JiebaDictionaryTests</c> compares them) but costs ~0.5 s of CPU to load, most of it for tables this
/// segmentation never reads (its HMM model, a map of every word's prefixes); this loads the words alone, in ~0.1 s.
/// </summary>
public sealed class JiebaDictionary
{
    private readonly Dictionary<string, int> _frequencies;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _longestWord;
    private readonly double _logTotal;

    private JiebaDictionary(Dictionary<string, int> frequencies, double total)
    {
        _frequencies = frequencies;
        _lookup = frequencies.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestWord = frequencies.Count == 0 ? 1 : frequencies.Keys.Max(w => w.Length);
        _logTotal = Math.Log(total);
    }

    public int Count => _frequencies.Count;

    /// <summary>Reads a jieba dictionary: one <c>word frequency [tag]</c> a line. As jieba.NET: a word listed twice
    /// keeps its last frequency and every frequency counts in the total; a frequency of 0 is no word.</summary>
    public static JiebaDictionary Load(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8).AsSpan();
        var frequencies = new Dictionary<string, int>(capacity: 400_000, StringComparer.Ordinal);
        var lookup = frequencies.GetAlternateLookup<ReadOnlySpan<char>>();
        double total = 0;
        foreach (var range in text.SplitAny('\n', '\r'))
        {
            var line = text[range];
            var space = line.IndexOf(' ');
            if (space < 0) continue;
            var rest = line[(space + 1)..];
            var end = rest.IndexOf(' ');
            var frequency = int.Parse(end < 0 ? rest : rest[..end], System.Globalization.CultureInfo.InvariantCulture);
            lookup[line[..space]] = frequency;
            total += frequency;
        }
        return new JiebaDictionary(frequencies, total);
    }

    /// <summary>The words of <paramref name="text"/> as jieba cuts it, without HMM guesses: (start, end) of each
    /// token in order, covering the text. Runs of characters jieba calls Chinese (CJK unified ideographs, ASCII
    /// letters and digits, a few signs) are cut by the dictionary; any other character is a token of its own.</summary>
    public List<(int Start, int End)> Tokenize(string text)
    {
        var tokens = new List<(int, int)>();
        var at = 0;
        while (at < text.Length)
        {
            if (!IsJiebaChinese(text[at])) { tokens.Add((at, at + 1)); at++; continue; }
            var end = at;
            while (end < text.Length && IsJiebaChinese(text[end])) end++;
            CutRun(text, at, end, tokens);
            at = end;
        }
        return tokens;
    }

    /// <summary>jieba's <c>CutDagWithoutHmm</c> on text[from, to): the best route through the dictionary words, then
    /// single ASCII letters or digits side by side joined into one token.</summary>
    private void CutRun(string text, int from, int to, List<(int, int)> tokens)
    {
        var length = to - from;
        var run = text.AsSpan(from, length);
        // Best route from each position to the end, right to left (jieba's Calc): the word ending there and the score.
        var routeEnd = new int[length + 1];
        var routeScore = new double[length + 1];
        for (var i = length - 1; i >= 0; i--)
        {
            var bestEnd = -1;
            var bestScore = double.MinValue;
            var any = false;
            for (var j = i; j < length && j - i < _longestWord; j++)
            {
                var frequency = FrequencyOf(run[i..(j + 1)]);
                if (frequency <= 0) continue;
                any = true;
                Consider(j, frequency);
            }
            if (!any) Consider(i, 1); // no word starts here: the character alone
            routeEnd[i] = bestEnd;
            routeScore[i] = bestScore;

            void Consider(int end, int frequency)
            {
                var score = Math.Log(frequency) - _logTotal + routeScore[end + 1];
                if (bestScore < score) { bestScore = score; bestEnd = end; }
            }
        }
        var englishStart = -1;
        for (var i = 0; i < length;)
        {
            var next = routeEnd[i] + 1;
            if (next - i == 1 && char.IsAsciiLetterOrDigit(run[i]))
            {
                if (englishStart < 0) englishStart = i;
                i = next;
                continue;
            }
            if (englishStart >= 0) { tokens.Add((from + englishStart, from + i)); englishStart = -1; }
            tokens.Add((from + i, from + next));
            i = next;
        }
        if (englishStart >= 0) tokens.Add((from + englishStart, from + length));
    }

    private int FrequencyOf(ReadOnlySpan<char> word) => _lookup.TryGetValue(word, out var frequency) ? frequency : 0;

    /// <summary>jieba's <c>[\u4E00-\u9FD5a-zA-Z0-9+#&amp;\._%·\-]</c>.</summary>
    private static bool IsJiebaChinese(char c) =>
        c is >= '\u4E00' and <= '\u9FD5' || char.IsAsciiLetterOrDigit(c) || c is '+' or '#' or '&' or '.' or '_' or '%' or '·' or '-';
}
