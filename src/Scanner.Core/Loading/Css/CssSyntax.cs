namespace Scanner.Core.Loading.Css;

/// <summary>
/// The few pieces of CSS Syntax Level 3 that finding rule and declaration boundaries needs: comments, strings, escapes
/// and nested blocks, each skipped as one unit so that the braces and semicolons inside them are not the sheet's. Error
/// recovery is the specification's: a block, string or comment left open ends with the text; a string ends at a line
/// break (a "bad string"); a closing bracket that closes nothing is an ordinary character.
/// </summary>
internal static class CssSyntax
{
    /// <summary>
    /// Where the escape, string or comment that starts at <paramref name="i"/> ends (the index of its last character,
    /// at most <paramref name="end"/> - 1); null when none starts there.
    /// </summary>
    public static int? OpaqueEnd(string css, int i, int end) => css[i] switch
    {
        '\\' => Math.Min(i + 1, end - 1),
        '"' or '\'' => StringEnd(css, i, end),
        '/' when i + 1 < end && css[i + 1] == '*' =>
            css.IndexOf("*/", i + 2, end - i - 2, StringComparison.Ordinal) is var close and >= 0 ? close + 1 : end - 1,
        _ => null,
    };

    /// <summary>The index of the quote that closes the string opened at <paramref name="open"/>, or of the last character before a line break or the end.</summary>
    private static int StringEnd(string css, int open, int end)
    {
        var quote = css[open];
        for (var i = open + 1; i < end; i++)
        {
            var c = css[i];
            if (c == '\\') i++;
            else if (c == quote) return Math.Min(i, end - 1);
            else if (c is '\n' or '\r' or '\f') return i - 1;
        }
        return end - 1;
    }

    /// <summary>
    /// The index of the character that closes the block opened at <paramref name="open"/> (<c>{</c>, <c>(</c> or
    /// <c>[</c>), with the blocks nested in it skipped whole; <paramref name="end"/> when the text ends first.
    /// </summary>
    public static int BlockEnd(string css, int open, int end)
    {
        Span<char> closers = stackalloc char[64];
        var depth = 0;
        var overflow = 0; // nesting deeper than the stack holds: counted, matched by kind no more
        for (var i = open; i < end; i++)
        {
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                i = skipped;
                continue;
            }
            var c = css[i];
            if (c is '{' or '(' or '[')
            {
                if (depth < closers.Length) closers[depth++] = Closer(c);
                else overflow++;
            }
            else if (c is '}' or ')' or ']')
            {
                if (overflow > 0) overflow--;
                else if (depth > 0 && closers[depth - 1] == c && --depth == 0) return i;
            }
        }
        return end;
    }

    private static char Closer(char open) => open switch { '{' => '}', '(' => ')', _ => ']' };

    /// <summary>
    /// The index of the first <paramref name="stop"/> or <paramref name="alsoStop"/> character from <paramref name="start"/>
    /// that is outside comments, strings and bracketed blocks; <paramref name="end"/> when there is none.
    /// </summary>
    public static int Find(string css, int start, int end, char stop, char alsoStop = '\0')
    {
        for (var i = start; i < end; i++)
        {
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                i = skipped;
                continue;
            }
            var c = css[i];
            if (c == stop || (alsoStop != '\0' && c == alsoStop)) return i;
            if (c is '(' or '[') i = BlockEnd(css, i, end);
        }
        return end;
    }

    /// <summary>The text with its comments taken out (each leaves a space: a comment separates what is either side of it).</summary>
    public static string WithoutComments(string css, int start, int end)
    {
        var comment = css.IndexOf("/*", start, end - start, StringComparison.Ordinal);
        if (comment < 0) return css[start..end];
        var text = new System.Text.StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            if (OpaqueEnd(css, i, end) is { } skipped)
            {
                if (css[i] == '/') text.Append(' ');
                else text.Append(css, i, skipped + 1 - i);
                i = skipped;
                continue;
            }
            text.Append(css[i]);
        }
        return text.ToString();
    }
}
