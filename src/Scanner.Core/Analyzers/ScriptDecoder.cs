using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Peels the common encoding layers off a script's text without running it: <c>\xNN</c>/<c>\uNNNN</c> escapes,
/// <c>%uNNNN</c>/<c>%NN</c> runs (unescape), <c>String.fromCharCode(104,116,…)</c>, <c>atob('…')</c>, HTML character
/// references and strings reversed with <c>.split("").reverse().join("")</c>. A few rounds, each on the previous
/// round's output, so <c>eval(atob(…))</c> inside <c>fromCharCode</c> is opened too. Never throws.
/// Decoding can multiply text (a string array of long strings referenced thousands of times, a packer dictionary):
/// each layer is cut at <see cref="MaxLayerLength"/> characters and a page's scripts share a <see cref="Budget"/> of
/// <see cref="MaxPageLength"/>, so a 200 KB hostile script cannot turn into hundreds of MB of layers.
/// </summary>
public static partial class ScriptDecoder
{
    public const int Rounds = 3;
    private const int MaxLength = 1_000_000;
    /// <summary>The most characters one decoded layer keeps.</summary>
    public const int MaxLayerLength = 1_000_000;
    /// <summary>The most decoded characters all the scripts of one page produce together.</summary>
    public const int MaxPageLength = 4_000_000;
    private const int MaxStringArrays = 16;

    /// <summary>What is left of a page's decoding allowance; one per page, shared by its scripts.</summary>
    public sealed class Budget(int characters = MaxPageLength)
    {
        public int Remaining { get; private set; } = characters;
        internal void Spend(int characters) => Remaining = Math.Max(0, Remaining - characters);
    }

    /// <summary>The decoded layers (not including <paramref name="script"/> itself); empty when nothing was encoded.</summary>
    public static IReadOnlyList<string> Layers(string script) => Decode(script).Layers;

    /// <summary>As <see cref="Layers(string)"/>, drawing on the page's <paramref name="budget"/>.</summary>
    public static IReadOnlyList<string> Layers(string script, Budget budget)
    {
        // A page whose allowance can pay what a fresh one paid gets the same layers: the remembered ones.
        var fresh = Decode(script);
        if (budget.Remaining >= fresh.Needed || budget.Remaining == MaxPageLength)
        {
            budget.Spend(fresh.Spent);
            return fresh.Layers;
        }
        return Decode(script, budget).Layers;
    }

    /// <summary>
    /// The layers of a script decoded with a fresh <see cref="Budget"/>, remembered (<see cref="Decoded"/>): the
    /// analyzers that read scripts (script.*, redirect.*) decode each one, and a site serves the same scripts on every page.
    /// </summary>
    private static Decoding Decode(string script)
    {
        if (Decoded.TryGet(script, out var known)) return known;
        var fresh = Decode(script, new Budget());
        Decoded.Keep(script, fresh, fresh.Spent);
        return fresh;
    }

    /// <summary>The decoded scripts of this process, bounded at 16 M characters (scripts and their layers).</summary>
    private static readonly Text.TextMemo<Decoding> Decoded = new(16_000_000);

    /// <summary>
    /// Decoded layers, the characters they took from the budget, and the least budget that gives the same layers
    /// (<see cref="int.MaxValue"/> when a layer was cut at the budget: then only the same budget does).
    /// </summary>
    private sealed record Decoding(IReadOnlyList<string> Layers, int Spent, int Needed);

    private static Decoding Decode(string script, Budget budget)
    {
        var layers = new List<string>();
        var current = script.Length > MaxLength ? script[..MaxLength] : script;
        int spent = 0, needed = 0;
        var rounds = 0;
        for (; rounds < Rounds && budget.Remaining > 0; rounds++)
        {
            var limit = Math.Min(MaxLayerLength, budget.Remaining);
            var decoded = DecodeOnce(current, limit);
            // A layer shorter than its limit was not cut: any budget above what was spent before it plus its length
            // decodes it the same.
            needed = decoded.Length < limit ? Math.Max(needed, spent + decoded.Length + 1) : int.MaxValue;
            if (decoded.Length == 0 || layers.Contains(decoded) || decoded == current) break;
            budget.Spend(decoded.Length);
            spent += decoded.Length;
            layers.Add(decoded);
            current = decoded;
        }
        // Not a decoding step of its own but the code read so far with its URL variables written in: put first, so the
        // deepest decoded layer stays the last one (the evidence shows it).
        var read = layers.Count == 0 ? script : script + "\n" + string.Join("\n", layers);
        if (read.Length <= MaxInlinedLength)
        {
            var limit = Math.Min(MaxLayerLength, budget.Remaining);
            if (limit <= 0) needed = int.MaxValue;
            else if (InlineUrlVariables(read, limit) is { } inlined)
            {
                needed = inlined.Length < limit ? Math.Max(needed, spent + inlined.Length + 1) : int.MaxValue;
                budget.Spend(inlined.Length);
                spent += inlined.Length;
                layers.Insert(0, inlined);
            }
        }
        // Stopped because the allowance ran out: a larger one would have gone on.
        if (rounds < Rounds && budget.Remaining <= 0) needed = int.MaxValue;
        return new Decoding(layers, spent, needed);
    }

    private static string DecodeOnce(string s, int limit)
    {
        var parts = new CappedText(limit);
        if (Unpack(s, limit) is { } unpacked) parts.AppendLine(unpacked);
        if (ResolveStringArrays(s, limit) is { } resolved) parts.AppendLine(resolved);
        // Runs of escapes, or escapes sprinkled between plain letters (h\x74\x74p) when there are many of them.
        if (EscapeRun().IsMatch(s) || SingleEscape().Count(s) >= 20) parts.AppendLine(CappedReplace(SingleEscape(), s, m => Unescape(m.Value), limit));
        foreach (Match m in PercentRun().Matches(s)) parts.AppendLine(Uri.UnescapeDataString(PercentU().Replace(m.Value, u => ((char)Convert.ToInt32(u.Groups[1].Value, 16)).ToString())));
        foreach (Match m in FromCharCode().Matches(s)) parts.AppendLine(CharCodes(m.Groups[1].Value));
        foreach (Match m in Atob().Matches(s)) if (Base64(m.Groups[2].Value) is { } text) parts.AppendLine(text);
        // atob of a variable or an argument ((function(s){…atob(s)…})("PGRpdi…")): the script's base64 literals that are text.
        if (AtobCall().IsMatch(s))
        {
            var direct = Atob().Matches(s).Select(m => m.Groups[2].Value).ToHashSet(StringComparer.Ordinal); // decoded above
            foreach (Match m in Base64Literal().Matches(s))
                if (!direct.Contains(m.Groups[2].Value) && Base64Text(m.Groups[2].Value) is { } text) parts.AppendLine(text);
        }
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

    /// <summary>A StringBuilder that stops taking text at its limit: a layer never grows past it.</summary>
    private sealed class CappedText(int limit)
    {
        private readonly StringBuilder _text = new();

        public void AppendLine(string value)
        {
            var room = limit - _text.Length;
            if (room <= 0) return;
            _text.Append(value, 0, Math.Min(value.Length, room));
            if (_text.Length < limit) _text.Append('\n');
        }

        public override string ToString() => _text.ToString();
    }

    /// <summary>Regex.Replace that stops building at <paramref name="limit"/> characters (the rest is dropped).</summary>
    private static string CappedReplace(Regex regex, string input, Func<Match, string> evaluator, int limit)
    {
        var output = new StringBuilder();
        var at = 0;
        for (var m = regex.Match(input); m.Success && output.Length < limit; m = m.NextMatch())
        {
            output.Append(input, at, m.Index - at).Append(evaluator(m));
            at = m.Index + m.Length;
        }
        if (output.Length < limit) output.Append(input, at, input.Length - at);
        return output.Length > limit ? output.ToString(0, limit) : output.ToString();
    }

    /// <summary>
    /// Undoes Dean Edwards' p,a,c,k,e,d packer: the payload's words are base-<c>a</c> indexes into the dictionary.
    /// </summary>
    private static string? Unpack(string s, int limit)
    {
        var m = PackerCall().Match(s);
        if (!m.Success) return null;
        var payload = SafeUnescape(m.Groups[2].Value);
        if (!int.TryParse(m.Groups[3].Value, out var radix) || !int.TryParse(m.Groups[4].Value, out var count) || radix is < 2 or > 95 || count > 100_000) return null;
        var words = SafeUnescape(m.Groups[6].Value).Split('|');
        var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(count, words.Length); i++)
            if (words[i].Length > 0) dictionary[Encode(i, radix)] = words[i];
        return CappedReplace(Word(), payload, w => dictionary.GetValueOrDefault(w.Value, w.Value), limit);
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
    private static string? ResolveStringArrays(string s, int limit)
    {
        var resolved = s;
        var any = false;
        // A few arrays are what obfuscators write; thousands would mean a full pass over the script for each.
        foreach (var array in StringArray().Matches(s).Take(MaxStringArrays))
        {
            var name = array.Groups[1].Value;
            var values = StringLiteral().Matches(array.Groups[2].Value).Select(v => SafeUnescape(v.Groups[2].Value)).ToArray();
            if (values.Length < 3) continue;
            any = true;
            string Value(Match use) => int.TryParse(use.Groups[1].Value, out var i) && i < values.Length ? values[i] : use.Value;
            resolved = CappedReplace(new Regex(@"\[\s*" + Regex.Escape(name) + @"\[(\d+)\]\s*\]"), resolved, use =>
                Value(use) is var v && IdentifierLike().IsMatch(v) ? "." + v : "[\"" + v + "\"]", limit);
            resolved = CappedReplace(new Regex(Regex.Escape(name) + @"\[(\d+)\]"), resolved, use => "\"" + Value(use) + "\"", limit);
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

    private const int MaxUrlVariables = 16;
    /// <summary>Injected snippets are small; a library's URL variables are not worth another copy of it.</summary>
    private const int MaxInlinedLength = 64 * 1024;

    /// <summary>
    /// A URL kept in a variable and used elsewhere (<c>var u="http://…"; … location.replace(u)</c>, <c>fetch(u)</c>,
    /// <c>f.src=u</c>): the uses written with the literal, so rules that read a call's literal argument see the URL.
    /// Only variables given a URL literal; the concatenation layer of the round before makes most built URLs one.
    /// </summary>
    private static string? InlineUrlVariables(string s, int limit)
    {
        var resolved = s;
        var any = false;
        foreach (var declared in UrlVariable().Matches(s).Take(MaxUrlVariables))
        {
            var name = Regex.Escape(declared.Groups["name"].Value);
            var literal = declared.Groups["quote"].Value + declared.Groups["url"].Value + declared.Groups["quote"].Value;
            var use = new Regex(@"(?<=[(=,:]\s*)(?<![=!<>]=\s*)" + name + @"(?=\s*[),;}\n])");
            if (!use.IsMatch(resolved)) continue;
            resolved = CappedReplace(use, resolved, _ => literal, limit);
            any = true;
        }
        return any ? resolved : null;
    }

    [GeneratedRegex(@"\b(?:var|let|const)\s+(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?<quote>['""])(?<url>(?:https?:)?//[^'""\s]+)\k<quote>")]
    private static partial Regex UrlVariable();

    /// <summary>A base64 literal that is UTF-8 text (no control characters but line breaks and tabs), or null: not every
    /// long literal of letters is base64, and a layer of binary noise would only cost the matchers time.</summary>
    private static string? Base64Text(string literal)
    {
        if (literal.Length % 4 == 1) return null;
        var padded = literal.PadRight(literal.Length + (4 - literal.Length % 4) % 4, '=');
        try
        {
            var text = StrictUtf8.GetString(Convert.FromBase64String(padded));
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? null : text;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException) { return null; }
    }

    [GeneratedRegex(@"\batob\s*\(|['""]atob['""]")]
    private static partial Regex AtobCall();

    [GeneratedRegex(@"(['""])([A-Za-z0-9+/]{24,}={0,2})\1")]
    private static partial Regex Base64Literal();

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

    /// <summary>
    /// The contents of the string literals of <paramref name="code"/> (group 2 of <see cref="StringLiteral"/>, in order)
    /// that are at least <paramref name="length"/> characters long; the short ones are skipped without a copy.
    /// </summary>
    internal static IEnumerable<string> LiteralsOfAtLeast(string code, int length)
    {
        // The pattern's matches, found by hand: its back-reference keeps the regex engine from searching ahead for the
        // closing quote, and this runs on every script several times (~90 ms over the 73 clean pages; issue 20).
        var found = new List<string>();
        var at = 0;
        while (at < code.Length)
        {
            var open = code.AsSpan(at).IndexOfAny('\'', '"');
            if (open < 0) break;
            open += at;
            var close = ClosingQuote(code, open);
            if (close < 0) { at = open + 1; continue; } // as the regex: no literal starts here, try the next character
            if (close - open - 1 >= length) found.Add(code.Substring(open + 1, close - open - 1));
            at = close + 1;
        }
        return found;
    }

    private static readonly System.Buffers.SearchValues<char> DoubleQuotedStops = System.Buffers.SearchValues.Create("\"\\\n\r");
    private static readonly System.Buffers.SearchValues<char> SingleQuotedStops = System.Buffers.SearchValues.Create("'\\\n\r");

    /// <summary>Where the literal opened at <paramref name="open"/> closes (<see cref="StringLiteral"/>'s rules: an escape
    /// takes any next character but a line break; a bare line break or the end ends it unclosed), or -1.</summary>
    private static int ClosingQuote(string code, int open)
    {
        var quote = code[open];
        var at = open + 1;
        while (at < code.Length)
        {
            var next = code.AsSpan(at).IndexOfAny(quote == '"' ? DoubleQuotedStops : SingleQuotedStops);
            if (next < 0) return -1;
            at += next;
            if (code[at] == quote) return at;
            if (code[at] != '\\' || at + 1 >= code.Length || code[at + 1] == '\n') return -1;
            at += 2;
        }
        return -1;
    }
}
