using System.Globalization;
using System.Text;

namespace Scanner.Core.Text;

/// <summary>
/// Finds every keyword in a text after undoing the tricks spam injectors use to dodge filters, and maps each
/// match back to the exact span of the original text.
/// FIRST VERSION: per-keyword search over a normalised copy; to be replaced by a one-pass automaton (issue 7).
/// </summary>
public sealed class KeywordMatcher
{
    private readonly List<(string Normalized, KeywordDefinition Keyword, bool WholeWord)> _keywords = [];
    private readonly List<string> _allowed = [];

    public KeywordMatcher(IEnumerable<KeywordDefinition> keywords, IEnumerable<string>? allowTerms = null)
    {
        foreach (var keyword in keywords)
        {
            var normalized = TextNormalizer.Normalize(keyword.Term).Text;
            if (normalized.Length == 0) continue;
            _keywords.Add((normalized, keyword, keyword.WholeWord ?? IsAlphabetic(normalized)));
        }
        foreach (var allow in allowTerms ?? [])
        {
            var normalized = TextNormalizer.Normalize(allow).Text;
            if (normalized.Length > 0) _allowed.Add(normalized);
        }
    }

    public int Count => _keywords.Count;

    public IReadOnlyList<KeywordMatch> FindAll(string text)
    {
        if (string.IsNullOrEmpty(text) || _keywords.Count == 0) return [];
        var normalized = TextNormalizer.Normalize(text);
        var allowedSpans = FindAllowedSpans(normalized.Text);
        var matches = new List<KeywordMatch>();
        foreach (var (term, keyword, wholeWord) in _keywords)
        {
            for (var at = normalized.Text.IndexOf(term, StringComparison.Ordinal); at >= 0;
                 at = normalized.Text.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                var end = at + term.Length;
                if (wholeWord && !IsWordBoundary(normalized.Text, at, end)) continue;
                if (allowedSpans.Any(a => a.Start <= at && a.End >= end && a.End - a.Start > term.Length)) continue;
                if (keyword.RequiredContext.Count > 0 && !HasContext(normalized.Text, at, end, keyword.RequiredContext)) continue;
                var (origStart, origEnd) = normalized.MapToOriginal(at, end);
                matches.Add(new KeywordMatch(keyword, origStart, origEnd - origStart));
            }
        }
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return matches;
    }

    private List<(int Start, int End)> FindAllowedSpans(string text)
    {
        var spans = new List<(int, int)>();
        foreach (var allow in _allowed)
            for (var at = text.IndexOf(allow, StringComparison.Ordinal); at >= 0; at = text.IndexOf(allow, at + 1, StringComparison.Ordinal))
                spans.Add((at, at + allow.Length));
        return spans;
    }

    private static bool HasContext(string text, int start, int end, IReadOnlyList<string> context)
    {
        const int window = 30;
        var from = Math.Max(0, start - window);
        var to = Math.Min(text.Length, end + window);
        var around = text[from..to];
        return context.Any(c => around.Contains(TextNormalizer.Normalize(c).Text, StringComparison.Ordinal));
    }

    private static bool IsAlphabetic(string term) =>
        term.All(c => c < 0x2E80 && char.IsLetterOrDigit(c));

    private static bool IsWordBoundary(string text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}
