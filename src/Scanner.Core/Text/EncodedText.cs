using System.Net;

namespace Scanner.Core.Text;

/// <summary>
/// The per-position half of normalisation: reads one character of a text the way a browser or a reader would,
/// decoding HTML character references (&amp;#x8272; &amp;#33394; &amp;eacute;), script escapes (\u8272 \u{1F600} \x41)
/// and surrogate pairs, and recognising the pinyin annotations that machine converters put after characters
/// (設(shè)), which a reader skips.
/// </summary>
internal static class EncodedText
{
    /// <summary>Returned as the code point of a pinyin annotation: skip it without counting it as a gap.</summary>
    internal const int Annotation = -2;
    /// <summary>Returned for something that reads as nothing (an unpaired surrogate).</summary>
    internal const int Nothing = -1;

    private const string ToneMarked = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";
    private const int MaxEntityLength = 40;

    /// <summary>Reads the character at <paramref name="i"/>; returns how many UTF-16 units it takes.</summary>
    internal static int DecodeAt(string text, int i, out int codePoint)
    {
        var c = text[i];
        switch (c)
        {
            case '&':
                return TryEntity(text, i, out codePoint) is var n and > 0 ? n : One('&', out codePoint);
            case '\\':
                return TryEscape(text, i, out codePoint) is var m and > 0 ? m : One('\\', out codePoint);
            case '(' or '（':
                if (AnnotationLength(text, i) is var a and > 0) { codePoint = Annotation; return a; }
                return One(c, out codePoint);
        }
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            codePoint = char.ConvertToUtf32(c, text[i + 1]);
            return 2;
        }
        if (char.IsSurrogate(c)) { codePoint = Nothing; return 1; }
        return One(c, out codePoint);
    }

    private static int One(char c, out int codePoint)
    {
        codePoint = c;
        return 1;
    }

    private static int TryEntity(string text, int i, out int codePoint)
    {
        codePoint = 0;
        var j = i + 1;
        if (j >= text.Length) return 0;
        if (text[j] == '#')
        {
            j++;
            var hex = j < text.Length && (text[j] | 0x20) == 'x';
            if (hex) j++;
            var start = j;
            long value = 0;
            while (j < text.Length && j - start < 8 && (hex ? char.IsAsciiHexDigit(text[j]) : char.IsAsciiDigit(text[j])))
                value = value * (hex ? 16 : 10) + HexValue(text[j++]);
            if (j == start) return 0;
            if (j < text.Length && text[j] == ';') j++;
            codePoint = value is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? (int)value : Nothing;
            return j - i;
        }
        var nameStart = j;
        while (j < text.Length && j - i < MaxEntityLength && char.IsAsciiLetterOrDigit(text[j])) j++;
        if (j == nameStart || j >= text.Length || text[j] != ';' || !char.IsAsciiLetter(text[nameStart])) return 0;
        var entity = text.Substring(i, j + 1 - i);
        var decoded = WebUtility.HtmlDecode(entity);
        if (decoded == entity || decoded.Length == 0) return 0;
        codePoint = char.ConvertToUtf32(decoded, 0);
        return j + 1 - i;
    }

    private static int TryEscape(string text, int i, out int codePoint)
    {
        codePoint = 0;
        if (i + 1 >= text.Length) return 0;
        var kind = text[i + 1];
        if (kind == 'x')
        {
            if (ReadHex(text, i + 2, 2, 2, out var v) != 2) return 0;
            codePoint = v;
            return 4;
        }
        if (kind != 'u') return 0;
        if (i + 2 < text.Length && text[i + 2] == '{')
        {
            var digits = ReadHex(text, i + 3, 1, 6, out var v);
            if (digits == 0 || i + 3 + digits >= text.Length || text[i + 3 + digits] != '}') return 0;
            codePoint = v is <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? v : Nothing;
            return 4 + digits;
        }
        if (ReadHex(text, i + 2, 4, 4, out var unit) != 4) return 0;
        if (unit is >= 0xD800 and <= 0xDBFF && i + 7 < text.Length && text[i + 6] == '\\' && text[i + 7] == 'u'
            && ReadHex(text, i + 8, 4, 4, out var low) == 4 && low is >= 0xDC00 and <= 0xDFFF)
        {
            codePoint = char.ConvertToUtf32((char)unit, (char)low);
            return 12;
        }
        codePoint = unit is >= 0xD800 and <= 0xDFFF ? Nothing : unit;
        return 6;
    }

    private static int ReadHex(string text, int from, int min, int max, out int value)
    {
        value = 0;
        var n = 0;
        while (n < max && from + n < text.Length && char.IsAsciiHexDigit(text[from + n]))
            value = value * 16 + HexValue(text[from + n++]);
        return n >= min ? n : 0;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// "(shè)" or "（dǔ）" right after a Han character: 1 to 7 lowercase pinyin letters with a tone mark or a tone
    /// number. Without a tone it could be an English word in brackets, so it is left alone.
    /// </summary>
    private static int AnnotationLength(string text, int i)
    {
        if (i == 0) return 0;
        var before = char.IsLowSurrogate(text[i - 1]) && i >= 2 ? char.ConvertToUtf32(text[i - 2], text[i - 1]) : text[i - 1];
        if (!CharFolding.IsHan(before)) return 0;
        var j = i + 1;
        var toned = false;
        while (j < text.Length && j - i <= 8)
        {
            var c = text[j];
            if (c is >= 'a' and <= 'z' or 'ü' or 'ê') j++;
            else if (ToneMarked.Contains(c)) { toned = true; j++; }
            else break;
        }
        var letters = j - i - 1;
        if (letters is < 1 or > 7) return 0;
        if (j < text.Length && text[j] is >= '1' and <= '5') { toned = true; j++; }
        if (!toned || j >= text.Length || text[j] is not (')' or '）')) return 0;
        return j + 1 - i;
    }
}
