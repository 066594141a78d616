using System.Text;

namespace Scanner.Core.Text;

/// <summary>A normalised copy of a text and, for each of its characters, where it came from in the original.</summary>
public sealed class NormalizedText(string text, int[] originalStart, int[] originalEnd)
{
    public string Text { get; } = text;

    /// <summary>Maps the half-open range [start, end) of <see cref="Text"/> back to the original text.</summary>
    public (int Start, int End) MapToOriginal(int start, int end) => (originalStart[start], originalEnd[end - 1]);
}

/// <summary>
/// Undoes filter-dodging: HTML character references and script escapes, compatibility forms (NFKC: Ⅴ→V, ＡＶ→AV, 𝐀→A),
/// case, diacritics on Latin letters, look-alike letters from other scripts (Cyrillic а → a), traditional → simplified
/// Chinese, pinyin annotations (設(shè) → 设), and noise characters (spaces, punctuation, symbols, zero-width and format
/// characters) — which this method drops entirely.
/// <see cref="KeywordMatcher"/> applies exactly the same per-character folding, fused into its scan, but there noise
/// between the characters of a match is only skipped up to a gap limit, and word boundaries are judged on the
/// original text.
/// </summary>
public static class TextNormalizer
{
    public static NormalizedText Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var width = EncodedText.DecodeAt(text, i, out var codePoint);
            if (codePoint >= 0)
            {
                foreach (var c in CharFolding.Fold(codePoint))
                {
                    sb.Append(c);
                    starts.Add(i);
                    ends.Add(i + width);
                }
            }
            i += width;
        }
        return new NormalizedText(sb.ToString(), starts.ToArray(), ends.ToArray());
    }

    /// <summary>The folded code points of a term, noise and annotations left out: what the matcher looks for.</summary>
    public static int[] NormalizeTerm(string term)
    {
        var result = new List<int>(term.Length);
        for (var i = 0; i < term.Length;)
        {
            var width = EncodedText.DecodeAt(term, i, out var codePoint);
            if (codePoint >= 0)
                foreach (var rune in CharFolding.Fold(codePoint).EnumerateRunes())
                    result.Add(rune.Value);
            i += width;
        }
        return result.ToArray();
    }

    /// <summary>Characters an attacker can slip between the characters of a word without a reader noticing.</summary>
    public static bool IsNoise(Rune rune) => CharFolding.Fold(rune.Value).Length == 0;
}
