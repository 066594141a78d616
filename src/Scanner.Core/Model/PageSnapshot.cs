namespace Scanner.Core.Model;

/// <summary>
/// Everything analyzers may look at for one page load. Immutable; built by a loader, never by an analyzer.
/// </summary>
public sealed record PageSnapshot
{
    public required string RequestedUrl { get; init; }
    public string? FinalUrl { get; init; }
    /// <summary>HTTP status of the main document; null when no response arrived.</summary>
    public int? Status { get; init; }
    /// <summary>Why the page could not be loaded; null when it loaded.</summary>
    public string? Error { get; init; }
    /// <summary>The server reset or closed the connection before answering: the load may be tried again.</summary>
    public bool ConnectionDropped { get; init; }
    /// <summary>Name of the fetch profile (visitor, spider, ...).</summary>
    public string Profile { get; init; } = "visitor";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>URLs the main request went through before <see cref="FinalUrl"/>, first request first.</summary>
    public IReadOnlyList<string> RedirectChain { get; init; } = [];
    /// <summary>The main document as served, decoded with its real charset.</summary>
    public string ServedHtml { get; init; } = "";
    /// <summary>
    /// The snapshot was read from <see cref="ServedHtml"/> without running scripts (the static engine): it is its own
    /// served source. A browser snapshot is the rendered DOM, and the served HTML is read again when a rule compares them.
    /// </summary>
    public bool ReadFromServedHtml { get; init; }
    /// <summary>
    /// Where the elements the snapshot names by selector sit in <see cref="ServedHtml"/>: start and end character index,
    /// from the static engine's own parse, so that locating findings needs no second parse. Null when unknown (the
    /// browser engine's rendered DOM; the locator then parses the served HTML itself).
    /// </summary>
    public IReadOnlyDictionary<string, SourceSpan>? SourceSpans { get; init; }
    public string? RawTitle { get; init; }
    public string? RenderedTitle { get; init; }
    /// <summary>The rendered document's <c>lang</c> attribute (zh-CN, en…), when it has one.</summary>
    public string? Language { get; init; }
    public IReadOnlyList<TextBlock> TextBlocks { get; init; } = [];
    public IReadOnlyList<PageLink> Links { get; init; } = [];
    /// <summary>Text the page carries in attributes (link titles, image alts and titles), where keyword stuffing hides from visitors.</summary>
    public IReadOnlyList<AttributeText> AttributeTexts { get; init; } = [];
    public IReadOnlyList<PageScript> Scripts { get; init; } = [];
    /// <summary>
    /// The text of the stylesheets the browser loaded (absolute URL → text; bounded like the static engine's fetch), so
    /// that the served HTML is judged with the same sheets on both engines (<see cref="Analyzers.ServedSource"/>). Empty
    /// on the static engine, which applies its sheets while it builds the snapshot.
    /// </summary>
    public IReadOnlyDictionary<string, string> StyleSheets { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<PageFrame> Frames { get; init; } = [];
    public IReadOnlyList<MetaTag> Meta { get; init; } = [];
    /// <summary>Navigations the page attempted by itself (meta refresh, location changes) after the first load.</summary>
    public IReadOnlyList<string> AttemptedNavigations { get; init; } = [];
    /// <summary>Screenshots of chosen elements, outlined (see <see cref="Loading.ICapturingPageLoader"/>); usually empty.</summary>
    public IReadOnlyList<ElementCapture> Captures { get; init; } = [];
    public TimeSpan LoadTime { get; init; }
    /// <summary>The loader's stages of <see cref="LoadTime"/> (navigation, settle, probe); analysis and report are added later.</summary>
    public StageTimes Stages { get; init; } = StageTimes.None;
    /// <summary>What the loader had to leave out, e.g. a page over the size cap analysed on its first 10 MiB. Usually empty.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool Loaded => Error is null;
    public string EffectiveUrl => FinalUrl ?? RequestedUrl;
}

/// <summary>Where an element sits on the page, in CSS pixels relative to the document's top-left corner.</summary>
public readonly record struct Box(double X, double Y, double Width, double Height);

/// <summary>Whether a visitor can see an element and, when not, every reason found.</summary>
public sealed record Visibility(bool Hidden, IReadOnlyList<string> Reasons)
{
    public static Visibility Visible { get; } = new(false, []);
    public static Visibility HiddenBecause(params string[] reasons) => new(true, reasons);
}

/// <summary>The text that an element owns directly (its own text nodes, not its children's elements).</summary>
/// <param name="LinkHref">The absolute href of the link the text sits in, when it sits in one.</param>
public sealed record TextBlock(string Selector, string Tag, string Text, Visibility Visibility, Box Box, string? LinkHref = null);

/// <param name="Container">Selector of the link's nearest block container that holds more links (the footer
/// <c>div</c>, the <c>ul</c> of its <c>li</c>): links of one farm share it.</param>
public sealed record PageLink(string Selector, string Href, string Text, Visibility Visibility, Box Box, string? Rel = null, string? Container = null);

/// <summary>
/// Text that an element carries in an attribute rather than as text a visitor reads: <c>a[title]</c>, <c>area[title]</c>,
/// <c>area[alt]</c>, <c>img[alt]</c>, <c>img[title]</c>. Both engines read the same elements and attributes.
/// </summary>
/// <param name="Attribute"><c>title</c> or <c>alt</c>.</param>
/// <param name="Visibility">The element's visibility, as for its text (a link's is the link's).</param>
/// <param name="ImageBox">The size of what the element shows when that is images: an image's own (declared in the markup on the
/// static engine, laid out in the browser), or for a link that holds images and no text, its largest image's. Null when the
/// element shows text or its size is unknown. A 1×1 image says nothing to a visitor.</param>
/// <param name="LinkHref">The absolute href of the link the element is or sits in.</param>
public sealed record AttributeText(string Selector, string Tag, string Attribute, string Text, Visibility Visibility, Box? ImageBox, string? LinkHref);

/// <param name="Src">The absolute URL of an external script (<c>&lt;script src&gt;</c>), null for an inline one.</param>
public sealed record PageScript(string? Src, string? InlineText, string Selector)
{
    /// <summary>
    /// The code of an external script, when the loader brought it in (<see cref="Loading.ExternalScripts"/>: bounded in
    /// count and bytes, well-known library and analytics hosts left out); null when it was not fetched or did not arrive.
    /// </summary>
    public string? ExternalText { get; init; }
}

public sealed record PageFrame(string Selector, string Src, Visibility Visibility, Box Box);

public sealed record MetaTag(string? Name, string? HttpEquiv, string? Property, string Content);

/// <summary>
/// A screenshot of the region around one element, with the element outlined. When the element has no box a
/// visitor could see (display:none, off-screen, zero size) a mark is outlined where it sits instead, and the visible
/// ancestor it sits in is named in <see cref="OutlinedAncestor"/>.
/// </summary>
/// <param name="ElementBox">The element's own box in document coordinates (may be empty or off-page).</param>
public sealed record ElementCapture(string Selector, byte[] Image, string MediaType, Box ElementBox, bool ElementHasBox, string? OutlinedAncestor);

/// <summary>An element's source in the served HTML: its start tag's '&lt;' and the latest index its source can end at.</summary>
public readonly record struct SourceSpan(int Start, int End);
