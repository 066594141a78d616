using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Scanner.Core.Text;

/// <summary>
/// The per-character half of normalisation: what one code point becomes once the tricks are undone.
/// A code point folds to nothing (noise), to one character, or to a few characters (ﬁ → fi, Ⅻ → xii). Folding is
/// NFKC, then case folding, then removal of Latin/Greek/Cyrillic diacritics, radicals to the ideograph they look like, then look-alike letters to the ASCII
/// letter they imitate (Unicode confusables), then traditional → simplified Chinese (Unihan kSimplifiedVariant).
/// The result for every BMP code unit is computed once, on first use, into flat tables the matcher fuses with
/// its alphabet; supplementary code points are folded on demand and cached.
/// </summary>
internal static class CharFolding
{
    internal const byte KindSingle = 0;
    internal const byte KindNoise = 1;
    /// <summary>Needs the slow path: a surrogate, an expansion to several characters, or the start of an encoded
    /// character or annotation (&amp;, \, the brackets of a pinyin annotation).</summary>
    internal const byte KindSpecial = 2;

    /// <summary>For each BMP code unit: <see cref="KindSingle"/>, <see cref="KindNoise"/> or <see cref="KindSpecial"/>.</summary>
    internal static readonly byte[] Kind = new byte[65536];
    /// <summary>For <see cref="KindSingle"/> code units, the folded character.</summary>
    internal static readonly char[] Folded = new char[65536];
    /// <summary>For each BMP code unit, whether its folded form is a letter or digit of an alphabetic script (Latin,
    /// Greek, Cyrillic…), the characters that make up a word for whole-word matching. CJK does not count.</summary>
    internal static readonly bool[] WordChar = new bool[65536];

    private static readonly string[] Fold16 = new string[65536];
    private static readonly ConcurrentDictionary<int, string> FoldSupplementary = new();
    internal static readonly IReadOnlyDictionary<int, int> Confusables;
    internal static readonly IReadOnlyDictionary<int, int> TraditionalToSimplified;
    internal static readonly IReadOnlyDictionary<int, int> Radicals;

    static CharFolding()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Confusables = LoadPairs("confusables.txt");
        TraditionalToSimplified = LoadPairs("t2s.txt");
        Radicals = LoadPairs("radicals.txt");
        for (var c = 0; c < 65536; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                Fold16[c] = "";
                Kind[c] = KindSpecial;
                continue;
            }
            var folded = PlainLetter(c) ?? Compute(c);
            Fold16[c] = folded;
            WordChar[c] = IsWordString(folded);
            if (folded.Length == 0) Kind[c] = KindNoise;
            else if (folded.Length == 1) { Kind[c] = KindSingle; Folded[c] = folded[0]; }
            else Kind[c] = KindSpecial;
        }
        foreach (var trigger in "&\\(（")
            Kind[trigger] = KindSpecial;
        StartupTimes.FoldingTables = clock.Elapsed;
    }

    /// <summary>What a code point folds to; empty for noise.</summary>
    internal static string Fold(int codePoint) =>
        codePoint < 0x10000 ? Fold16[codePoint] : FoldSupplementary.GetOrAdd(codePoint, Compute);

    internal static bool IsWordCodePoint(int codePoint) =>
        codePoint < 0x10000 ? WordChar[codePoint] : IsWordString(Fold(codePoint));

    /// <summary>Characters an attacker can slip between the characters of a word without a reader noticing:
    /// separators, control and format characters (zero-width space, joiners, BOM), combining marks, punctuation and
    /// symbols.</summary>
    internal static bool IsNoiseCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation
            or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
            or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };

    /// <summary>
    /// Ends of sentences and clauses in Chinese text, and line breaks: noise that a match may not span. Without this,
    /// 特色。情况 would read as 色情 and 禁赌。博物馆 as 赌博. ASCII punctuation stays skippable (c.a.s.i.n.o), and so do
    /// spaces, dashes, symbols and zero-width characters (博—彩, 六 合 彩, 澳\u200b门).
    /// </summary>
    internal static bool IsHardBreak(int cp) => cp is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029'
        or '。' or '｡' or '．' or '，' or '、' or '；' or '：' or '！' or '？' or '︒' or '﹒' or '﹐' or '﹑' or '﹔' or '﹕' or '﹖' or '﹗';

    internal static bool IsHan(int cp) =>
        cp is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF;

    private static bool IsWordString(string folded)
    {
        foreach (var rune in folded.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune)) continue;
            var v = rune.Value;
            // CJK, kana, hangul and the like are not written with spaces between words.
            if (v is >= 0x1100 and <= 0x11FF or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7AF
                or >= 0xF900 and <= 0xFAFF or >= 0xFF66 and <= 0xFFDC or >= 0x20000) continue;
            return true;
        }
        return false;
    }

    internal static string Compute(int codePoint)
    {
        if (!Rune.IsValid(codePoint)) return "";
        // Radicals are symbols to Unicode but read as the ideograph (⻔ as 门, ⼀ as 一).
        if (Radicals.TryGetValue(codePoint, out var ideograph)) codePoint = ideograph;
        // Circled, parenthesised and squared letters are symbols to Unicode, which would make them noise (ⓐ, ⒜, 🅰).
        if (EnclosedForms.Plain(codePoint) is { } plain)
        {
            var enclosed = new StringBuilder(plain.Length);
            foreach (var r in plain.EnumerateRunes()) enclosed.Append(Compute(r.Value));
            return enclosed.ToString();
        }
        var rune = new Rune(codePoint);
        var category = Rune.GetUnicodeCategory(rune);
        if (IsNoiseCategory(category) || category == UnicodeCategory.Surrogate) return "";
        // A look-alike of a capital keeps its meaning only before case folding (Cyrillic В looks like B, в does not).
        if (Confusables.TryGetValue(codePoint, out var ascii))
            return ((char)char.ToLowerInvariant((char)ascii)).ToString();

        string nfkc;
        if (StableUnderNfkc(codePoint)) nfkc = rune.ToString();
        else
        {
            try { nfkc = rune.ToString().Normalize(NormalizationForm.FormKC); }
            catch (ArgumentException) { nfkc = rune.ToString(); }
        }

        var sb = new StringBuilder(nfkc.Length + 2);
        foreach (var r in nfkc.EnumerateRunes())
        {
            if (IsNoiseCategory(Rune.GetUnicodeCategory(r))) continue;
            // Case folding: lower(upper(x)) also folds ς to σ; NFKC has already folded ſ, K (Kelvin) and the like.
            var folded = Rune.ToLowerInvariant(Rune.ToUpperInvariant(Rune.ToLowerInvariant(r)));
            var v = folded.Value;
            if (Confusables.TryGetValue(v, out var a)) v = char.ToLowerInvariant((char)a);
            else if (v is >= 0x00C0 and < 0x0530 or >= 0x1E00 and < 0x2000) v = char.ToLowerInvariant((char)StripDiacritics(v));
            if (TraditionalToSimplified.TryGetValue(v, out var simplified)) v = simplified;
            sb.Append(char.ConvertFromUtf32(v));
        }
        return sb.ToString();
    }

    /// <summary>
    /// What <see cref="Compute"/> gives, worked out directly, for the letters of the big blocks that no step but the
    /// traditional-to-simplified one changes: unified ideographs, Hangul syllables and private use (~45,000 of the
    /// 65,536 code points of the start-up tables: half the tables' time, which delays the first page, issue 20, eighth
    /// pass). Null for any other code point, or one a table names. <c>CharFoldingTests</c> checks both agree everywhere.
    /// </summary>
    internal static string? PlainLetter(int cp)
    {
        if (cp is not (>= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xAC00 and <= 0xD7A3 or >= 0xE000 and <= 0xF8FF)
            || Confusables.ContainsKey(cp) || Radicals.ContainsKey(cp))
            return null;
        return TraditionalToSimplified.TryGetValue(cp, out var simplified)
            ? Confusables.ContainsKey(simplified) ? null : char.ConvertFromUtf32(simplified)
            : ((char)cp).ToString();
    }

    /// <summary>
    /// Code points NFKC leaves as they are, in blocks big enough to matter: CJK unified ideographs, Hangul syllables,
    /// private use and printable ASCII. ICU is not asked about them (about 46,000 of the 65,536 BMP code points) while
    /// the tables are computed at start-up; the gain measured small (the tables still take ~0.09 s: most of it is the rest
    /// of <see cref="Compute"/>, issue 20, sixth pass). <c>CharFoldingTests</c> checks that NFKC is the identity on all of them.
    /// </summary>
    internal static bool StableUnderNfkc(int cp) =>
        cp is >= 0x20 and <= 0x7E or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xAC00 and <= 0xD7A3 or >= 0xE000 and <= 0xF8FF;

    /// <summary>é → e, ő → o: the base letter of a Latin, Greek or Cyrillic letter with diacritics.</summary>
    private static int StripDiacritics(int v)
    {
        var nfd = char.ConvertFromUtf32(v).Normalize(NormalizationForm.FormD);
        if (nfd.Length < 2 || char.IsSurrogate(nfd[0])) return v;
        for (var k = 1; k < nfd.Length; k++)
            if (CharUnicodeInfo.GetUnicodeCategory(nfd[k]) != UnicodeCategory.NonSpacingMark) return v;
        return nfd[0];
    }

    private static Dictionary<int, int> LoadPairs(string name)
    {
        var result = new Dictionary<int, int>();
        var assembly = typeof(CharFolding).Assembly;
        using var stream = assembly.GetManifestResourceStream("Scanner.Core.Text.Data." + name)
            ?? throw new InvalidOperationException($"embedded table {name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            result[char.ConvertToUtf32(line, 0)] = char.ConvertToUtf32(line, tab + 1);
        }
        return result;
    }
}
