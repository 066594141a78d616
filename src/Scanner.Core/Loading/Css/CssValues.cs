using System.Globalization;
using System.Text.RegularExpressions;

namespace Scanner.Core.Loading.Css;

/// <summary>
/// Which values a browser accepts for the properties visibility depends on, and the form the cascade reads them in
/// (lower case; colours as <c>rgba(r, g, b, a)</c> when their alpha is written, see <see cref="CssColor"/>). A value
/// rejected here is dropped, so that it does not override an earlier valid declaration, as in a browser.
/// </summary>
internal static partial class CssValues
{
    public static bool IsGlobalKeyword(string value) =>
        value.ToLowerInvariant() is "inherit" or "initial" or "unset" or "revert" or "revert-layer";

    /// <summary>A value with <c>var()</c> is only known once custom properties are computed: a browser accepts it as written.</summary>
    public static bool HasVariable(string value) => value.Contains("var(", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of one relevant longhand as the cascade reads it; null when a browser would reject it.</summary>
    public static string? Longhand(string name, string value)
    {
        var lower = value.ToLowerInvariant();
        switch (name)
        {
            case "display":
                return IsDisplay(lower) ? lower : null;
            case "visibility":
                return lower is "visible" or "hidden" or "collapse" ? lower : null;
            case "position":
                return lower is "static" or "relative" or "absolute" or "fixed" or "sticky" or "-webkit-sticky" ? lower : null;
            case "overflow" or "overflow-x" or "overflow-y":
                var boxes = lower.Split(' ');
                return boxes.Length <= (name == "overflow" ? 2 : 1) && boxes.All(Overflow.Contains) ? lower : null;
            case "opacity":
                return Opacity(lower);
            case "left" or "top" or "margin-left" or "margin-top":
                return IsLengthOrAuto(lower) ? lower : null;
            case "width" or "height" or "max-width" or "max-height":
                return IsLengthOrAuto(lower) || lower is "none" or "min-content" or "max-content" or "fit-content" or "stretch" ? lower : null;
            case "text-indent":
                var parts = Components(lower);
                return parts.Count(IsLength) == 1 && parts.All(p => IsLength(p) || p is "hanging" or "each-line") ? lower : null;
            case "font-size":
                return IsFontSize(lower) ? lower : null;
            case "color":
                return CssColor.Normalize(lower);
            case "clip":
                return lower == "auto" || (lower.StartsWith("rect(") && lower.EndsWith(')')) ? lower : null;
            default: // clip-path, transform: read by their functions where they are used
                return lower;
        }
    }

    private static readonly HashSet<string> Overflow = new(StringComparer.Ordinal) { "visible", "hidden", "clip", "scroll", "auto", "overlay" };

    /// <summary>The display types a value may combine (<c>inline flex</c>); the others stand alone.</summary>
    private static readonly HashSet<string> DisplayParts = new(StringComparer.Ordinal)
    {
        "block", "inline", "run-in", "flow", "flow-root", "table", "flex", "grid", "ruby", "list-item",
    };

    private static readonly HashSet<string> DisplayAlone = new(StringComparer.Ordinal)
    {
        "none", "contents", "inline-block", "inline-flex", "inline-grid", "inline-table", "table-row-group", "table-header-group",
        "table-footer-group", "table-row", "table-cell", "table-column-group", "table-column", "table-caption", "ruby-base",
        "ruby-text", "ruby-base-container", "ruby-text-container", "math",
    };

    /// <summary>A display value (CSS Display Level 3). Vendor values (<c>-webkit-box</c>, <c>-moz-inline-stack</c>) are not
    /// read: they never hide, and AngleSharp.Css, whose reading this keeps, dropped them too.</summary>
    private static bool IsDisplay(string value)
    {
        if (DisplayAlone.Contains(value) || DisplayParts.Contains(value)) return true;
        var parts = value.Split(' ');
        return parts.Length is 2 or 3 && parts.All(DisplayParts.Contains) && parts.Distinct().Count() == parts.Length;
    }

    /// <summary>
    /// The font size a <c>font</c> shorthand sets: its style, variant, weight and stretch words first, then the size (with
    /// an optional <c>/line-height</c>), then at least one family. Null when it is not such a value. A system font
    /// (<c>caption</c>, <c>menu</c>…) has the system's size, a readable one: <c>medium</c>.
    /// </summary>
    public static string? FontSizeOfFont(string value)
    {
        var words = Components(value.ToLowerInvariant());
        if (words is ["caption" or "icon" or "menu" or "message-box" or "small-caption" or "status-bar"]) return "medium"; // the system's size: a readable one
        var i = 0;
        while (i < words.Count && IsFontPrefix(words[i])) i++;
        if (i >= words.Count) return null;
        var word = words[i];
        var slash = word.IndexOf('/');
        var size = slash >= 0 ? word[..slash] : word;
        if (!IsFontSize(size)) return null;
        i++;
        if (slash < 0 && i < words.Count && words[i].StartsWith('/')) i += words[i] == "/" ? 2 : 1; // "12px / 1.5", "12px /1.5"
        return i < words.Count && IsFamilyList(string.Join(' ', words.Skip(i))) ? size : null;
    }

    /// <summary>Font families separated by commas, each a quoted name or one or more words (<c>"A" "B"</c> is not a list).</summary>
    private static bool IsFamilyList(string families)
    {
        foreach (var family in Split(families, ','))
        {
            var name = family.Trim();
            if (name.Length == 0) return false;
            if (name[0] is '"' or '\'' ? CssSyntax.OpaqueEnd(name, 0, name.Length) != name.Length - 1 || name.Length < 2 : !FamilyWords().IsMatch(name))
                return false;
        }
        return true;
    }

    /// <summary>The parts of a value between top-level <paramref name="separator"/>s (not inside strings or brackets).</summary>
    private static List<string> Split(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        while (true)
        {
            var at = CssSyntax.Find(value, start, value.Length, separator);
            parts.Add(value[start..at]);
            if (at == value.Length) return parts;
            start = at + 1;
        }
    }

    private static bool IsFontPrefix(string word) =>
        word is "normal" or "italic" or "oblique" or "small-caps" or "bold" or "bolder" or "lighter"
            or "ultra-condensed" or "extra-condensed" or "condensed" or "semi-condensed" or "semi-expanded" or "expanded"
            or "extra-expanded" or "ultra-expanded"
        || (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight is >= 1 and <= 1000);

    private static bool IsFontSize(string value) =>
        IsLength(value)
        || value is "xx-small" or "x-small" or "small" or "medium" or "large" or "x-large" or "xx-large" or "xxx-large"
            or "smaller" or "larger" or "math";

    public static bool IsLengthOrAuto(string value) => value.Equals("auto", StringComparison.OrdinalIgnoreCase) || IsLength(value);

    /// <summary>A length or percentage (a unitless one only when zero: quirks mode's are made pixels before), or a math function.</summary>
    public static bool IsLength(string value)
    {
        var m = Length().Match(value);
        if (m.Success)
            return m.Groups["unit"].Length > 0 ? Units.Contains(m.Groups["unit"].Value) : double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) == 0;
        return MathFunction().IsMatch(value);
    }

    private static readonly HashSet<string> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        "%", "px", "em", "rem", "ex", "rex", "ch", "rch", "cap", "rcap", "ic", "ric", "lh", "rlh", "pt", "pc", "in", "cm", "mm", "q",
        "vw", "vh", "vi", "vb", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh", "cqw", "cqh", "cqi", "cqb", "cqmin", "cqmax",
    };

    private static string? Opacity(string value)
    {
        var m = Length().Match(value);
        if (!m.Success) return null;
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["unit"].Value switch
        {
            "" => value,
            "%" => (n / 100).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>The space-separated parts of a value, brackets and strings kept whole (<c>rect(0 0 0 0)</c> is one part).</summary>
    public static List<string> Components(string value)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                if (start >= 0) parts.Add(value[start..i]);
                start = -1;
                continue;
            }
            if (start < 0) start = i;
            if (CssSyntax.OpaqueEnd(value, i, value.Length) is { } skipped) i = skipped;
            else if (value[i] is '(' or '[') i = Math.Min(CssSyntax.BlockEnd(value, i, value.Length), value.Length - 1);
        }
        if (start >= 0) parts.Add(value[start..]);
        return parts;
    }

    [GeneratedRegex(@"^(?<n>[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(?<unit>%|[a-z]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Length();

    [GeneratedRegex(@"^(?:-webkit-|-moz-)?(?:calc|min|max|clamp|env)\(.*\)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex MathFunction();

    /// <summary>Words of a family name: identifiers, escapes allowed (<c>\5b8b\4f53</c> is 宋体 on many Chinese pages).</summary>
    [GeneratedRegex(@"^-?(?:[_a-z\u0080-\uFFFF]|\\[0-9a-f]{1,6} ?|\\[^0-9a-f\n])(?:[-_a-z0-9\u0080-\uFFFF]|\\[0-9a-f]{1,6} ?|\\[^0-9a-f\n])*(?: -?(?:[_a-z\u0080-\uFFFF]|\\[0-9a-f]{1,6} ?|\\[^0-9a-f\n])(?:[-_a-z0-9\u0080-\uFFFF]|\\[0-9a-f]{1,6} ?|\\[^0-9a-f\n])*)*$", RegexOptions.IgnoreCase)]
    private static partial Regex FamilyWords();
}
