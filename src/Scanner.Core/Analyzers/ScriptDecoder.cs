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
        if (EscapeRun().IsMatch(s)) parts.AppendLine(EscapeRun().Replace(s, m => Unescape(m.Value)));
        foreach (Match m in PercentRun().Matches(s)) parts.AppendLine(Uri.UnescapeDataString(PercentU().Replace(m.Value, u => ((char)Convert.ToInt32(u.Groups[1].Value, 16)).ToString())));
        foreach (Match m in FromCharCode().Matches(s)) parts.AppendLine(CharCodes(m.Groups[1].Value));
        foreach (Match m in Atob().Matches(s)) if (Base64(m.Groups[2].Value) is { } text) parts.AppendLine(text);
        if (HtmlReferenceRun().IsMatch(s)) parts.AppendLine(System.Net.WebUtility.HtmlDecode(s));
        if (Reverse().IsMatch(s))
            foreach (Match m in StringLiteral().Matches(s))
                if (m.Groups[2].Value.Length >= 12) parts.AppendLine(new string(m.Groups[2].Value.Reverse().ToArray()));
        return parts.ToString();
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

    private static string? Base64(string text)
    {
        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try { return Encoding.Latin1.GetString(Convert.FromBase64String(padded)); }
        catch (FormatException) { return null; }
    }

    // Runs of 4+ escapes; a single "\x41" is not worth a layer.
    [GeneratedRegex(@"(?:\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}){4,}")]
    private static partial Regex EscapeRun();

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

    [GeneratedRegex(@"(['""])((?:\\.|(?!\1)[^\\\r\n])*)\1")]
    internal static partial Regex StringLiteral();
}
