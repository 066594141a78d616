using System.Globalization;
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
/// Undoes filter-dodging: compatibility forms (NFKC: Ⅴ→V, ＡＶ→AV), case, and noise characters
/// (spaces, punctuation, zero-width and format characters) inserted between the characters of a word.
/// FIRST VERSION: confusables, traditional→simplified and pinyin stripping arrive with issue 7.
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
            var rune = Rune.GetRuneAt(text, i);
            var width = rune.Utf16SequenceLength;
            if (!IsNoise(rune))
            {
                var folded = rune.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
                foreach (var c in folded)
                {
                    if (IsNoise(new Rune(char.IsSurrogate(c) ? ' ' : c))) continue;
                    sb.Append(c);
                    starts.Add(i);
                    ends.Add(i + width);
                }
            }
            i += width;
        }
        return new NormalizedText(sb.ToString(), starts.ToArray(), ends.ToArray());
    }

    /// <summary>Characters an attacker can slip between the letters of a word without a reader noticing.</summary>
    public static bool IsNoise(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OtherPunctuation => true,
        _ => false,
    };
}
