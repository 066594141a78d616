using AngleSharp.Dom;
using Scanner.Core.Loading;

namespace Scanner.Core.Reports;

/// <summary>
/// Where many elements of one document end at the latest in its source (<see cref="SourceLocator"/>'s rule: the start
/// of the first element after it, outside it, that starts after it), for the static engine's
/// <see cref="Model.PageSnapshot.SourceSpans"/>. Linear on ordinary pages: each parent's children are listed once (AngleSharp's
/// NextElementSibling searches the parent's list on every call), and an ancestor's answer is reused by its
/// descendants. A hostile page (100,000 levels of nesting, or siblings that all start before the element) runs out of
/// <c>budget</c> steps: <see cref="EndOf"/> then answers null and those elements are located by parsing again.
/// </summary>
internal sealed class SourceEnds(string source, long budget = 2_000_000)
{
    private readonly Dictionary<IElement, (List<IElement> Children, Dictionary<IElement, int> Index)> _families = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, (int Start, int End)> _known = new(ReferenceEqualityComparer.Instance);
    private long _budget = budget;

    public int? EndOf(IElement element, int start)
    {
        var end = Scan(element, start);
        if (end is { } known) _known[element] = (start, known);
        return end;
    }

    private int? Scan(IElement element, int start)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            // An ancestor's end, found from a start no later than this one's, is this one's too: nothing between them starts later.
            if (!ReferenceEquals(e, element) && _known.TryGetValue(e, out var above) && above.Start <= start && above.End > start) return above.End;
            if (e.ParentElement is not { } parent) continue;
            var (children, index) = Family(parent, e);
            for (var i = index + 1; i < children.Count; i++)
            {
                if (--_budget < 0) return null;
                if (SourceLocator.StartOf(children[i], source) is { } next && next > start) return next;
            }
        }
        return source.Length;
    }

    private (List<IElement> Children, int Index) Family(IElement parent, IElement child)
    {
        if (!_families.TryGetValue(parent, out var family))
        {
            var children = CssSelectors.ElementChildren(parent).ToList();
            var index = new Dictionary<IElement, int>(children.Count, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < children.Count; i++) index[children[i]] = i;
            _families[parent] = family = (children, index);
            _budget -= children.Count;
        }
        return (family.Children, family.Index[child]);
    }
}
