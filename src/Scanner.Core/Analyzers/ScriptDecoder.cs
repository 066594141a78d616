using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Peels the common encoding layers off a script's text without running it: <c>\xNN</c>/<c>\uNNNN</c> escapes,
/// <c>%uNNNN</c>/<c>%NN</c> runs (unescape), <c>String.fromCharCode(104,116,…)</c>, <c>atob('…')</c>, HTML character
/// references and strings reversed with <c>.split("").reverse().join("")</c>. A few rounds, each on the previous
/// round's output, so <c>eval(atob(…))</c> inside <c>fromCharCode</c> is opened too. Never throws.
/// </summary>
public static partial class ScriptDecoder
{
    public const int Rounds = 3;
    private const int MaxLength = 1_000_000;

    /// <summary>The decoded layers (not including <paramref name="script"/> itself); empty when nothing was encoded.</summary>
    public static IReadOnlyList<string> Layers(string script)
    {
        var layers = new List<string>();
        var current = script.Length > MaxLength ? script[..MaxLength] : script;
        for (var round = 0; round < Rounds; round++)
        {
            var decoded = DecodeOnce(current);
            if (decoded.Length == 0 || layers.Contains(decoded) || decoded == current) break;
            layers.Add(decoded);
            current = decoded;
        }
        return layers;
    }

    private static string DecodeOnce(string s)
    {
        var parts = new StringBuilder();
        if (Unpack(s) is { } unpacked) parts.AppendLine(unpacked);
        if (ResolveStringArrays(s) is { } resolved) parts.AppendLine(resolved);
        // Runs of escapes, or escapes sprinkled between plain letters (h\x74\x74p) when there are many of them.
        if (EscapeRun().IsMatch(s) || SingleEscape().Count(s) >= 20) parts.AppendLine(SingleEscape().Replace(s, m => Unescape(m.Value)));
        foreach (Match m in PercentRun().Matches(s)) parts.AppendLine(Uri.UnescapeDataString(PercentU().Replace(m.Value, u => ((char)Convert.ToInt32(u.Groups[1].Value, 16)).ToString())));
        foreach (Match m in FromCharCode().Matches(s)) parts.AppendLine(CharCodes(m.Groups[1].Value));
        foreach (Match m in Atob().Matches(s)) if (Base64(m.Groups[2].Value) is { } text) parts.AppendLine(text);
        if (Concatenation().IsMatch(s)) parts.AppendLine(Concatenation().Replace(s, ""));
        if (ShiftLoop().IsMatch(s))
            foreach (Match m in StringLiteral().Matches(s))
                if (m.Groups[2].Value.Length >= 24 && Unshift(m.Groups[2].Value) is { } unshifted) parts.AppendLine(unshifted);
        if (HtmlReferenceRun().IsMatch(s)) parts.AppendLine(System.Net.WebUtility.HtmlDecode(s));
        if (Reverse().IsMatch(s))
            foreach (Match m in StringLiteral().Matches(s))
                if (m.Groups[2].Value.Length >= 12) parts.AppendLine(new string(m.Groups[2].Value.Reverse().ToArray()));
        return parts.ToString();
    }

    /// <summary>
    /// Undoes Dean Edwards' p,a,c,k,e,d packer: the payload's words are base-<c>a</c> indexes into the dictionary.
    /// </summary>
    private static string? Unpack(string s)
    {
        var m = PackerCall().Match(s);
        if (!m.Success) return null;
        var payload = SafeUnescape(m.Groups[2].Value);
        if (!int.TryParse(m.Groups[3].Value, out var radix) || !int.TryParse(m.Groups[4].Value, out var count) || radix is < 2 or > 95 || count > 100_000) return null;
        var words = SafeUnescape(m.Groups[6].Value).Split('|');
        var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(count, words.Length); i++)
            if (words[i].Length > 0) dictionary[Encode(i, radix)] = words[i];
        return Word().Replace(payload, w => dictionary.GetValueOrDefault(w.Value, w.Value));
    }

    /// <summary>A string shifted by a small constant (charCodeAt(i) - 1 …) that turns into markup or a URL when shifted back.</summary>
    private static string? Unshift(string literal)
    {
        for (var shift = -3; shift <= 3; shift++)
        {
            if (shift == 0) continue;
            var chars = literal.Select(c => (char)(c + shift)).ToArray();
            var candidate = new string(chars);
            if (candidate.Contains("<script", StringComparison.OrdinalIgnoreCase) || candidate.Contains("http", StringComparison.OrdinalIgnoreCase)
                || candidate.Contains("<a ", StringComparison.OrdinalIgnoreCase)) return candidate;
        }
        return null;
    }

    private static string SafeUnescape(string literal)
    {
        try { return Regex.Unescape(literal); }
        catch (ArgumentException) { return literal.Replace("\\'", "'").Replace("\\\"", "\""); }
    }

    private static string Encode(int c, int a)
    {
        var rest = c < a ? "" : Encode(c / a, a);
        c %= a;
        return rest + (c > 35 ? ((char)(c + 29)).ToString() : Base36(c));
    }

    private static string Base36(int c) => c < 10 ? ((char)('0' + c)).ToString() : ((char)('a' + c - 10)).ToString();

    /// <summary>
    /// Obfuscators move every string into one array and write <c>_0xabc[12]</c> for each use. Puts the strings back:
    /// <c>x[_0xabc[5]](</c> becomes <c>x.ajax(</c> and other uses become the quoted string.
    /// </summary>
    private static string? ResolveStringArrays(string s)
    {
        var resolved = s;
        var any = false;
        foreach (Match array in StringArray().Matches(s))
        {
            var name = array.Groups[1].Value;
            var values = StringLiteral().Matches(array.Groups[2].Value).Select(v => SafeUnescape(v.Groups[2].Value)).ToArray();
            if (values.Length < 3) continue;
            any = true;
            string Value(Match use) => int.TryParse(use.Groups[1].Value, out var i) && i < values.Length ? values[i] : use.Value;
            resolved = Regex.Replace(resolved, @"\[\s*" + Regex.Escape(name) + @"\[(\d+)\]\s*\]", use =>
                Value(use) is var v && IdentifierLike().IsMatch(v) ? "." + v : "[\"" + v + "\"]");
            resolved = Regex.Replace(resolved, Regex.Escape(name) + @"\[(\d+)\]", use => "\"" + Value(use) + "\"");
        }
        return any ? resolved : null;
    }

    private static string Unescape(string run)
    {
        var sb = new StringBuilder(run.Length / 3);
        for (var i = 0; i < run.Length;)
        {
            if (run[i + 1] == 'x') { sb.Append((char)Convert.ToInt32(run.Substring(i + 2, 2), 16)); i += 4; }
            else { sb.Append((char)Convert.ToInt32(run.Substring(i + 2, 4), 16)); i += 6; }
        }
        return sb.ToString();
    }

    private static string CharCodes(string list)
    {
        var sb = new StringBuilder();
        foreach (var n in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(n, out var code) && code is > 0 and < 0x10000) sb.Append((char)code);
        return sb.ToString();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static string? Base64(string text)
    {
        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        byte[] bytes;
        try { bytes = Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }

    // Runs of 4+ escapes; a single "\x41" is not worth a layer.
    [GeneratedRegex(@"(?:\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}){4,}")]
    private static partial Regex EscapeRun();

    [GeneratedRegex(@"\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}")]
    private static partial Regex SingleEscape();

    [GeneratedRegex(@"(?:%u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}){6,}")]
    private static partial Regex PercentRun();

    [GeneratedRegex(@"%u([0-9A-Fa-f]{4})")]
    private static partial Regex PercentU();

    [GeneratedRegex(@"fromCharCode['""\]]*\s*\(\s*((?:\d{1,5}\s*,\s*){3,}\d{1,5})\s*\)")]
    private static partial Regex FromCharCode();

    [GeneratedRegex(@"atob['""\]]*\s*\(\s*(['""])([A-Za-z0-9+/=\s]{16,})\1")]
    private static partial Regex Atob();

    [GeneratedRegex(@"(?:&#x?[0-9A-Fa-f]{2,5};){6,}")]
    private static partial Regex HtmlReferenceRun();

    [GeneratedRegex(@"\.reverse\s*\(\s*\)\s*\.join\s*\(")]
    private static partial Regex Reverse();

    [GeneratedRegex(@"\}\s*\(\s*(['""])((?:\\.|(?!\1)[^\\])*)\1\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(['""])((?:\\.|(?!\5)[^\\])*)\5\s*\.\s*split\s*\(\s*['""]\|['""]\s*\)")]
    private static partial Regex PackerCall();

    [GeneratedRegex(@"(['""])\s*\+\s*\1")]
    private static partial Regex Concatenation();

    [GeneratedRegex(@"fromCharCode\s*\([^()]*charCodeAt\s*\([^()]*\)\s*[-+^]", RegexOptions.IgnoreCase)]
    private static partial Regex ShiftLoop();

    [GeneratedRegex(@"\b\w+\b")]
    private static partial Regex Word();

    [GeneratedRegex(@"\bvar\s+([A-Za-z_$][\w$]*)\s*=\s*\[((?:\s*(?:""(?:\\.|[^""\\])*""|'(?:\\.|[^'\\])*')\s*,?)+)\]")]
    private static partial Regex StringArray();

    [GeneratedRegex(@"^[A-Za-z_$][\w$]*$")]
    private static partial Regex IdentifierLike();

    [GeneratedRegex(@"(['""])((?:\\.|(?!\1)[^\\\r\n])*)\1")]
    internal static partial Regex StringLiteral();
}
