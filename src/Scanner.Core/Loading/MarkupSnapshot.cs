using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Scanner.Core.Model;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Core.Loading;

/// <summary>
/// What the static engine (and the link checker) read from a parsed document: text blocks, links, scripts, frames
/// and meta tags, with the visibility the markup alone gives (hidden attribute, inline display/visibility).
/// One iterative walk, linear in the document: a hostile page of a million siblings or a deep nesting costs no
/// recursion and no walk up the ancestors per element. At most <see cref="MaxItems"/> blocks and as many links are
/// kept (a note says so): a 10 MiB page of empty paragraphs would otherwise cost hundreds of MB of selectors.
/// </summary>
public sealed class MarkupSnapshot
{
    public const int MaxItems = 200_000;
    private const int MaxReasons = 8;
    private static readonly HashSet<string> SkippedElements = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE"];

    private readonly Uri _base;
    private readonly CssSelectors _selectors;
    private readonly Dictionary<IElement, Visibility> _visibility = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationToken _ct;

    public List<TextBlock> TextBlocks { get; } = [];
    public List<PageLink> Links { get; } = [];
    public List<PageScript> Scripts { get; } = [];
    public List<PageFrame> Frames { get; } = [];
    public List<MetaTag> Meta { get; } = [];
    public List<string> Notes { get; } = [];
    public string? Title { get; private set; }

    private MarkupSnapshot(IDocument document, Uri baseUri, CancellationToken ct)
    {
        _base = baseUri;
        _selectors = new CssSelectors(document);
        _ct = ct;
    }

    /// <exception cref="OperationCanceledException">The page's time ran out while walking it.</exception>
    public static MarkupSnapshot Of(IDocument document, Uri baseUri, CancellationToken ct = default)
    {
        var snapshot = new MarkupSnapshot(document, baseUri, ct);
        snapshot.Walk(document);
        return snapshot;
    }

    /// <summary>Depth-first, in document order, with an explicit stack: no recursion, whatever the nesting.</summary>
    private void Walk(IDocument document)
    {
        if (document.DocumentElement is not { } root) return;
        // (element, inside a skipped element, the nearest link above it, the hidden reasons inherited from above)
        var stack = new Stack<(IElement Element, bool Skipped, IElement? Link, Reasons? Inherited)>();
        stack.Push((root, false, null, null));
        var steps = 0;
        while (stack.Count > 0)
        {
            if ((++steps & 0xFFF) == 0) _ct.ThrowIfCancellationRequested();
            var (element, skipped, link, inherited) = stack.Pop();
            var own = OwnReasons(element);
            var visibility = Compose(own, inherited);
            var tag = element.TagName;
            var isAnchor = tag == "A" && element.HasAttribute("href");
            Collect(element, skipped, isAnchor ? element : link, visibility);

            var below = own.Count == 0 ? inherited
                : new Reasons($"hidden-ancestor ({string.Join(", ", own)} on {element.LocalName})", inherited);
            var childSkipped = skipped || SkippedElements.Contains(tag);
            var childLink = isAnchor ? element : link;
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
                if (children[i] is IElement child) stack.Push((child, childSkipped, childLink, below));
        }
    }

    private void Collect(IElement element, bool skipped, IElement? link, Visibility visibility)
    {
        switch (element.TagName)
        {
            case "TITLE" when Title is null:
                Title = element.TextContent.Trim();
                break;
            case "META":
                Meta.Add(new MetaTag(element.GetAttribute("name"), element.GetAttribute("http-equiv"), element.GetAttribute("property"), element.GetAttribute("content") ?? ""));
                break;
            case "SCRIPT" when element is IHtmlScriptElement script:
                Scripts.Add(new PageScript(string.IsNullOrEmpty(script.Source) ? null : Resolve(script.Source),
                    string.IsNullOrEmpty(script.Source) ? script.Text : null, _selectors.Of(element)));
                break;
            case "IFRAME" or "FRAME" when element.GetAttribute("src") is { } src:
                Frames.Add(new PageFrame(_selectors.Of(element), Resolve(src), visibility, default));
                break;
            case "A" or "AREA" when element.GetAttribute("href") is { } href:
                if (Links.Count < MaxItems)
                    Links.Add(new PageLink(_selectors.Of(element), Resolve(href), Collapse(element.TextContent), visibility, default, element.GetAttribute("rel")));
                else if (Links.Count == MaxItems) Note($"more than {MaxItems:N0} links: only the first {MaxItems:N0} were kept");
                break;
        }
        if (skipped || SkippedElements.Contains(element.TagName) || !InBody(element)) return;
        var text = OwnText(element);
        if (text.Length == 0) return;
        if (TextBlocks.Count >= MaxItems)
        {
            if (TextBlocks.Count == MaxItems) Note($"more than {MaxItems:N0} text blocks: only the first {MaxItems:N0} were kept");
            return;
        }
        TextBlocks.Add(new TextBlock(_selectors.Of(element), element.LocalName, text, visibility, default,
            link?.GetAttribute("href") is { } linkHref ? Resolve(linkHref) : null));
    }

    private readonly HashSet<string> _noted = [];
    private void Note(string note)
    {
        if (_noted.Add(note)) Notes.Add(note);
    }

    private static bool InBody(IElement element) => element.TagName is not ("HTML" or "HEAD");

    private static string OwnText(IElement element)
    {
        var text = new System.Text.StringBuilder();
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
            if (children[i] is IText t) text.Append(t.Data);
        return Collapse(text.ToString());
    }

    /// <summary>What the markup alone says about the element itself: the hidden attribute and inline styles.</summary>
    private static List<string> OwnReasons(IElement e)
    {
        var own = new List<string>(0);
        if (e.HasAttribute("hidden")) own.Add("display-none");
        if (e.GetAttribute("style") is { Length: > 0 } raw)
        {
            var style = raw.Replace(" ", "").ToLowerInvariant();
            if (style.Contains("display:none") && !own.Contains("display-none")) own.Add("display-none");
            if (style.Contains("visibility:hidden")) own.Add("visibility-hidden");
        }
        return own;
    }

    private static Visibility Compose(List<string> own, Reasons? inherited)
    {
        if (own.Count == 0 && inherited is null) return Visibility.Visible;
        var reasons = new List<string>();
        if (own.Count > 0) reasons.Add(string.Join(", ", own));
        var more = 0;
        for (var r = inherited; r is not null; r = r.Next)
            if (reasons.Count < MaxReasons) reasons.Add(r.Text); else more++;
        if (more > 0) reasons.Add($"and {more} more hidden ancestor(s)");
        return new Visibility(true, reasons);
    }

    private string Resolve(string href) =>
        Uri.TryCreate(_base, href.Trim(), out var absolute) ? absolute.AbsoluteUri : href;

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Hidden reasons inherited from the ancestors, nearest first: shared, so a deep page holds one per hidden ancestor.</summary>
    private sealed record Reasons(string Text, Reasons? Next);
}

/// <summary>
/// CSS selectors for a document's elements, in the browser probe's style (#id when unique, else tag:nth-of-type
/// chains). Linear: each parent's children are indexed once and each element's selector is built on its parent's.
/// </summary>
public sealed class CssSelectors
{
    private readonly Dictionary<string, int> _idCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<IElement, string> _cache = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, string> _parts = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IElement> _indexedParents = new(ReferenceEqualityComparer.Instance);

    public CssSelectors(IDocument document)
    {
        var stack = new Stack<IElement>();
        if (document.DocumentElement is { } root) stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!string.IsNullOrEmpty(e.Id)) _idCounts[e.Id] = _idCounts.GetValueOrDefault(e.Id) + 1;
            foreach (var c in ElementChildren(e)) stack.Push(c);
        }
    }

    public string Of(IElement element)
    {
        // Climb to the nearest ancestor whose selector is known (or the top), then build down: no recursion.
        var path = new List<IElement>();
        for (var e = element; e is not null && e.LocalName != "html" && !_cache.ContainsKey(e); e = e.ParentElement) path.Add(e);
        string? above = path.Count > 0 && path[^1].ParentElement is { } top && _cache.TryGetValue(top, out var known) ? known : null;
        for (var i = path.Count - 1; i >= 0; i--)
        {
            var e = path[i];
            var selector = !string.IsNullOrEmpty(e.Id) && _idCounts.GetValueOrDefault(e.Id) == 1
                ? "#" + e.Id
                : above is null or "" ? PartOf(e) : above + " > " + PartOf(e);
            _cache[e] = selector;
            above = selector;
        }
        return _cache.TryGetValue(element, out var result) ? result : "";
    }

    private string PartOf(IElement e)
    {
        if (_parts.TryGetValue(e, out var part)) return part;
        var parent = e.ParentElement;
        if (parent is null || !_indexedParents.Add(parent)) return _parts.GetValueOrDefault(e, e.LocalName);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in ElementChildren(parent)) counts[c.LocalName] = counts.GetValueOrDefault(c.LocalName) + 1;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in ElementChildren(parent))
        {
            var index = seen[c.LocalName] = seen.GetValueOrDefault(c.LocalName) + 1;
            _parts[c] = counts[c.LocalName] > 1 ? $"{c.LocalName}:nth-of-type({index})" : c.LocalName;
        }
        return _parts.GetValueOrDefault(e, e.LocalName);
    }

    /// <summary>By index into the child list: AngleSharp's NextSibling searches the parent's list each time (quadratic on wide pages).</summary>
    internal static IEnumerable<IElement> ElementChildren(INode parent)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
            if (children[i] is IElement element) yield return element;
    }
}
