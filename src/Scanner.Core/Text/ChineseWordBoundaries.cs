namespace Scanner.Core.Text;

/// <summary>
/// Whether a two-character hit is a word of the text or the tail of one word and the head of the next: 禄口交警 (the
/// Lukou traffic police) holds 口交 across 禄口|交警, 成熟女性 holds 熟女 across 成熟|女性. Chinese has no spaces, so
/// the neighbourhood of the hit is segmented (jieba, dictionary only, no HMM guesses: only real words can cut a hit)
/// and checked against a list of real words from the rules; a hit that a word crosses without containing it is not
/// the spam word. Only the few Han characters around a hit are segmented, never the page. jieba's dictionary is read
/// once per process, on a background thread from the first rule set on, so it overlaps the first fetch.
/// </summary>
public sealed class ChineseWordBoundaries
{
    /// <summary>How many Han characters either side of a hit are segmented with it.</summary>
    public const int Neighbourhood = 6;

    private static readonly Lazy<JiebaDictionary> Segmenter = new(LoadDictionary, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string[] _realWords;

    /// <param name="realWords">Words that a hit must not cut through (place names jieba may not know: 禄口); folded
    /// like the text (simplified, lower case).</param>
    public ChineseWordBoundaries(IEnumerable<string> realWords)
    {
        _realWords = realWords.Select(w => TextNormalizer.Normalize(w).Text).Where(w => w.Length >= 2).Distinct().ToArray();
    }

    private static int _prefetched;

    /// <summary>Starts reading jieba's dictionary on a background thread (once per process), so that it overlaps
    /// start-up and the first fetch; the first check waits for it if it is not done yet.</summary>
    public static void Prefetch()
    {
        if (Interlocked.Exchange(ref _prefetched, 1) == 0)
            new Thread(static () => { try { _ = Segmenter.Value; } catch (IOException) { /* the first check reports it */ } })
                { IsBackground = true, Name = "jieba dictionary" }.Start();
    }

    /// <summary>Whether the check applies: two Han characters side by side in the page (a hit with noise between its
    /// characters was written apart on purpose, and a longer term is specific enough).</summary>
    public static bool Applies(string text, int start, int length) =>
        length == 2 && CharFolding.IsHan(text[start]) && CharFolding.IsHan(text[start + 1]);

    /// <summary>Whether a longer all-Han hit is checked against the curated real words (not jieba: a longer term is
    /// specific, and only a word someone listed may cut it: 三级片区 holds 三级片 across 三级|片区).</summary>
    public static bool AppliesToListedWords(string text, int start, int length)
    {
        if (length < 3 || start + length > text.Length) return false;
        for (var i = start; i < start + length; i++)
            if (!CharFolding.IsHan(text[i])) return false;
        return true;
    }

    /// <summary>Whether one of the curated real words crosses the hit without containing it.</summary>
    public bool CutsThroughListedWords(string text, int start, int length)
    {
        var end = start + length;
        var from = Math.Max(0, start - Neighbourhood);
        var to = Math.Min(text.Length, end + Neighbourhood);
        var window = Fold(text.AsSpan(from, to - from));
        return ListedWordCrosses(window, start - from, end - from);
    }

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
        if (ListedWordCrosses(window, s, e)) return true;
        foreach (var (a, b) in Segmenter.Value.Tokenize(window))
            if (Crosses(a, b, s, e)) return true;
        return false;
    }

    /// <summary>Whether one of the curated real words in <paramref name="window"/> crosses the hit [s, e).</summary>
    private bool ListedWordCrosses(string window, int s, int e)
    {
        foreach (var word in _realWords)
            for (var at = window.IndexOf(word, StringComparison.Ordinal); at >= 0; at = window.IndexOf(word, at + 1, StringComparison.Ordinal))
                if (Crosses(at, at + word.Length, s, e)) return true;
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

    /// <summary>jieba's dictionary is shipped beside this assembly (folder <c>jieba</c>).</summary>
    private static JiebaDictionary LoadDictionary()
    {
        var dictionary = Path.Combine(AppContext.BaseDirectory, "jieba", "dict.txt");
        if (!File.Exists(dictionary))
            throw new FileNotFoundException($"jieba's dictionary is missing: expected {dictionary} (it is copied there by the build of Scanner.Core)", dictionary);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loaded = JiebaDictionary.Load(dictionary);
        StartupTimes.JiebaDictionary = clock.Elapsed;
        StartupTimes.JiebaDictionaryLoaded = true;
        return loaded;
    }
}
