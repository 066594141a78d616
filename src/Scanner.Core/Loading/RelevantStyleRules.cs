using System.Text;

namespace Scanner.Core.Loading;

/// <summary>
/// A style sheet cut down, before AngleSharp.Css parses it, to the rules <see cref="CssVisibility"/> can keep: style
/// rules that declare a property visibility depends on (or a shorthand of one), at the top or inside <c>@media</c> and
/// <c>@supports</c>. The rest (<c>@font-face</c>, <c>@keyframes</c>, and the style rules of paddings, borders and
/// backgrounds: half of the clean corpus's style text) would be parsed, every value of every declaration, only to be
/// dropped after (issue 20, eighth pass).
/// <para>
/// This finds rule boundaries only (strings, comments, escapes, brackets and nested braces), in source order, and keeps
/// each kept rule's text as it was: AngleSharp.Css still parses everything kept. Where the text is anything it does not
/// follow (a block, string or comment left open, a brace inside brackets, a stray closing brace), the sheet is
/// returned whole, to be parsed as before.
/// </para>
/// </summary>
internal static class RelevantStyleRules
{
    /// <param name="relevant">Whether a property (a lower-case name) is one the cascade reads.</param>
    public static string Of(string css, Func<string, bool> relevant)
    {
        var kept = new StringBuilder(css.Length);
        return Rules(css, 0, css.Length, kept, relevant) ? (kept.Length == css.Length ? css : kept.ToString()) : css;
    }

    /// <summary>Appends the kept rules of <c>css[start..end]</c>; false when the text is not followed.</summary>
    private static bool Rules(string css, int start, int end, StringBuilder kept, Func<string, bool> relevant)
    {
        var i = start;
        while (i < end)
        {
            var ruleStart = i;
            var stop = PreludeEnd(css, i, end);
            if (stop < 0) return false;
            if (stop == end)
            {
                kept.Append(css, ruleStart, end - ruleStart); // white space, comments, or a statement without its ';'
                return true;
            }
            if (css[stop] == ';')
            {
                kept.Append(css, ruleStart, stop + 1 - ruleStart); // @import, @charset: kept as they are
                i = stop + 1;
                continue;
            }
            var close = BlockEnd(css, stop, end);
            if (close < 0) return false;
            var prelude = css.AsSpan(ruleStart, stop - ruleStart).TrimStart();
            // Comments before the prelude are not part of it: skip them to read an at-rule's name.
            while (prelude.StartsWith("/*") && prelude.IndexOf("*/") is var c and >= 0) prelude = prelude[(c + 2)..].TrimStart();
            if (prelude.StartsWith("@"))
            {
                if (AtName(prelude) is "media" or "supports")
                {
                    kept.Append(css, ruleStart, stop + 1 - ruleStart);
                    if (!Rules(css, stop + 1, close, kept, relevant)) return false;
                    kept.Append('}');
                }
                // Other at-rules' blocks (@font-face, @keyframes, @page, @layer) hold no rule the cascade reads.
            }
            else if (Declares(css, stop + 1, close, relevant))
                kept.Append(css, ruleStart, close + 1 - ruleStart);
            i = close + 1;
        }
        return true;
    }

    private static string AtName(ReadOnlySpan<char> prelude)
    {
        var n = 1;
        while (n < prelude.Length && (char.IsAsciiLetterOrDigit(prelude[n]) || prelude[n] == '-')) n++;
        return prelude[1..n].ToString().ToLowerInvariant();
    }

    /// <summary>
    /// Whether the declarations in <c>css[start..end]</c> name a relevant property; true too for whatever this does
    /// not read plainly (a nested rule, an escaped name), so that such a rule is kept.
    /// </summary>
    private static bool Declares(string css, int start, int end, Func<string, bool> relevant)
    {
        var nameStart = start;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            if (css[i] is '{' or '\\') return true;
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                if (skipped < 0) return true;
                i = skipped;
                continue;
            }
            switch (css[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case ':' when depth == 0 && nameStart >= 0:
                    if (relevant(WithoutComments(css, nameStart, i).Trim().ToLowerInvariant())) return true;
                    nameStart = -1;
                    break;
                case ';' when depth == 0:
                    nameStart = i + 1;
                    break;
            }
        }
        return false;
    }

    private static string WithoutComments(string css, int start, int end)
    {
        var text = css[start..end];
        while (text.IndexOf("/*", StringComparison.Ordinal) is var open and >= 0)
        {
            var close = text.IndexOf("*/", open + 2, StringComparison.Ordinal);
            text = close < 0 ? text[..open] : text[..open] + text[(close + 2)..];
        }
        return text;
    }

    /// <summary>The index of the <c>{</c> or <c>;</c> that ends the prelude from <paramref name="start"/>; <paramref name="end"/> when none does; -1 when not followed.</summary>
    private static int PreludeEnd(string css, int start, int end)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                if (skipped < 0) return -1;
                i = skipped;
                continue;
            }
            switch (css[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    if (--depth < 0) return -1;
                    break;
                case '{':
                    return depth == 0 ? i : -1;
                case '}':
                    return -1;
                case ';' when depth == 0:
                    return i;
            }
        }
        return depth == 0 ? end : -1;
    }

    /// <summary>The index of the <c>}</c> that closes the block opened at <paramref name="open"/>; -1 when not followed.</summary>
    private static int BlockEnd(string css, int open, int end)
    {
        var depth = 0;
        for (var i = open; i < end; i++)
        {
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                if (skipped < 0) return -1;
                i = skipped;
                continue;
            }
            switch (css[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0) return i;
                    break;
            }
        }
        return -1;
    }

    /// <summary>
    /// Where the escape, string or comment that starts at <paramref name="i"/> ends (the index of its last character);
    /// -1 when it runs off the text; null when none starts there. Braces and semicolons inside one are not the sheet's.
    /// </summary>
    private static int? OpaqueEnd(string css, int i, int end) => css[i] switch
    {
        '\\' => i + 1 < end ? i + 1 : -1,
        '"' or '\'' => StringEnd(css, i, end),
        '/' when i + 1 < end && css[i + 1] == '*' =>
            css.IndexOf("*/", i + 2, end - i - 2, StringComparison.Ordinal) is var close and >= 0 ? close + 1 : -1,
        _ => null,
    };

    /// <summary>The index of the quote that closes the string opened at <paramref name="open"/>; -1 when it runs to a line end or the end.</summary>
    private static int StringEnd(string css, int open, int end)
    {
        var quote = css[open];
        for (var i = open + 1; i < end; i++)
        {
            var c = css[i];
            if (c == '\\') i++;
            else if (c == quote) return i;
            else if (c is '\n' or '\r' or '\f') return -1; // a bad string: CSS recovers its own way
        }
        return -1;
    }
}
