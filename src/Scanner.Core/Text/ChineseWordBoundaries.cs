using JiebaNet.Segmenter;

namespace Scanner.Core.Text;

/// <summary>
/// Whether a two-character hit is a word of the text or the tail of one word and the head of the next: 禄口交警 (the
/// Lukou traffic police) holds 口交 across 禄口|交警, 成熟女性 holds 熟女 across 成熟|女性. Chinese has no spaces, so
/// the neighbourhood of the hit is segmented (jieba, dictionary only, no HMM guesses: only real words can cut a hit)
/// and checked against a list of real words from the rules; a hit that a word crosses without containing it is not
/// the spam word. Only the few Han characters around a hit are segmented, never the page.
/// </summary>
public sealed class ChineseWordBoundaries
{
    /// <summary>How many Han characters either side of a hit are segmented with it.</summary>
    public const int Neighbourhood = 6;

    private static readonly Lazy<JiebaSegmenter> Segmenter = new(CreateSegmenter, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock SegmenterLock = new();
    private readonly string[] _realWords;

    /// <param name="realWords">Words that a hit must not cut through (place names jieba may not know: 禄口); folded
    /// like the text (simplified, lower case).</param>
    public ChineseWordBoundaries(IEnumerable<string> realWords)
    {
        _realWords = realWords.Select(w => TextNormalizer.Normalize(w).Text).Where(w => w.Length >= 2).Distinct().ToArray();
    }

    /// <summary>Whether the check applies: two Han characters side by side in the page (a hit with noise between its
    /// characters was written apart on purpose, and a longer term is specific enough).</summary>
    public static bool Applies(string text, int start, int length) =>
        length == 2 && CharFolding.IsHan(text[start]) && CharFolding.IsHan(text[start + 1]);

    /// <summary>Whether a real word crosses the hit [start, start + 2) without containing it.</summary>
    public bool CutsThroughWords(string text, int start, int length)
    {
        var end = start + length;
        var from = start;
        while (from > 0 && start - from < Neighbourhood && CharFolding.IsHan(text[from - 1])) from--;
        var to = end;
        while (to < text.Length && to - end < Neighbourhood && CharFolding.IsHan(text[to])) to++;
        if (from == start && to == end) return false; // the hit stands alone between non-Han characters
        var window = Fold(text.AsSpan(from, to - from));
        int s = start - from, e = end - from;
        foreach (var word in _realWords)
            for (var at = window.IndexOf(word, StringComparison.Ordinal); at >= 0; at = window.IndexOf(word, at + 1, StringComparison.Ordinal))
                if (Crosses(at, at + word.Length, s, e)) return true;
        IEnumerable<Token> tokens;
        lock (SegmenterLock) tokens = Segmenter.Value.Tokenize(window, TokenizerMode.Default, hmm: false).ToList();
        foreach (var token in tokens)
            if (Crosses(token.StartIndex, token.EndIndex, s, e)) return true;
        return false;
    }

    /// <summary>A word [a, b) overlaps the hit [s, e) and neither holds the other.</summary>
    private static bool Crosses(int a, int b, int s, int e) => a < e && b > s && !(a <= s && b >= e) && !(s <= a && e >= b);

    /// <summary>Simplified characters, one per Han character, so positions stay put (祿口 → 禄口).</summary>
    private static string Fold(ReadOnlySpan<char> window)
    {
        var chars = window.ToArray();
        for (var k = 0; k < chars.Length; k++)
            if (CharFolding.Fold(chars[k]) is { Length: 1 } folded) chars[k] = folded[0];
        return new string(chars);
    }

    /// <summary>jieba reads its dictionary from files shipped beside this assembly (folder <c>jieba</c>).</summary>
    private static JiebaSegmenter CreateSegmenter()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "jieba");
        var dictionary = Path.Combine(folder, "dict.txt");
        if (!File.Exists(dictionary))
            throw new FileNotFoundException($"jieba's dictionary is missing: expected {dictionary} (it is copied there by the build of Scanner.Core)", dictionary);
        ConfigManager.ConfigFileBaseDir = folder;
        return new JiebaSegmenter();
    }
}
