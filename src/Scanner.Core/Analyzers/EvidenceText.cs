namespace Scanner.Core.Analyzers;

/// <summary>Cuts a readable window of the page's own text around the matched spans, never altering the characters.</summary>
public static class EvidenceText
{
    public const int MaxLength = 240;
    private const int Margin = 60;

    /// <summary>The longest stretch from the first matched span to the last shown whole; past it, the window around the
    /// first and the window around the last, joined by " … " (a keyword list of 174,000 characters with a term near
    /// each end made a 670 KB evidence line in the reports).</summary>
    public const int MaxSpan = 4 * MaxLength;

    /// <param name="start">Where the first matched span starts.</param>
    /// <param name="end">Where the last matched span ends.</param>
    /// <param name="lastStart">Where the last matched span starts, when it is not the first (for a cut between them).</param>
    public static string Window(string text, int start, int end, int? lastStart = null)
    {
        if (text.Length <= MaxLength) return text;
        if (end - start > MaxSpan && lastStart is { } last && last > start)
        {
            var head = Window(text, start, Math.Min(end, start + MaxLength - Margin));
            var tail = Window(text, last, end);
            return head.TrimEnd('…') + " … " + tail.TrimStart('…');
        }
        var from = Math.Max(0, start - Margin);
        var to = Math.Min(text.Length, Math.Max(end + Margin, from + MaxLength));
        to = Math.Min(to, from + Math.Max(MaxLength, end - from));
        // Never cut a surrogate pair in half.
        if (from > 0 && char.IsLowSurrogate(text[from])) from--;
        if (to < text.Length && char.IsLowSurrogate(text[to])) to++;
        return (from > 0 ? "…" : "") + text[from..to] + (to < text.Length ? "…" : "");
    }
}
