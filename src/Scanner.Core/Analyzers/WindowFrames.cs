using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Frames that fill the window: the page stays at its own address but shows visitors another site — a redirect in
/// all but name, as 2017-era hijacks wrote it (<c>document.writeln("&lt;frameset rows=\"100%,*\"&gt;&lt;frame src=…&gt;")</c>,
/// a served frameset, an <c>&lt;iframe style="position:fixed;width:100%;height:100%"&gt;</c> over the page, or a
/// page-high iframe written for visitors from a search engine). Read from the frames the snapshot holds and from the
/// markup inline scripts write (so the static engine and a browser that was not sent the condition see it too).
/// </summary>
internal static partial class WindowFrames
{
    /// <summary>How far from the window's top-left corner a frame may start and still cover it (a body's default margin is 8 px).</summary>
    private const double Corner = 20;

    /// <summary>A visible frame at least <c>windowFrames.minWidth</c>×<c>minHeight</c> px, from the window's top-left corner.</summary>
    public static bool Fills(PageFrame frame, RuleSet rules) =>
        !frame.Visibility.Hidden && frame.Box.X <= Corner && frame.Box.Y <= Corner
        && frame.Box.Width >= rules.Detectors.Get(WindowFrameSettings.MinWidth)
        && frame.Box.Height >= rules.Detectors.Get(WindowFrameSettings.MinHeight);

    /// <summary>
    /// The frames a script's code writes that fill the window: any <c>&lt;frame src&gt;</c> of a written frameset (a
    /// frameset replaces the page's body), or an iframe written 100 % wide and at least <c>minHeight</c> px or 100 % high.
    /// </summary>
    public static IEnumerable<(string Url, string Markup)> WrittenBy(string code, RuleSet rules)
    {
        if (!WritesMarkup().IsMatch(code)) yield break;
        var text = code.Replace("\\\"", "\"").Replace("\\'", "'").Replace("\\/", "/");
        if (text.Contains("<frameset", StringComparison.OrdinalIgnoreCase))
            foreach (Match m in FrameTag().Matches(text))
                if (Src(m.Value) is { } url) yield return (url, m.Value);
        var minHeight = rules.Detectors.Get(WindowFrameSettings.MinHeight);
        foreach (Match m in IframeTag().Matches(text))
        {
            if (Src(m.Value) is not { } url) continue;
            var width = Dimension(m.Value, "width");
            var height = Dimension(m.Value, "height");
            if (width is "100%" && (height is "100%" || (double.TryParse(height?.TrimEnd('%'), out var px) && height![^1] != '%' && px >= minHeight)))
                yield return (url, m.Value);
        }
    }

    private static string? Src(string tag) => SrcAttribute().Match(tag) is { Success: true } m ? m.Groups["url"].Value : null;

    /// <summary>A width or height from the tag's attribute or its style (<c>width="100%"</c>, <c>style="height:5000px"</c>), without units.</summary>
    private static string? Dimension(string tag, string name)
    {
        var m = Regex.Match(tag, $@"(?:\b{name}\s*=\s*['""]?|[;'""\s]{name}\s*:\s*)(?<v>\d+(?:\.\d+)?%?)", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups["v"].Value : null;
    }

    [GeneratedRegex(@"document\s*\.\s*write(?:ln)?\s*\(|\.innerHTML\s*\+?=|insertAdjacentHTML|\.(?:append|prepend|html|before|after)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex WritesMarkup();

    [GeneratedRegex(@"<frame\b[^>]{0,600}>", RegexOptions.IgnoreCase)]
    private static partial Regex FrameTag();

    [GeneratedRegex(@"<iframe\b[^>]{0,600}>", RegexOptions.IgnoreCase)]
    private static partial Regex IframeTag();

    [GeneratedRegex(@"\bsrc\s*=\s*['""]?(?<url>(?:https?:)?//[^'""\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SrcAttribute();
}
