using System.Globalization;
using System.Text;

namespace Scanner.Core.Text;

/// <summary>
/// Letters and digits written in enclosed forms — circled, parenthesised, squared, negative (white on black), with a
/// full stop: ⓐ Ⓐ ⒜ 🄐 🄰 🅐 🅰 ① ⑴ ⒈ ❶ ➀ 🇦 ㊙. Unicode files most of them as symbols, which the folding would
/// otherwise drop as noise, so 🅟🅞🅡🅝 would vanish instead of reading as "porn".
/// <para>
/// Where NFKC decomposes the form (ⓐ → a, ⒜ → (a), ⒈ → 1., ㊙ → 秘) the letters and digits of the decomposition are
/// kept and its brackets and dots dropped, so the parentheses of ⒜ never break a term. The negative and sans-serif
/// forms have no decomposition (🅐, 🅰, ⓫, ⓵, ❶, ➀, ➊, regional indicators): they are mapped by their position in
/// their run.
/// </para>
/// </summary>
internal static class EnclosedForms
{
    /// <summary>Runs without a decomposition: first code point, length, what the first one stands for.</summary>
    private static readonly (int First, int Count, int Value, bool Letter)[] Runs =
    [
        (0x24EB, 10, 11, false),   // ⓫..⓴ negative circled 11..20
        (0x24F5, 10, 1, false),    // ⓵..⓾ double circled 1..10
        (0x24FF, 1, 0, false),     // ⓿ negative circled 0
        (0x2776, 10, 1, false),    // ❶..❿ dingbat negative circled 1..10
        (0x2780, 10, 1, false),    // ➀..➉ dingbat circled sans-serif 1..10
        (0x278A, 10, 1, false),    // ➊..➓ dingbat negative circled sans-serif 1..10
        (0x1F10B, 2, 0, false),    // 🄋 🄌 dingbat circled sans-serif 0, negative
        (0x1F150, 26, 'a', true),  // 🅐..🅩 negative circled A..Z
        (0x1F170, 26, 'a', true),  // 🅰..🆉 negative squared A..Z
        (0x1F1E6, 26, 'a', true),  // 🇦..🇿 regional indicators A..Z
    ];

    /// <summary>Whether the code point lies in a block of enclosed forms.</summary>
    public static bool IsEnclosed(int cp) =>
        cp is >= 0x2460 and <= 0x24FF or >= 0x2776 and <= 0x2793 or >= 0x3200 and <= 0x32FF
            or >= 0x1F100 and <= 0x1F1FF or >= 0x1F200 and <= 0x1F2FF;

    /// <summary>The letters, digits or ideographs an enclosed form stands for (not yet case-folded), or null when the
    /// code point is no enclosed letter or digit.</summary>
    public static string? Plain(int cp)
    {
        if (!IsEnclosed(cp)) return null;
        foreach (var (first, count, value, letter) in Runs)
        {
            if (cp < first || cp >= first + count) continue;
            var n = value + cp - first;
            return letter ? ((char)n).ToString() : n.ToString(CultureInfo.InvariantCulture);
        }
        string nfkc;
        try { nfkc = char.ConvertFromUtf32(cp).Normalize(NormalizationForm.FormKC); }
        catch (ArgumentException) { return null; }
        var sb = new StringBuilder(nfkc.Length);
        foreach (var r in nfkc.EnumerateRunes())
            if (Rune.IsLetterOrDigit(r)) sb.Append(r.ToString());
        return sb.Length == 0 || sb.ToString() == char.ConvertFromUtf32(cp) ? null : sb.ToString();
    }
}
