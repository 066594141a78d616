namespace Scanner.Core.Loading.Css;

/// <summary>
/// The style rules of a sheet's text in source order, as a browser reads them (CSS Syntax Level 3, "consume a list of
/// rules"), with those inside <c>@media</c> for a screen (<see cref="ForScreen"/>) and inside <c>@supports</c>. Other
/// at-rules (<c>@font-face</c>, <c>@keyframes</c>, <c>@page</c>, <c>@import</c>) hold no rule the cascade reads and are
/// skipped. Recovery follows the specification: a rule whose block the text never closes ends with the text, a stray
/// <c>}</c> belongs to the next rule's prelude (whose selector then does not parse, as in a browser), and the HTML
/// comment markers old pages wrap their style blocks in (<c>&lt;!--</c>, <c>--&gt;</c>) are ignored.
/// </summary>
internal static class StyleSheetReader
{
    /// <summary>A style rule: where its prelude (the selector list) and its block's contents lie in the sheet's text.</summary>
    public readonly record struct Rule(int PreludeStart, int PreludeEnd, int BlockStart, int BlockEnd);

    public static List<Rule> Rules(string css)
    {
        var rules = new List<Rule>();
        Read(css, 0, css.Length, rules, topLevel: true);
        return rules;
    }

    private static void Read(string css, int start, int end, List<Rule> rules, bool topLevel)
    {
        var i = start;
        while (i < end)
        {
            if (char.IsWhiteSpace(css[i])) { i++; continue; }
            if (css[i] == '/' && i + 1 < end && css[i + 1] == '*') { i = CssSyntax.OpaqueEnd(css, i, end)!.Value + 1; continue; }
            if (topLevel && At(css, i, end, "<!--")) { i += 4; continue; }
            if (topLevel && At(css, i, end, "-->")) { i += 3; continue; }
            if (css[i] == '@')
            {
                var stop = CssSyntax.Find(css, i, end, ';', '{');
                if (stop == end) return;
                if (css[stop] == ';') { i = stop + 1; continue; }
                var close = CssSyntax.BlockEnd(css, stop, end);
                var name = AtName(css, i + 1, stop);
                var prelude = CssSyntax.WithoutComments(css, i + 1 + name.Length, stop);
                if ((name == "media" && ForScreen(prelude)) || name == "supports") Read(css, stop + 1, close, rules, topLevel: false);
                i = close + 1;
                continue;
            }
            var open = CssSyntax.Find(css, i, end, '{');
            if (open == end) return; // a prelude with no block: nothing
            var blockEnd = CssSyntax.BlockEnd(css, open, end);
            rules.Add(new Rule(i, open, open + 1, blockEnd));
            i = blockEnd + 1;
        }
    }

    private static bool At(string css, int i, int end, string marker) =>
        end - i >= marker.Length && string.CompareOrdinal(css, i, marker, 0, marker.Length) == 0;

    private static string AtName(string css, int start, int end)
    {
        var n = start;
        while (n < end && (char.IsAsciiLetterOrDigit(css[n]) || css[n] is '-' or '_')) n++;
        return css[start..n].ToLowerInvariant();
    }

    /// <summary>Whether a media query list applies to a desktop visitor's screen whatever its size: empty, <c>all</c>, <c>screen</c>, <c>only screen</c>.</summary>
    internal static bool ForScreen(string media) =>
        media.Split(',').Select(m => string.Join(' ', m.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant())
            .Any(m => m is "" or "all" or "screen" or "only screen");
}
