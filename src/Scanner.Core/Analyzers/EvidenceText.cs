namespace Scanner.Core.Analyzers;

/// <summary>Cuts a readable window of the page's own text around the matched spans, never altering the characters.</summary>
public static class EvidenceText
{
    public const int MaxLength = 240;
    private const int Margin = 60;

    public static string Window(string text, int start, int end)
    {
        if (text.Length <= MaxLength) return text;
        var from = Math.Max(0, start - Margin);
        var to = Math.Min(text.Length, Math.Max(end + Margin, from + MaxLength));
        to = Math.Min(to, from + Math.Max(MaxLength, end - from));
        // Never cut a surrogate pair in half.
        if (from > 0 && char.IsLowSurrogate(text[from])) from--;
        if (to < text.Length && char.IsLowSurrogate(text[to])) to++;
        return (from > 0 ? "…" : "") + text[from..to] + (to < text.Length ? "…" : "");
    }
}
