using System.Text;

namespace Scanner.Engine.Reports;

/// <summary>
/// Text from a scanned page (evidence, titles, class names in selectors, URLs, reasons, error messages) made safe
/// to print on a terminal: control characters (ESC sequences, BEL, CR, backspace, C1 controls), bidi overrides
/// and isolates (which reorder what a reader sees) and line/paragraph separators are shown as \uXXXX, not obeyed.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(IsUnsafe)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text) sb.Append(IsUnsafe(c) ? $"\\u{(int)c:x4}" : c);
        return sb.ToString();
    }

    public static bool IsUnsafe(char c) => char.IsControl(c) || c is
        '\u061C' or '\u200E' or '\u200F' // Arabic letter mark, left-to-right and right-to-left marks
        or (>= '\u202A' and <= '\u202E') // bidi embeddings and overrides
        or (>= '\u2066' and <= '\u2069') // bidi isolates
        or '\u2028' or '\u2029';         // line and paragraph separators
}

/// <summary>
/// A machine format (JSON, SARIF, Markdown…) sent to standard output on a terminal: every unsafe character is escaped
/// on its way, but for line feeds and tabs, which lay the text out. Files and pipes get the report unchanged.
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value is '\n' or '\t' || !TerminalText.IsUnsafe(value)) inner.Write(value);
        else inner.Write($"\\u{(int)value:x4}");
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        if (!value.Any(c => c is not ('\n' or '\t') && TerminalText.IsUnsafe(c))) inner.Write(value);
        else foreach (var c in value) Write(c);
    }

    public override void Flush() => inner.Flush();
}
