using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Model;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Core.Loading;

/// <summary>
/// The walk of <see cref="StaticSnapshotBuilder"/>: what the static engine reads from a parsed document: text blocks,
/// links (with the block that holds them), scripts, frames (with their declared size) and meta tags, with the
/// visibility that the markup and its own stylesheets give (<see cref="CssVisibility"/>).
/// One iterative walk, linear in the document: a hostile page of a million siblings or a deep nesting costs no
/// recursion and no walk up the ancestors per element. At most <see cref="MaxItems"/> blocks and as many links are
/// kept (a note says so): a 10 MiB page of empty paragraphs would otherwise cost hundreds of MB of selectors.
/// </summary>
public sealed class MarkupSnapshot
{
    public const int MaxItems = 200_000;
    private const int MaxReasons = 8;
    private static readonly HashSet<string> SkippedElements = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE"];

    /// <summary>Tags a link farm's container is never: inline wrappers, list items and table cells are climbed over, as the probe does.</summary>
    private static readonly HashSet<string> InlineTags =
        ["a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "label", "li", "small", "span", "strong", "sub", "sup", "u", "td", "th", "tr", "tbody", "thead", "tfoot", "marquee", "nobr"];

    private readonly Uri _base;
    private readonly CssSelectors _selectors;
    private readonly CssVisibility _hiding;
    private readonly Dictionary<IElement, int> _linksBelow = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationToken _ct;

    public List<TextBlock> TextBlocks { get; } = [];
    public List<PageLink> Links { get; } = [];
    public List<AttributeText> AttributeTexts { get; } = [];
    public List<PageScript> Scripts { get; } = [];
    public List<PageFrame> Frames { get; } = [];
    public List<MetaTag> Meta { get; } = [];
    public List<string> Notes { get; } = [];
    public string? Title { get; private set; }
    public string? Language { get; private set; }

    private MarkupSnapshot(IDocument document, Uri baseUri, CancellationToken ct, LinkedStyleSheets.Fetched? linked, Rules.DetectorSettings? settings)
    {
        _base = baseUri;
        _selectors = new CssSelectors(document);
        _hiding = new CssVisibility(document, ct, linked, baseUri, settings);
        _ct = ct;
        Notes.AddRange(_hiding.Notes);
    }

    /// <exception cref="OperationCanceledException">The page's time ran out while walking it.</exception>
    /// <param name="linked">The page's linked stylesheets and same-site scripts, when the loader fetched them (<see cref="LinkedStyleSheets"/>).</param>
    /// <param name="settings">The detector settings the static engine's visibility reads (the built-in ones when null).</param>
    public static MarkupSnapshot Of(IDocument document, Uri baseUri, CancellationToken ct = default, LinkedStyleSheets.Fetched? linked = null,
        Rules.DetectorSettings? settings = null)
    {
        var snapshot = new MarkupSnapshot(document, baseUri, ct, linked, settings);
        snapshot.CountLinks(document);
        snapshot.Walk(document);
        return snapshot;
    }

    /// <summary>
    /// The source spans (<see cref="Reports.SourceLocator.SpanOf"/>) of every element the snapshot named by selector,
    /// for a document parsed from <paramref name="source"/> keeping source references.
    /// </summary>
    public Dictionary<string, SourceSpan> SpansIn(string source)
    {
        var spans = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var ends = new Reports.SourceEnds(source);
        // Ancestors were named before their descendants (selectors are built top-down), so their ends are known first.
        foreach (var (element, selector) in _selectors.Named)
        {
            if (Reports.SourceLocator.StartOf(element, source) is not { } start) continue;
            if (ends.EndOf(element, start) is not { } end) break; // a hostile page: the rest are located by parsing again
            spans.TryAdd(selector, new SourceSpan(start, end));
        }
        return spans;
    }

    /// <summary>The text of every <c>&lt;noscript&gt;</c> in <paramref name="html"/>'s body and head, parsed as a spider parses it.</summary>
    public static IReadOnlyList<(string Selector, string Text, IReadOnlyList<(string Href, string Text)> Links)> NoScriptBlocks(string html, Uri url)
    {
        // Only a <noscript> start tag makes a noscript element: most pages have none and need no second parse.
        if (!html.Contains("<noscript", StringComparison.OrdinalIgnoreCase)) return [];
        if (NoScriptFromLoad.TryGetValue(html, out var kept) && kept.Url == url) return kept.Blocks;
        using var document = BoundedHtmlParse.TryParse(html, new HtmlParserOptions());
        return document is null ? [] : NoScriptBlocks(document, url);
    }

    /// <summary>
    /// The static engine parses the served HTML as a spider does (scripting off: a noscript's content is markup), so its
    /// noscript blocks are read from that parse and kept with the HTML text, for <see cref="NoScriptBlocks(string, Uri)"/>
    /// not to parse the page a second time (issue 20, sixth pass). The browser's DOM is parsed with scripting on: its pages
    /// keep nothing here and are parsed again as before.
    /// </summary>
    internal static void KeepNoScriptBlocks(IDocument spiderParse, string html, Uri url)
    {
        if (html.Contains("<noscript", StringComparison.OrdinalIgnoreCase))
            NoScriptFromLoad.AddOrUpdate(html, new KeptNoScript(url, NoScriptBlocks(spiderParse, url)));
    }

    private static IReadOnlyList<(string Selector, string Text, IReadOnlyList<(string Href, string Text)> Links)> NoScriptBlocks(IDocument document, Uri url)
    {
        var selectors = new CssSelectors(document);
        return document.QuerySelectorAll("noscript").Select(n => (selectors.Of(n), Collapse(n.TextContent),
                (IReadOnlyList<(string, string)>)n.QuerySelectorAll("a[href]").Select(a => (Resolve(url, a.GetAttribute("href")!), Collapse(a.TextContent))).ToArray()))
            .ToArray();
    }

    private sealed record KeptNoScript(Uri Url, IReadOnlyList<(string Selector, string Text, IReadOnlyList<(string Href, string Text)> Links)> Blocks);

    /// <summary>Keyed by the HTML string itself (the snapshot's <c>ServedHtml</c>): an entry lives as long as that text.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, KeptNoScript> NoScriptFromLoad = new();

    /// <summary>
    /// How many links each element holds, for <see cref="ContainerOf"/>: elements listed in document order, then added
    /// up from the last to the first into their parents (linear, no recursion, no query per ancestor).
    /// </summary>
    private void CountLinks(IDocument document)
    {
        if (document.DocumentElement is not { } root) return;
        var order = new List<IElement>();
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            order.Add(e);
            foreach (var c in CssSelectors.ElementChildren(e)) stack.Push(c);
        }
        for (var i = order.Count - 1; i >= 0; i--)
        {
            if ((i & 0xFFF) == 0) _ct.ThrowIfCancellationRequested();
            var e = order[i];
            var own = (e.TagName == "A" && e.HasAttribute("href") ? 1 : 0) + _linksBelow.GetValueOrDefault(e);
            if (own == 0) continue;
            _linksBelow[e] = own;
            if (e.ParentElement is { } parent) _linksBelow[parent] = _linksBelow.GetValueOrDefault(parent) + own;
        }
    }

    /// <summary>
    /// The block a link farm's links share, for the links below <paramref name="element"/>: the element itself when it
    /// is not an inline wrapper and holds more than one link; body or html as the last resort; else what held above.
    /// </summary>
    private IElement? ContainerBelow(IElement element, IElement? above) =>
        element.LocalName is "body" or "html" ? element
        : !InlineTags.Contains(element.LocalName) && _linksBelow.GetValueOrDefault(element) > 1 ? element
        : above;

    /// <summary>
    /// Whether a hidden element's reveal signals are worth reading: a block of links (a farm or a menu), or text with no
    /// link at all (a closed tab or accordion panel, whose keywords the page can show). A single hidden link is judged alone.
    /// </summary>
    private bool RevealMatters(IElement element) => _linksBelow.GetValueOrDefault(element) switch
    {
        > 1 => true,
        0 => !string.IsNullOrWhiteSpace(DomText.Of(element)),
        _ => false,
    };

    /// <summary>Depth-first, in document order, with an explicit stack: no recursion, whatever the nesting.</summary>
    private void Walk(IDocument document)
    {
        if (document.DocumentElement is not { } root) return;
        // (element, inside a skipped element, the nearest link above it, the hidden reasons inherited from above)
        var stack = new Stack<(IElement Element, bool Skipped, IElement? Link, Reasons? Inherited, IElement? Container, CssVisibility.Inherited Text)>();
        stack.Push((root, false, null, null, null, CssVisibility.Inherited.Root));
        var steps = 0;
        while (stack.Count > 0)
        {
            if ((++steps & 0xFFF) == 0) _ct.ThrowIfCancellationRequested();
            var (element, skipped, link, inherited, container, parentText) = stack.Pop();
            var own = _hiding.OwnReasons(element);
            if (own.Count > 0 && RevealMatters(element)) own = _hiding.WithRevealSignals(element, own);
            var text = _hiding.Inherit(element, parentText);
            var visibility = Compose(WithTextReasons(own, CssVisibility.TextReasons(text, own)), inherited);
            var tag = element.TagName;
            var isAnchor = tag == "A" && element.HasAttribute("href");
            // An image is seen whatever the font size and colour around it (font-size:0 closes inline-block gaps), as in the probe.
            var imageVisibility = tag == "IMG" ? Compose(text.VisibilityHidden ? [.. own, "visibility-hidden"] : own, inherited) : visibility;
            Collect(element, skipped, isAnchor ? element : link, visibility, container, imageVisibility);

            var below = own.Count == 0 ? inherited
                : new Reasons($"hidden-ancestor ({string.Join(", ", own)} on {CssVisibility.Describe(element)})", inherited);
            var childContainer = ContainerBelow(element, container);
            var childSkipped = skipped || SkippedElements.Contains(tag);
            var childLink = isAnchor ? element : link;
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
                if (children[i] is IElement child) stack.Push((child, childSkipped, childLink, below, childContainer, text));
        }
    }

    private void Collect(IElement element, bool skipped, IElement? link, Visibility visibility, IElement? container, Visibility imageVisibility)
    {
        switch (element.TagName)
        {
            case "HTML" when Language is null && element.GetAttribute("lang") is { Length: > 0 } lang:
                Language = lang;
                break;
            case "TITLE" when Title is null:
                Title = DomText.Of(element).Trim();
                break;
            case "META":
                Meta.Add(new MetaTag(element.GetAttribute("name"), element.GetAttribute("http-equiv"), element.GetAttribute("property"), element.GetAttribute("content") ?? ""));
                break;
            case "SCRIPT" when element is IHtmlScriptElement script:
                Scripts.Add(new PageScript(string.IsNullOrEmpty(script.Source) ? null : Resolve(script.Source),
                    string.IsNullOrEmpty(script.Source) ? DomText.Of(script) : null, _selectors.Of(element)));
                break;
            case "IFRAME" or "FRAME" when element.GetAttribute("src") is { } src:
                Frames.Add(new PageFrame(_selectors.Of(element), Resolve(src), visibility, _hiding.FrameBox(element)));
                break;
            case "A" or "AREA" when element.GetAttribute("href") is { } href:
                if (Links.Count < MaxItems)
                    Links.Add(new PageLink(_selectors.Of(element), Resolve(href), Collapse(DomText.Of(element)), visibility, default, element.GetAttribute("rel"),
                        container is null ? null : _selectors.Of(container)));
                else if (Links.Count == MaxItems) Note($"more than {MaxItems:N0} links: only the first {MaxItems:N0} were kept");
                break;
        }
        if (skipped || SkippedElements.Contains(element.TagName) || !InBody(element)) return;
        CollectAttributes(element, link, element.TagName == "IMG" ? imageVisibility : visibility);
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

    /// <summary>
    /// The title and alt texts of links, image-map areas and images (<see cref="AttributeText"/>), as the probe reads them:
    /// an image's box is its declared size; a link's is its largest image's when it holds images and no text.
    /// </summary>
    private void CollectAttributes(IElement element, IElement? link, Visibility visibility)
    {
        var (tag, attributes) = element.TagName switch
        {
            "A" when element.HasAttribute("href") => ("a", TitleOnly),
            "AREA" when element.HasAttribute("href") => ("area", AltAndTitle),
            "IMG" => ("img", AltAndTitle),
            _ => (null, []),
        };
        if (tag is null) return;
        foreach (var attribute in attributes)
        {
            if (element.GetAttribute(attribute) is not { } value || Collapse(value) is not { Length: > 0 } text) continue;
            if (AttributeTexts.Count >= MaxItems)
            {
                if (AttributeTexts.Count == MaxItems) Note($"more than {MaxItems:N0} title/alt attributes: only the first {MaxItems:N0} were kept");
                return;
            }
            var box = tag switch
            {
                "img" => _hiding.DeclaredImageBox(element),
                "a" => ImagesOnlyBox(element),
                _ => null,
            };
            var href = (tag == "img" ? link : element)?.GetAttribute("href") is { } h ? Resolve(h) : null;
            AttributeTexts.Add(new AttributeText(_selectors.Of(element), tag, attribute, text.Length > MaxAttributeText ? text[..MaxAttributeText] : text,
                visibility, box, href));
        }
    }

    private static readonly string[] TitleOnly = ["title"];
    private static readonly string[] AltAndTitle = ["alt", "title"];
    private const int MaxAttributeText = 2000;

    /// <summary>A link with images and no text shows its images: the largest one's declared size (null when one is unknown).</summary>
    private Box? ImagesOnlyBox(IElement link)
    {
        if (Collapse(DomText.Of(link)).Length > 0) return null;
        Box? largest = null;
        foreach (var image in link.QuerySelectorAll("img"))
        {
            if (_hiding.DeclaredImageBox(image) is not { } box) return null;
            if (largest is not { } l || box.Width * box.Height > l.Width * l.Height) largest = box;
        }
        return largest;
    }

    private readonly HashSet<string> _noted = [];
    private void Note(string note)
    {
        if (_noted.Add(note)) Notes.Add(note);
    }

    private static bool InBody(IElement element) => element.TagName is not ("HTML" or "HEAD");

    /// <summary>The element's own text nodes, collapsed. Most elements have none or one: those allocate nothing extra.</summary>
    private static string OwnText(IElement element)
    {
        var children = element.ChildNodes;
        string? single = null;
        System.Text.StringBuilder? several = null;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is not IText t) continue;
            if (single is null) single = t.Data;
            else (several ??= new System.Text.StringBuilder(single)).Append(t.Data);
        }
        return several is not null ? Collapse(several.ToString()) : single is null ? "" : Collapse(single);
    }

    /// <summary>The element's box reasons and its text's (inherited) ones, with one inline-style mark at the end.</summary>
    private static IReadOnlyList<string> WithTextReasons(IReadOnlyList<string> own, IReadOnlyList<string> text)
    {
        if (text.Count == 0) return own;
        var inline = own.Contains(CssVisibility.InlineStyleReason) || text.Contains(CssVisibility.InlineStyleReason);
        return [.. own.Where(r => r != CssVisibility.InlineStyleReason), .. text.Where(r => r != CssVisibility.InlineStyleReason),
            .. inline ? [CssVisibility.InlineStyleReason] : Array.Empty<string>()];
    }

    private static Visibility Compose(IReadOnlyList<string> own, Reasons? inherited)
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

    // A page repeats its hrefs ("#", "javascript:;", its own sections): each is resolved once per page.
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private string Resolve(string href)
    {
        if (_resolved.TryGetValue(href, out var absolute)) return absolute;
        absolute = Resolve(_base, href);
        if (_resolved.Count < MaxItems) _resolved[href] = absolute;
        return absolute;
    }

    public static string Resolve(Uri baseUri, string href) =>
        Uri.TryCreate(baseUri, href.Trim(), out var absolute) ? absolute.AbsoluteUri : href;

    /// <summary>Whitespace runs as one space, none at the ends (as <c>Split(null, RemoveEmptyEntries)</c> joined by spaces).</summary>
    public static string Collapse(string text)
    {
        if (IsCollapsed(text)) return text; // the common case: no copy
        var collapsed = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = collapsed.Length > 0;
                continue;
            }
            if (pendingSpace) collapsed.Append(' ');
            pendingSpace = false;
            collapsed.Append(c);
        }
        return collapsed.ToString();
    }

    private static bool IsCollapsed(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || i == 0 || i == text.Length - 1 || text[i - 1] == ' ')) return false;
        return true;
    }

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
    private readonly Dictionary<string, int> _tagCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tagsSeen = new(StringComparer.Ordinal);

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

    /// <summary>Every element a selector was made for so far, with it.</summary>
    public IEnumerable<KeyValuePair<IElement, string>> Named => _cache;

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
        // Two tables for the whole page, emptied per parent (a pair per parent was ~13 MB of the clean corpus's scan).
        var counts = _tagCounts;
        var seen = _tagsSeen;
        counts.Clear();
        seen.Clear();
        foreach (var c in ElementChildren(parent)) counts[c.LocalName] = counts.GetValueOrDefault(c.LocalName) + 1;
        foreach (var c in ElementChildren(parent))
        {
            var index = seen[c.LocalName] = seen.GetValueOrDefault(c.LocalName) + 1;
            _parts[c] = counts[c.LocalName] > 1 ? $"{c.LocalName}:nth-of-type({index})" : c.LocalName;
        }
        return _parts.GetValueOrDefault(e, e.LocalName);
    }

    /// <summary>
    /// By index into the child list: AngleSharp's NextSibling searches the parent's list each time (quadratic on wide
    /// pages). A struct, so that a <c>foreach</c> over every element's children allocates nothing (an iterator object
    /// per element was ~20 MB of the clean corpus's static scan, issue 20, eighth pass).
    /// </summary>
    internal static ElementChildList ElementChildren(INode parent) => new(parent.ChildNodes);

    internal readonly struct ElementChildList(INodeList children)
    {
        public Enumerator GetEnumerator() => new(children);

        public List<IElement> ToList()
        {
            var list = new List<IElement>();
            foreach (var c in this) list.Add(c);
            return list;
        }

        public struct Enumerator(INodeList children)
        {
            private readonly int _length = children.Length;
            private int _index = -1;

            public IElement Current { get; private set; } = null!;

            public bool MoveNext()
            {
                while (++_index < _length)
                    if (children[_index] is IElement element)
                    {
                        Current = element;
                        return true;
                    }
                return false;
            }
        }
    }
}
