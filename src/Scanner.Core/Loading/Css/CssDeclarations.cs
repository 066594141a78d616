using System.Text.RegularExpressions;

namespace Scanner.Core.Loading.Css;

/// <summary>
/// The declarations of a style attribute or of a rule's block that set a property visibility depends on
/// (<see cref="Properties"/>), as the cascade sees them: shorthands expanded into those properties (<c>margin</c>,
/// <c>font</c>, <c>inset</c>, <c>all</c>), values a browser would reject dropped (a unitless <c>left:-9999</c> outside
/// quirks mode, an IE hack such as <c>*display</c> or <c>width:1px\9</c>), and within the block the last declaration
/// of each property kept unless an earlier one is <c>!important</c> and it is not.
/// <para>
/// Our own reader, not AngleSharp.Css: the cascade reads 21 properties, and parsing whole sheets with AngleSharp.Css
/// (every value of every property, thousands of its methods compiled at start) was a fifth of the static scan's time
/// (issue 20, docs/performance.md "Issue 20, tenth pass"). The test <c>CssDeclarationsOracleTests</c> checks that every rule and
/// style attribute of the corpora gives the same values as AngleSharp.Css.
/// </para>
/// </summary>
internal static partial class CssDeclarations
{
    /// <summary>The properties visibility depends on: the only ones read.</summary>
    public static readonly HashSet<string> Properties = new(StringComparer.Ordinal)
    {
        "display", "visibility", "opacity", "position", "left", "top", "margin-left", "margin-top", "text-indent", "font-size",
        "width", "height", "max-width", "max-height", "overflow", "overflow-x", "overflow-y", "clip", "clip-path", "color", "transform",
    };

    public readonly record struct Declaration(string Name, string Value, bool Important);

    /// <summary>The relevant declarations of a style attribute's text.</summary>
    public static List<Declaration> Of(string text) => Of(text, 0, text.Length);

    /// <summary>The relevant declarations of <c>css[start..end]</c> (a block's contents), each property once.</summary>
    public static List<Declaration> Of(string css, int start, int end)
    {
        var kept = new List<Declaration>();
        var i = start;
        while (i < end)
        {
            var stop = CssSyntax.Find(css, i, end, ';', '{');
            if (stop < end && css[stop] == '{')
            {
                // A nested rule (CSS nesting) or a broken declaration: skipped to its block's end, as browsers do.
                i = CssSyntax.BlockEnd(css, stop, end) + 1;
                continue;
            }
            Declare(css, i, stop, kept);
            i = stop + 1;
        }
        return kept;
    }

    private static void Declare(string css, int start, int end, List<Declaration> kept)
    {
        var colon = CssSyntax.Find(css, start, end, ':');
        if (colon == end) return;
        var name = CssSyntax.WithoutComments(css, start, colon).Trim();
        if (!IsPropertyName(name)) return;
        name = name.ToLowerInvariant();
        if (!Properties.Contains(name) && !Shorthands.Contains(name)) return;
        var value = Collapse(CssSyntax.WithoutComments(css, colon + 1, end));
        var important = false;
        if (Important().Match(value) is { Success: true } bang)
        {
            important = true;
            value = value[..bang.Index].TrimEnd();
        }
        if (value.Length == 0) return;
        foreach (var (property, longhand) in Expand(name, value))
            Keep(kept, new Declaration(property, longhand, important));
    }

    /// <summary>A later declaration of a property replaces an earlier one, unless the earlier is !important and it is not.</summary>
    private static void Keep(List<Declaration> kept, Declaration declaration)
    {
        var at = kept.FindIndex(d => d.Name == declaration.Name);
        if (at < 0) kept.Add(declaration);
        else if (declaration.Important || !kept[at].Important) kept[at] = declaration;
    }

    private static readonly HashSet<string> Shorthands = new(StringComparer.Ordinal)
    {
        "margin", "font", "inset", "inset-block", "inset-block-start", "inset-inline", "inset-inline-start", "all",
    };

    /// <summary>The relevant longhands a declaration sets, with their values; none when a browser would reject the value.</summary>
    private static IEnumerable<(string Name, string Value)> Expand(string name, string value)
    {
        if (CssValues.IsGlobalKeyword(value))
        {
            if (name == "all") return Properties.Select(p => (p, value));
            return Longhands(name).Select(p => (p, value));
        }
        if (CssValues.HasVariable(value)) return Longhands(name).Select(p => (p, value)); // resolved only at computed time
        switch (name)
        {
            case "all":
                return [];
            case "margin" or "inset":
                var sides = CssValues.Components(value);
                if (sides.Count is < 1 or > 4 || !sides.All(s => CssValues.IsLengthOrAuto(s))) return [];
                var left = sides[sides.Count == 4 ? 3 : sides.Count >= 2 ? 1 : 0];
                return name == "margin" ? [("margin-top", sides[0]), ("margin-left", left)] : [("top", sides[0]), ("left", left)];
            case "inset-block" or "inset-inline" or "inset-block-start" or "inset-inline-start":
                var parts = CssValues.Components(value);
                if (parts.Count is < 1 or > 2 || (name.EndsWith("-start") && parts.Count != 1) || !parts.All(s => CssValues.IsLengthOrAuto(s))) return [];
                return [(name.StartsWith("inset-block") ? "top" : "left", parts[0])];
            case "font":
                return CssValues.FontSizeOfFont(value) is { } size ? [("font-size", size)] : [];
            default:
                return CssValues.Longhand(name, value) is { } normal ? [(name, normal)] : [];
        }
    }

    private static IEnumerable<string> Longhands(string name) => name switch
    {
        "margin" => ["margin-top", "margin-left"],
        "inset" => ["top", "left"],
        "inset-block" or "inset-block-start" => ["top"],
        "inset-inline" or "inset-inline-start" => ["left"],
        "font" => ["font-size"],
        "all" => Properties,
        _ => [name],
    };

    private static bool IsPropertyName(string name) => PropertyName().IsMatch(name);

    private static string Collapse(string value) =>
        value.AsSpan().IndexOfAny("\t\n\r\f  ") < 0 ? value.Trim() : Whitespace().Replace(value, " ").Trim();

    [GeneratedRegex(@"^-?(?:[_a-zA-Z]|[^\x00-\x7F])[-_a-zA-Z0-9\u0080-\uFFFF]*$")]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"\s{2,}|[\t\n\r\f]")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"!\s*important\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Important();
}
