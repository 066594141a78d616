using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>What emulation adds to a script's analysis: the trace as one more decoded layer, and a reason that says
/// what the script did at run time that its text (and the static decoder's layers) did not show.</summary>
public sealed record RunTimeLayer(string Layer, string Reason, EmulationTrace Trace);

/// <summary>
/// Decides which inline scripts go to <see cref="ScriptEmulator"/> and what of its trace reaches the analyzers.
/// Only scripts that already look obfuscated, or that carry what the static decoder cannot open (code run from a
/// computed string, long opaque literals, dense escapes, per-character decoders), are run: clean pages pay nothing,
/// and legitimate code is not judged by its run-time behaviour. A run that shows nothing new (every host, piece of
/// code and markup it produced was already readable in the text) adds nothing, so the static verdict stands.
/// </summary>
public static partial class RunTimeLayers
{
    private const int MinCodeLength = 40;

    /// <summary>The run-time layer of <paramref name="script"/>, or null when it is not worth running or showed nothing new.</summary>
    public static RunTimeLayer? Of(string script, string readable, bool obfuscated, string pageUrl, EmulationBudget budget)
    {
        if (!WorthRunning(script, obfuscated)) return null;
        var trace = ScriptEmulator.Run(script, pageUrl, budget);
        var news = NewBehaviour(trace, readable).ToList();
        if (news.Count == 0) return null;
        return new RunTimeLayer(trace.AsScript(), "run in the emulator, at run time the script " + string.Join("; ", news), trace);
    }

    /// <summary>Looks obfuscated, or holds what only running it opens.</summary>
    public static bool WorthRunning(string script, bool obfuscated) =>
        script.Length <= ScriptEmulator.MaxScriptLength
        && (obfuscated || ComputedCode().IsMatch(script) || CharacterDecoder().IsMatch(script) || Escapes().Count(script) >= 20
            || ScriptDecoder.LiteralsOfAtLeast(script, 200).Any(IsOpaque));

    /// <summary>A long literal without spaces that is no URL, data URI or path: an encoded payload.</summary>
    private static bool IsOpaque(string literal) =>
        literal.Length >= 200 && !literal.Contains(' ') && !literal.StartsWith("data:", StringComparison.Ordinal)
        && !literal.StartsWith("http", StringComparison.Ordinal) && !literal.StartsWith('/') && !literal.StartsWith('{') && !literal.StartsWith('<');

    /// <summary>What the run showed that the readable text did not: code and markup it built, hosts it named.</summary>
    private static IEnumerable<string> NewBehaviour(EmulationTrace trace, string readable)
    {
        var code = trace.Of("code").Where(e => e.Text.Trim().Length >= MinCodeLength && !IsDataLiteral(e.Text) && IsNew(e.Text, readable)).ToList();
        if (code.Count > 0) yield return $"evaluates code it built ({code.Sum(e => e.Text.Length):N0} characters: \"{Signals.Clip(Flatten(code[0].Text), 80)}\")";
        var markup = trace.Of("markup").Where(e => IsNew(e.Text, readable)).ToList();
        if (markup.Count > 0) yield return $"writes markup it built (\"{Signals.Clip(Flatten(markup[0].Text), 80)}\")";
        var urls = trace.Events.Where(e => Describe(e.Kind) is not null && HostOf(e.Text) is { } host && !readable.Contains(host, StringComparison.OrdinalIgnoreCase))
            .GroupBy(e => e.Kind).Select(g => $"{Describe(g.Key)} {string.Join(", ", g.Select(e => Signals.Clip(Target(e.Text), 100)).Distinct().Take(3))}").ToList();
        foreach (var url in urls) yield return url;
        if (code.Count + markup.Count + urls.Count == 0) yield break;
        var sent = trace.Of("send").Select(e => Signals.Clip(Flatten(e.Text), 80)).FirstOrDefault();
        if (sent is not null) yield return $"sends \"{sent}\"";
        var fields = trace.Of("field").Select(e => e.Text).Distinct().Take(5).ToList();
        if (fields.Count > 0) yield return "looks up " + string.Join(", ", fields.Select(f => Signals.Clip(f, 60)));
    }

    private static string? Describe(string kind) => kind switch
    {
        "script" => "loads a script from",
        "image" => "requests an image from",
        "frame" => "opens a frame on",
        "xhr" or "ajax" or "fetch" => "requests",
        "beacon" => "sends a beacon to",
        "navigate" => "navigates to",
        "open" => "opens a window on",
        "form" => "points a form at",
        "url" => "sets a link or source to",
        _ => null,
    };

    /// <summary>
    /// <c>eval("(" + json + ")")</c> and <c>Function("return " + json)</c>: how old pages parse their own data. Code with
    /// no call in it outside its strings builds no behaviour.
    /// </summary>
    private static bool IsDataLiteral(string code)
    {
        var body = code.Trim().TrimEnd(';').Trim();
        if (body.StartsWith("return", StringComparison.Ordinal)) body = body[6..].Trim();
        body = body.Trim('(', ')', ' ', '\n', '\r', '\t');
        return body.Length > 0 && body[0] is '{' or '[' && !Call().IsMatch(ScriptDecoder.StringLiteral().Replace(body, "\"\""));
    }

    /// <summary>Code or markup whose opening cannot be found in the readable text was built at run time.</summary>
    private static bool IsNew(string produced, string readable)
    {
        var probe = produced.Trim();
        probe = probe.Length > 120 ? probe[..120] : probe;
        return !readable.Contains(probe, StringComparison.Ordinal);
    }

    private static string Target(string text) => text.Split(' ', 2) is [var method, var target] && method.All(char.IsAsciiLetterUpper) ? method + " " + target : text;

    private static string? HostOf(string text)
    {
        var m = Host().Match(text);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static string Flatten(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"(?:https?:|wss?:)?//([a-z0-9][a-z0-9.-]*\.[a-z]{2,})", RegexOptions.IgnoreCase)]
    private static partial Regex Host();

    [GeneratedRegex(@"[A-Za-z_$][\w$]*\s*\(|=>")]
    private static partial Regex Call();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // eval/Function of something other than a plain literal, or reached through a computed name (this["eval"],
    // window['ev'+'al']).
    [GeneratedRegex(@"\[\s*['""](?:eval|Function|constructor)['""]\s*\]|\b(?:window|this|self|top|globalThis)\s*\[\s*['""][^\]]{0,40}?['""]\s*\+[^\]]{0,80}\]\s*\(|\beval\s*\(\s*(?!['""\s)])|\bnew\s+Function\s*\(|\bFunction\s*\(\s*(?!\))")]
    private static partial Regex ComputedCode();

    // A per-character decoder: replace(/./g, fn), fromCharCode of an XOR, or of a computed value next to charCodeAt.
    [GeneratedRegex(@"\.replace\s*\(\s*/\.\+?/g\s*,\s*function|fromCharCode\s*\([^()]*(?:\([^()]*\))?[^()]*\^|fromCharCode\s*\([^)]*[-+^%][^)]*\)[\s\S]{0,200}?charCodeAt|charCodeAt[\s\S]{0,200}?fromCharCode\s*\([^)]*[-+^%]")]
    private static partial Regex CharacterDecoder();

    [GeneratedRegex(@"\\x[0-9A-Fa-f]{2}")]
    private static partial Regex Escapes();
}
