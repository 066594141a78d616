using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Scanner.Core.Model;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Core.Loading;

/// <summary>
/// What the markup alone says about an element's visibility, without a browser: the <c>hidden</c> attribute, inline
/// styles, the simple rules of the page's own <c>&lt;style&gt;</c> blocks (<c>.x{…}</c>, <c>#x{…}</c>; never
/// <c>:hover</c> and the like), and the one-line scripts injectors put after a block
/// (<c>document.getElementById('x').style.display='none'</c>). Reasons carry the browser probe's names, so the
/// analyzers judge both engines alike: off-screen, 1-px boxes, tiny fonts and marquees are hiding on purpose;
/// display:none and visibility:hidden are what menus use too.
/// </summary>
public sealed partial class MarkupVisibility
{
    private readonly Dictionary<IElement, Dictionary<string, string>> _sheetRules = new();
    private readonly HashSet<string> _hiddenByScript;
    private readonly Dictionary<IElement, IReadOnlyList<string>> _ownCache = new();

    public MarkupVisibility(IDocument document)
    {
        foreach (var style in document.QuerySelectorAll("style"))
            foreach (Match rule in SimpleRule().Matches(style.TextContent))
            {
                var declarations = Declarations(rule.Groups["body"].Value);
                if (!declarations.Keys.Any(HidingProperties.Contains)) continue;
                foreach (var selector in rule.Groups["selectors"].Value.Split(','))
                {
                    var s = selector.Trim();
                    if (s.Length == 0 || s.Contains(':') || s.Contains('[')) continue;
                    IEnumerable<IElement> matched;
                    try { matched = document.QuerySelectorAll(s); }
                    catch (DomException) { continue; }
                    foreach (var element in matched)
                    {
                        if (!_sheetRules.TryGetValue(element, out var existing)) _sheetRules[element] = existing = new(StringComparer.OrdinalIgnoreCase);
                        foreach (var (k, v) in declarations) existing[k] = v;
                    }
                }
            }
        _hiddenByScript = HiddenByScript(document.Scripts.Where(s => string.IsNullOrEmpty(s.Source)).Select(s => s.Text));
    }

    private static readonly HashSet<string> HidingProperties =
        new(StringComparer.OrdinalIgnoreCase) { "display", "visibility", "position", "left", "top", "text-indent", "font-size", "width", "height", "opacity", "clip", "margin-left", "margin-top" };

    /// <summary>Every reason the element is hidden: its own, and each hiding ancestor's as <c>hidden-ancestor (… on tag#id)</c>.</summary>
    public Visibility Of(IElement element)
    {
        var reasons = new List<string>();
        for (var e = element; e is not null; e = e.ParentElement)
        {
            var own = OwnReasons(e);
            if (own.Count == 0) continue;
            reasons.Add(e == element ? string.Join(", ", own) : $"hidden-ancestor ({string.Join(", ", own)} on {Describe(e)})");
        }
        return reasons.Count == 0 ? Visibility.Visible : new Visibility(true, reasons);
    }

    /// <summary>The element's own hiding reasons (not its ancestors'): the snapshot's walk composes those.</summary>
    public IReadOnlyList<string> OwnReasons(IElement e)
    {
        if (_ownCache.TryGetValue(e, out var cached)) return cached;
        var style = Declarations(e.GetAttribute("style") ?? "");
        var inline = style.Keys.Any(HidingProperties.Contains);
        if (_sheetRules.TryGetValue(e, out var sheet))
            foreach (var (k, v) in sheet) style.TryAdd(k, v);
        var own = new List<string>();
        if (e.HasAttribute("hidden") || Is(style, "display", "none")) own.Add("display-none");
        if (Is(style, "visibility", "hidden") || Is(style, "visibility", "collapse")) own.Add("visibility-hidden");
        if (style.TryGetValue("opacity", out var opacity) && double.TryParse(opacity, System.Globalization.CultureInfo.InvariantCulture, out var o) && o == 0) own.Add("opacity-zero");
        var positioned = Is(style, "position", "absolute") || Is(style, "position", "fixed") || Is(style, "position", "relative");
        if ((positioned && (Pixels(style, "left") <= -999 || Pixels(style, "top") <= -999)) || Pixels(style, "margin-left") <= -999 || Pixels(style, "margin-top") <= -999)
            own.Add("off-screen");
        if (Pixels(style, "text-indent") <= -999) own.Add("negative-text-indent");
        if (Pixels(style, "font-size") is { } size && size < 1) own.Add("font-size-zero");
        else if (Pixels(style, "font-size") is { } small && small <= 2) own.Add("tiny-font");
        var width = Pixels(style, "width") ?? AttributePixels(e, "width");
        var height = Pixels(style, "height") ?? AttributePixels(e, "height");
        var overflowHidden = style.TryGetValue("overflow", out var overflow) && (overflow.Contains("hidden") || overflow.Contains("clip"));
        if (e.LocalName == "marquee" && (width <= 2 || height <= 2)) own.Add("tiny-marquee");
        else if (overflowHidden && (width <= 2 || height <= 2)) own.Add(width == 0 || height == 0 ? "zero-size" : "tiny-overflow-container");
        if (style.TryGetValue("clip", out var clip) && ZeroClip().IsMatch(clip)) own.Add("clipped");
        if (!string.IsNullOrEmpty(e.Id) && _hiddenByScript.Contains(e.Id)) own.Add("hidden-by-inline-script");
        // Written into the element's own style attribute: how injectors hide a block (menus use class rules).
        if (own.Count > 0 && inline && Declarations(e.GetAttribute("style") ?? "").Count > 0 && OwnFromAttribute(e)) own.Add(InlineStyleReason);
        _ownCache[e] = own;
        return own;
    }

    /// <summary>
    /// Ids that a short top-level inline script hides: <c>document.getElementById('x').style.display='none'</c> (or
    /// visibility hidden, or <c>$('#x').hide()</c>). Scripts with functions or event handlers are menus, not injections.
    /// </summary>
    public static HashSet<string> HiddenByScript(IEnumerable<string> scripts)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in scripts)
        {
            if (text.Length > 600 || FunctionOrHandler().IsMatch(text)) continue;
            foreach (Match m in HideById().Matches(text)) ids.Add(m.Groups["id"].Value);
        }
        return ids;
    }

    /// <summary>Marks a hiding reason that the element's own style attribute gives (not a style block's rule).</summary>
    public const string InlineStyleReason = "inline-style";

    private static bool OwnFromAttribute(IElement e)
    {
        var style = Declarations(e.GetAttribute("style") ?? "");
        return Is(style, "display", "none") || Is(style, "visibility", "hidden") || Pixels(style, "left") <= -999 || Pixels(style, "top") <= -999
            || Pixels(style, "text-indent") <= -999 || Pixels(style, "font-size") <= 2 || Pixels(style, "height") <= 2 || Pixels(style, "width") <= 2
            || Pixels(style, "margin-left") <= -999 || Pixels(style, "margin-top") <= -999;
    }

    /// <summary>How a hiding ancestor is named in a reason: tag#id, or tag.class.</summary>
    public static string Describe(IElement e) =>
        e.LocalName + (string.IsNullOrEmpty(e.Id) ? (e.ClassList.Length > 0 ? "." + e.ClassList[0] : "") : "#" + e.Id);

    private static bool Is(Dictionary<string, string> style, string property, string value) =>
        style.TryGetValue(property, out var v) && v.StartsWith(value, StringComparison.OrdinalIgnoreCase);

    private static double? Pixels(Dictionary<string, string> style, string property) =>
        style.TryGetValue(property, out var v) && Length().Match(v) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static double? AttributePixels(IElement e, string attribute) =>
        e.GetAttribute(attribute) is { } v && Length().Match(v) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static Dictionary<string, string> Declarations(string css)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in css.Split(';'))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) continue;
            var value = part[(colon + 1)..].Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim().ToLowerInvariant();
            map[part[..colon].Trim().ToLowerInvariant()] = value;
        }
        return map;
    }

    [GeneratedRegex(@"^\s*(-?\d+(?:\.\d+)?)\s*(?:px|pt|em|rem)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Length();

    [GeneratedRegex(@"rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)|rect\(\s*1px[\s,]+1px[\s,]+1px[\s,]+1px\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex ZeroClip();

    [GeneratedRegex(@"(?<selectors>[^{}@]+)\{(?<body>[^{}]*)\}")]
    private static partial Regex SimpleRule();

    [GeneratedRegex(@"\bfunction\b|=>|\bon(?:click|mouse\w+|load|ready)\b|addEventListener|setTimeout|setInterval", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionOrHandler();

    [GeneratedRegex(@"getElementById\s*\(\s*['""](?<id>[^'""]+)['""]\s*\)\s*\.\s*style\s*\.\s*(?:display\s*=\s*['""]none|visibility\s*=\s*['""]hidden)|\$\s*\(\s*['""]#(?<id>[\w-]+)['""]\s*\)\s*\.\s*(?:hide\s*\(|css\s*\(\s*['""]display['""]\s*,\s*['""]none)", RegexOptions.IgnoreCase)]
    private static partial Regex HideById();
}
