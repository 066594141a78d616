using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Hidden or tiny frames a script makes: <c>document.createElement("iframe")</c> and the properties set on it soon after
/// (src, width/height of 0–2, <c>style.display="none"</c>, <c>visibility:hidden</c>, an off-screen position), or
/// <c>&lt;iframe&gt;</c> markup in the code. The static engine runs no script, so these frames exist only in the code;
/// the browser engine sees them in the page as well (<c>RedirectAnalyzer</c> reports each once). Read from the script and
/// its decoded layers, so a URL built by concatenation or escapes is read too.
/// </summary>
public static partial class ScriptFrames
{
    /// <param name="Hiding">How it is hidden, in words.</param>
    /// <param name="Reasons">The same as the probe's hiding reasons (display-none, visibility-hidden, zero-size, off-screen).</param>
    public sealed record Frame(string Src, string Hiding, IReadOnlyList<string> Reasons, string Code);

    /// <summary>How far past <c>createElement("iframe")</c> the properties set on that frame are looked for.</summary>
    private const int Window = 600;

    public static IEnumerable<Frame> In(string code)
    {
        foreach (Match created in CreateFrame().Matches(code))
        {
            var end = Math.Min(code.Length, created.Index + Window);
            var next = CreateAny().Match(code, created.Index + created.Length, end - created.Index - created.Length);
            if (next.Success) end = next.Index; // the next element's properties are its own
            var body = code[created.Index..end];
            var src = SrcSet().Match(body);
            if (!src.Success) continue;
            var hiding = Hiding(body);
            if (hiding.Count > 0) yield return new Frame(src.Groups["url"].Value, Describe(hiding), hiding, body);
        }
        foreach (Match tag in FrameTag().Matches(code))
        {
            var src = TagSrc().Match(tag.Value);
            if (!src.Success) continue;
            var hiding = Hiding(tag.Value);
            if (hiding.Count > 0) yield return new Frame(src.Groups["url"].Value, Describe(hiding), hiding, tag.Value);
        }
    }

    private static List<string> Hiding(string code)
    {
        var reasons = new List<string>();
        if (DisplayNone().IsMatch(code)) reasons.Add("display-none");
        if (VisibilityHidden().IsMatch(code)) reasons.Add("visibility-hidden");
        if (TinySize().IsMatch(code)) reasons.Add("zero-size");
        if (OffScreen().IsMatch(code)) reasons.Add("off-screen");
        return reasons;
    }

    private static string Describe(List<string> reasons) => "hidden from visitors: " + string.Join(", ", reasons.Select(r => r switch
    {
        "zero-size" => "0–2 px wide or high",
        _ => r,
    }));

    [GeneratedRegex(@"createElement\s*\(\s*\\?['""]i?frame\\?['""]\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateFrame();

    [GeneratedRegex(@"createElement\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CreateAny();

    [GeneratedRegex(@"(?:\.src\s*=\s*|setAttribute\s*\(\s*['""]src['""]\s*,\s*)(['""])(?<url>(?:https?:)?//[^'""\s]+)\1", RegexOptions.IgnoreCase)]
    private static partial Regex SrcSet();

    [GeneratedRegex(@"<iframe\b[^<>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FrameTag();

    [GeneratedRegex(@"\bsrc\s*=\s*\\?['""]?(?<url>(?:https?:)?//[^'""\s>\\]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TagSrc();

    [GeneratedRegex(@"display\s*[:=]\s*\\?['""]?\s*none", RegexOptions.IgnoreCase)]
    private static partial Regex DisplayNone();

    [GeneratedRegex(@"visibility\s*[:=]\s*\\?['""]?\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex VisibilityHidden();

    // width=1, .height = "0", setAttribute("width", "2"), style.width = "1px", width:0 in a style, width="0" in a tag.
    [GeneratedRegex(@"(?<![\w-])(?:width|height)\s*(?:[:=]|['""]\s*,)\s*\\?['""]?\s*[0-2](?:px)?(?![\d.%])", RegexOptions.IgnoreCase)]
    private static partial Regex TinySize();

    [GeneratedRegex(@"(?<![\w-])(?:left|top)\s*[:=]\s*\\?['""]?\s*-\d{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex OffScreen();
}
