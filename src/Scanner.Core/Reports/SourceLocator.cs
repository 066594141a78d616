using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;
using Scanner.Core.Model;

namespace Scanner.Core.Reports;

/// <summary>
/// Gives findings their line and column (1-based, UTF-16 code units) in the HTML as the server sent it. The served
/// HTML is parsed once per page, keeping source positions; a finding's selector is resolved in it and, when the
/// finding's evidence occurs inside that element's source, the position is the evidence's own, else the element's
/// start tag. An element the served HTML does not have (a script added it in the browser) leaves the finding
/// without a position: unknown, not guessed. Analyzers stay pure; this runs after them, only on pages with findings.
/// </summary>
public static class SourceLocator
{
    /// <summary>Enough of the evidence to find it again without tripping over where the evidence window was cut.</summary>
    private const int AnchorLength = 40;

    public static IReadOnlyList<Finding> Locate(string servedHtml, IReadOnlyList<Finding> findings,
        IReadOnlyDictionary<string, SourceSpan>? spans = null)
    {
        if (findings.Count == 0 || string.IsNullOrEmpty(servedHtml) || findings.All(f => f.Selector is null)) return findings;
        // The static engine knows its elements' spans from its own parse; anything else is parsed here, once, keeping
        // source positions. Markup that cannot be parsed within the budget (a hostile nesting) leaves those findings without positions.
        IDocument? document = null;
        var parsed = false;
        try
        {
            var lines = new LineIndex(servedHtml);
            var located = new Finding[findings.Count];
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                SourceSpan? span = null;
                if (f.Selector is { } selector)
                {
                    if (spans is not null && spans.TryGetValue(selector, out var known)) span = known;
                    else
                    {
                        if (!parsed) { document = BoundedHtmlParse.TryParse(servedHtml, new HtmlParserOptions { IsKeepingSourceReferences = true }); parsed = true; }
                        span = document is null ? null : SpanOf(document, selector, servedHtml);
                    }
                }
                located[i] = span is { } s && (EvidenceIndex(servedHtml, s.Start, s.End, f.Evidence) ?? s.Start) is var index
                    ? f with { Line = lines.LineOf(index), Column = lines.ColumnOf(index) }
                    : f with { Line = null, Column = null };
            }
            return located;
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>The source span of the element <paramref name="selector"/> names, or null when it cannot be known.</summary>
    private static SourceSpan? SpanOf(IDocument document, string selector, string source)
    {
        IElement? element;
        try
        {
            element = document.QuerySelector(selector);
        }
        catch (DomException)
        {
            return null; // a selector AngleSharp does not understand: no position rather than a wrong one
        }
        return element is null ? null : SpanOf(element, source);
    }

    /// <summary>
    /// Where <paramref name="element"/>'s source starts and ends at the latest in <paramref name="source"/> (a document
    /// parsed keeping source references); null for an element the parser made up (implied html, tbody…).
    /// </summary>
    public static SourceSpan? SpanOf(IElement element, string source) =>
        StartOf(element, source) is { } start ? new SourceSpan(start, EndOf(element, start, source)) : null;

    /// <summary>Where the element's start tag begins; null for an element the parser made up (implied html, tbody…).</summary>
    internal static int? StartOf(IElement element, string source)
    {
        if (element.SourceReference is not { } reference || source.Length == 0) return null;
        var index = reference.Position.Index;
        if (index < 0 || index > source.Length) return null;
        // The recorded index may sit on the '<' or just after it; accept only a real start tag of this element.
        for (var i = Math.Min(index, source.Length - 1); i >= 0 && i >= index - 2; i--)
            if (source[i] == '<' && string.Compare(source, i + 1, element.LocalName, 0, element.LocalName.Length, StringComparison.OrdinalIgnoreCase) == 0)
                return i;
        return null;
    }

    /// <summary>
    /// Where the element's source ends at the latest: the start of the next element that is not inside it and comes
    /// after it in the source. Tree order is not source order: the parser moves misplaced content (a &lt;p&gt; written
    /// inside a &lt;table&gt; is put before the table, "foster parenting"), so a following element may start earlier.
    /// </summary>
    private static int EndOf(IElement element, int start, string source)
    {
        for (var e = element; e is not null; e = e.ParentElement)
            for (var next = e.NextElementSibling; next is not null; next = next.NextElementSibling)
                if (StartOf(next, source) is { } nextStart && nextStart > start) return nextStart;
        return source.Length;
    }

    /// <summary>The index of the evidence inside source[start..end], matched on decoded text (entities, tags, runs of space).</summary>
    private static int? EvidenceIndex(string source, int start, int end, string evidence)
    {
        if (start < 0 || end > source.Length || end <= start) return null;
        var text = SourceText.Decode(source, start, end);
        foreach (var anchor in Anchors(evidence))
        {
            var at = text.Text.IndexOf(anchor, StringComparison.Ordinal);
            if (at >= 0) return text.SourceIndex[at];
            // Not in the text: an attribute value (a link's href) or script source as written.
            var raw = source.IndexOf(anchor, start, end - start, StringComparison.Ordinal);
            if (raw >= 0) return raw;
        }
        return null;
    }

    /// <summary>
    /// Pieces of the evidence to look for: its start (without the "…" of a cut window), and for a link's
    /// "text → href" each side.
    /// </summary>
    private static IEnumerable<string> Anchors(string evidence)
    {
        foreach (var part in evidence.Split(" → ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var anchor = SourceText.Collapse(part.Trim('…')).Trim();
            if (anchor.Length == 0) continue;
            if (anchor.Length > AnchorLength)
                anchor = anchor[..(char.IsHighSurrogate(anchor[AnchorLength - 1]) ? AnchorLength - 1 : AnchorLength)];
            yield return anchor;
        }
    }
}
