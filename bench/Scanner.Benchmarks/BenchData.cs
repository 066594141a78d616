using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Benchmarks;

/// <summary>The inputs of the benchmarks, all from ../shared (read-only, never copied into the repository).</summary>
public static partial class BenchData
{
    /// <summary>Length of the benchmark texts in UTF-16 characters (1 Mi characters, about 2.5 MiB of UTF-8).</summary>
    public const int TextChars = 1 << 20;

    public static string SharedFolder
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SCANNER_SHARED");
            if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared");
                if (Directory.Exists(Path.Combine(candidate, "wordlists"))) return Path.GetFullPath(candidate);
                candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "wordlists"))) return Path.GetFullPath(candidate);
            }
            throw new DirectoryNotFoundException("../shared not found: set SCANNER_SHARED to the shared folder");
        }
    }

    /// <summary>
    /// The visible text of the 55 Chinese pages of corpus/clean (gne-*.html): scripts, styles and tags removed,
    /// entities decoded, whitespace runs collapsed; concatenated, and repeated to <see cref="TextChars"/> (the pages
    /// hold about 456,000 characters of text).
    /// </summary>
    public static string CleanText()
    {
        var pages = Directory.GetFiles(Path.Combine(SharedFolder, "corpus", "clean"), "gne-*.html").Order(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            html = ScriptOrStyle().Replace(html, " ");
            html = Tag().Replace(html, " ");
            html = WebUtility.HtmlDecode(html);
            sb.Append(Whitespace().Replace(html, " ")).Append('\n');
        }
        var corpus = sb.ToString();
        var text = new StringBuilder(TextChars);
        while (text.Length < TextChars) text.Append(corpus, 0, Math.Min(corpus.Length, TextChars - text.Length));
        return text.ToString();
    }

    /// <summary>The same text with a block of evasive spam injected every 8 KiB (same length).</summary>
    public static string InjectedText()
    {
        string[] spam =
        [
            "亚洲综合性色A\u2164一区二区三区", "澳門賭(dǔ)場(chǎng)", "六 合 彩", "博—彩", "&#x8272;&#x60C5;网站",
            "\\u8272\\u60c5", "ＡＶ女优", "c\u0430sino", "婷婷五月", "澳\u200b门\u200b赌\u200b场",
        ];
        var text = new StringBuilder(CleanText());
        for (int at = 4096, k = 0; at + 64 < text.Length; at += 8192, k++)
        {
            var s = spam[k % spam.Length];
            text.Remove(at, s.Length).Insert(at, s);
        }
        return text.ToString();
    }

    /// <summary>
    /// The first <paramref name="count"/> distinct terms of the word lists: the porn, weapons and ads lists first,
    /// then the big 零时-Tencent list, then the illegal-site domains. Blank lines and # comments are skipped. Only
    /// 41,851 distinct terms exist; beyond that, pairs of neighbouring terms are added.
    /// </summary>
    public static string[] Terms(int count)
    {
        string[] files = ["色情词库.txt", "色情类型.txt", "涉枪涉爆.txt", "广告类型.txt", "零时-Tencent.txt", "非法网址.txt"];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>(count);
        foreach (var file in files)
        {
            foreach (var raw in File.ReadLines(Path.Combine(SharedFolder, "wordlists", file)))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || !seen.Add(line)) continue;
                terms.Add(line);
                if (terms.Count == count) return terms.ToArray();
            }
        }
        // The lists hold 41,851 distinct terms (零时-Tencent already contains most of the others). Past that, pair
        // neighbouring terms (term k + term k+1): new, realistic-looking entries that share prefixes with real ones.
        var real = terms.Count;
        for (var k = 0; terms.Count < count; k++)
        {
            var pair = terms[k % real] + terms[(k + 1) % real];
            if (seen.Add(pair)) terms.Add(pair);
        }
        return terms.ToArray();
    }

    [GeneratedRegex(@"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
