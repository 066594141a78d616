using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using Scanner.Core.Loading.Css;
using AngleSharp.Html.Dom;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.Core.Text;
using Visibility = Scanner.Core.Model.Visibility;
using Priority = AngleSharp.Css.Priority;

namespace Scanner.Core.Loading;

/// <summary>
/// What the static engine can tell about an element's visibility without a browser: the cascade of its inline style
/// and of the page's own <c>&lt;style&gt;</c> blocks (specificity, source order, <c>!important</c>, shorthands such as
/// <c>font:0/0 a</c> or <c>margin:-2000px 0</c>; read by <see cref="StyleSheetReader"/> and <see cref="CssDeclarations"/>,
/// selectors parsed and matched by AngleSharp's own selector engine), the <c>hidden</c> attribute,
/// closed <c>&lt;details&gt;</c>, and the one-line scripts injectors put after a block
/// (<c>document.getElementById('x').style.display='none'</c>). Linked stylesheets count when the loader fetched them
/// (<see cref="LinkedStyleSheets"/>: the static loader does), applied where their links stand, with their <c>@import</c>s. There is no layout:
/// sizes and offsets are the declared ones.
/// Reasons carry the browser probe's names (probe.js), so the analyzers judge both engines alike.
/// A block's rules are parsed once per process (<see cref="ParsedStyleSheets"/>: a site's pages repeat their blocks).
/// Bounded for hostile pages: at most <see cref="MaxStyleChars"/> of style text is read, only the rules that declare a
/// property visibility depends on are matched, and matching stops after <see cref="MaxMatchChecks"/> selector tests or
/// <see cref="MatchBudget"/> (a note says so).
/// </summary>
public sealed partial class CssVisibility
{
    public const int MaxStyleChars = 256 * 1024;
    public const long MaxMatchChecks = 20_000_000;
    /// <summary>Time for matching a page's rules: past it the rest are left out (a note says so) and the page is still analysed.</summary>
    public static readonly TimeSpan MatchBudget = TimeSpan.FromSeconds(1);

    /// <summary>Marks a hiding reason that the element's own style attribute gives (not a style block's rule).</summary>
    public const string InlineStyleReason = "inline-style";

    /// <summary>One selector parser per thread (AngleSharp's, the one <c>QuerySelector</c> uses).</summary>
    private static readonly ThreadLocal<CssSelectorParser> Selectors = new(() => new CssSelectorParser());

    private readonly bool _quirks;
    private readonly Dictionary<IElement, Dictionary<string, Declared>> _sheet = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, IReadOnlyList<string>> _ownCache = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _hiddenByScript;
    private readonly List<HidingRule> _rules;
    private readonly DetectorSettings _settings;
    private readonly LinkedStyleSheets.Fetched _linked;
    private readonly double _aboveThePage;
    private RevealSignals? _reveal;

    /// <summary>What had to be left out on a hostile page (style text cut, matching stopped); usually empty.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>A declaration that won the cascade so far: importance, then specificity, then source order.</summary>
    private readonly record struct Declared(bool Important, Priority Specificity, int Order, string Value)
    {
        public bool Beats(Declared other) =>
            Important != other.Important ? Important
            : Specificity != other.Specificity ? Specificity > other.Specificity
            : Order > other.Order;
    }

    /// <exception cref="OperationCanceledException">The page's time ran out while matching its rules.</exception>
    /// <param name="linked">The page's linked and imported stylesheets and same-site scripts (the static loader fetches
    /// them); sheets are applied where their links (or imports) stand, scripts read for what can show a block again.</param>
    /// <param name="page">Where the page was served from: its links' and imports' hrefs resolve against it.</param>
    /// <param name="settings">Detector settings (<c>staticVisibility</c>, <c>scripts.libraryBanners</c>); the built-in ones when null.</param>
    public CssVisibility(IDocument document, CancellationToken ct = default, LinkedStyleSheets.Fetched? linked = null, Uri? page = null,
        DetectorSettings? settings = null)
    {
        _quirks = QuirksMode(document.Doctype);
        _settings = settings ?? DetectorSettings.None;
        _aboveThePage = _settings.Get(StaticVisibilitySettings.AboveThePagePixels);
        _linked = linked ?? LinkedStyleSheets.Fetched.None;
        _hiddenByScript = HiddenByScript(document.Scripts.Where(s => string.IsNullOrEmpty(s.Source)).Select(DomText.Of));
        var rules = _rules = StyleRules(document, _linked, page);
        if (rules.Count == 0) return;
        var elements = Elements(document);
        var present = PresentKeys(elements, rules);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long checks = 0;
        for (var order = 0; order < rules.Count; order++)
        {
            var rule = rules[order];
            // No element carries the id or class every selector's subject needs: nothing to match.
            if (rule.Subjects is { } subjects && subjects.All(keys => !keys.All(present.ContainsKey))) continue;
            // Descendant selectors over a deep tree climb every ancestor: a hostile sheet could hold the page for minutes.
            if (checks + elements.Count > MaxMatchChecks || clock.Elapsed > MatchBudget)
            {
                Notes.Add($"visibility from the page's first {order:N0} hiding style rules only: its {rules.Count:N0} are too many to match");
                break;
            }
            // The bound counts every element, as when each rule was tried on all of them: the same rules are matched.
            checks += elements.Count;
            var candidates = rule.Subjects is { } keys ? Carrying(keys, present) : elements;
            for (var i = 0; i < candidates.Count; i++)
            {
                if ((i & 0xFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    if (clock.Elapsed > MatchBudget) break;
                }
                if (rule.Selector.Match(candidates[i], null)) Apply(candidates[i], rule, order);
            }
        }
    }

    /// <summary>
    /// The elements a rule whose subjects need <paramref name="subjects"/> can match: for each selector of its list,
    /// those that carry its rarest id or class (the selector itself still decides). A site-wide sheet's rules each
    /// style a few elements: matching only those makes the cascade linear in what it styles, not rules × elements.
    /// Order does not matter: <see cref="Apply"/> keeps the winner by importance, specificity and rule order.
    /// </summary>
    private static IReadOnlyList<IElement> Carrying(string[][] subjects, Dictionary<string, List<IElement>> present)
    {
        IReadOnlyList<IElement>? only = null;
        List<IElement>? several = null;
        foreach (var keys in subjects)
        {
            List<IElement>? rarest = null;
            foreach (var key in keys)
            {
                if (!present.TryGetValue(key, out var carriers)) { rarest = null; break; }
                if (rarest is null || carriers.Count < rarest.Count) rarest = carriers;
            }
            if (rarest is null) continue;
            if (only is null) only = rarest;
            else (several ??= [.. only]).AddRange(rarest); // an element met twice is matched twice: Apply is idempotent
        }
        return several ?? only ?? [];
    }

    private void Apply(IElement element, HidingRule rule, int order)
    {
        if (!_sheet.TryGetValue(element, out var declared)) _sheet[element] = declared = new(StringComparer.Ordinal);
        foreach (var (name, value, important) in rule.Declarations)
        {
            var candidate = new Declared(important, rule.Specificity, order, value);
            if (!declared.TryGetValue(name, out var current) || candidate.Beats(current)) declared[name] = candidate;
        }
    }

    /// <summary>
    /// The style rules of the page's <c>&lt;style&gt;</c> blocks and of its linked sheets (when fetched), in source
    /// order, that set a property visibility depends on, with those of <c>@media screen</c>/<c>all</c> and
    /// <c>@supports</c> (a desktop visitor's; not print, not width-dependent ones). A sheet's <c>@import</c>s come
    /// before its own rules, as in the browser's cascade (each sheet once per page: an import cycle ends there). Rules on
    /// pseudo-elements (<c>::before</c>) style no element of their own: left out. A fetched sheet's text is bounded by
    /// its fetch (<c>subresources.styleSheetBytes</c>), not by the blocks' <see cref="MaxStyleChars"/>.
    /// </summary>
    private List<HidingRule> StyleRules(IDocument document, LinkedStyleSheets.Fetched linked, Uri? page)
    {
        var rules = new List<HidingRule>();
        var budget = MaxStyleChars;
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var sheets = linked.Texts.Count == 0 ? null : LinkedStyleSheets.Applying(document).ToDictionary<(IElement Link, string Href), IElement, string>(l => l.Link, l => l.Href, ReferenceEqualityComparer.Instance);
        foreach (var element in document.QuerySelectorAll(sheets is null ? "style" : "style, link"))
        {
            if (element.LocalName == "link")
            {
                if (sheets!.TryGetValue(element, out var href) && LinkedStyleSheets.Resolve(page, href) is { } url) AddSheet(url, rules, linked, applied);
                continue;
            }
            if (budget <= 0) continue;
            var text = DomText.Of(element);
            if (text.Length > budget)
            {
                Notes.Add($"more than {MaxStyleChars:N0} characters of <style>: visibility from the first {MaxStyleChars:N0} only");
                text = text[..budget];
            }
            budget -= text.Length;
            AddImports(text, page, rules, linked, applied);
            rules.AddRange(ParsedStyleSheets.Of(text, _quirks, () => HidingRules(_quirks ? QuirksLengths(text) : text)));
        }
        return rules;
    }

    /// <summary>The rules of the fetched sheet at <paramref name="url"/>, its imports first; nothing when it was not fetched or is already applied.</summary>
    private void AddSheet(string url, List<HidingRule> rules, LinkedStyleSheets.Fetched linked, HashSet<string> applied)
    {
        if (!linked.Texts.TryGetValue(url, out var sheet) || !applied.Add(url)) return;
        AddImports(sheet, new Uri(url), rules, linked, applied);
        rules.AddRange(ParsedStyleSheets.Of(sheet, _quirks, () => HidingRules(_quirks ? QuirksLengths(sheet) : sheet)));
    }

    private void AddImports(string css, Uri? at, List<HidingRule> rules, LinkedStyleSheets.Fetched linked, HashSet<string> applied)
    {
        if (linked.Texts.Count == 0) return;
        foreach (var import in CssImports.Of(css))
            if (LinkedStyleSheets.Resolve(at, import) is { } url) AddSheet(url, rules, linked, applied);
    }

    /// <summary>
    /// The hiding rules of one sheet's text: its style rules (<see cref="StyleSheetReader"/>) that declare a property
    /// visibility depends on, whose selector parses and styles an element of its own (not <c>::before</c>).
    /// </summary>
    internal static HidingRule[] HidingRules(string css)
    {
        var rules = new List<HidingRule>();
        foreach (var rule in StyleSheetReader.Rules(css))
        {
            var declarations = CssDeclarations.Of(css, rule.BlockStart, rule.BlockEnd);
            if (declarations.Count == 0) continue;
            var prelude = CssSyntax.WithoutComments(css, rule.PreludeStart, rule.PreludeEnd).Trim();
            if (prelude.Length == 0 || PseudoElement().IsMatch(prelude)) continue;
            if (Selectors.Value!.ParseSelector(prelude) is not { } selector) continue;
            rules.Add(new HidingRule(selector, selector.Specificity, declarations.Select(d => (d.Name, d.Value, d.Important)).ToArray()));
        }
        return [.. rules];
    }

    /// <summary>
    /// Each id and class (<c>#x</c>, <c>.y</c>) of the page that some rule's subjects name, with the elements that carry
    /// it, in document order. Only those: a page's other classes (most of them) cost no list and no key (~25 MB of the
    /// clean corpus's static scan, issue 20, eighth pass).
    /// </summary>
    private static Dictionary<string, List<IElement>> PresentKeys(List<IElement> elements, List<HidingRule> rules)
    {
        // Ignoring case keeps the skip safe in quirks mode, where classes and ids match without it.
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var classes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
            foreach (var keys in rule.Subjects ?? [])
                foreach (var key in keys)
                    (key.StartsWith('#') ? ids : classes).Add(key[1..]);
        var present = new Dictionary<string, List<IElement>>(StringComparer.OrdinalIgnoreCase);
        if (ids.Count == 0 && classes.Count == 0) return present;
        foreach (var e in elements)
        {
            if (!string.IsNullOrEmpty(e.Id) && ids.Contains(e.Id)) Carries(present, "#" + e.Id, e);
            if (classes.Count == 0 || e.GetAttribute("class") is not { Length: > 0 }) continue;
            foreach (var c in e.ClassList)
                if (classes.Contains(c)) Carries(present, "." + c, e);
        }
        return present;
    }

    private static void Carries(Dictionary<string, List<IElement>> keys, string key, IElement element)
    {
        if (!keys.TryGetValue(key, out var carriers)) keys[key] = carriers = [];
        if (carriers.Count == 0 || !ReferenceEquals(carriers[^1], element)) carriers.Add(element); // class="a a" once
    }

    /// <summary>Every element in document order, without recursion.</summary>
    private static List<IElement> Elements(IDocument document)
    {
        var elements = new List<IElement>();
        if (document.DocumentElement is not { } root) return elements;
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            elements.Add(e);
            var children = e.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
                if (children[i] is IElement child) stack.Push(child);
        }
        return elements;
    }

    /// <summary>
    /// The properties a child inherits that hide text (as the probe reads them from each element's computed style:
    /// they are the element's own reasons, never a hidden ancestor's, so a child that sets its own font size is seen
    /// again — the <c>font-size:0</c> whitespace trick of inline-block menus). <c>FromInline</c>: a style attribute set them.
    /// </summary>
    public readonly record struct Inherited(double? FontSize, bool VisibilityHidden, bool Transparent, bool FromInline)
    {
        public static Inherited Root { get; } = new(16, false, false, false);
    }

    /// <summary>The inherited text state of <paramref name="element"/>, from its parent's and its own declarations.</summary>
    public Inherited Inherit(IElement element, Inherited parent)
    {
        var (style, inline) = Cascade(element);
        var fontSize = parent.FontSize;
        var fromInline = parent.FromInline;
        if (Value(style, "font-size") is { } size)
        {
            fontSize = FontSize(size, parent.FontSize);
            fromInline = inline.Contains("font-size") ? fontSize <= 2 : fromInline && fontSize <= 2;
        }
        var hidden = parent.VisibilityHidden;
        if (Value(style, "visibility") is { } visibility)
        {
            hidden = visibility is "hidden" or "collapse";
            if (hidden && inline.Contains("visibility")) fromInline = true;
        }
        var transparent = parent.Transparent;
        if (Value(style, "color") is { } color)
        {
            transparent = Alpha(color) < 0.1;
            if (transparent && inline.Contains("color")) fromInline = true;
        }
        return new Inherited(fontSize, hidden, transparent, fromInline);
    }

    /// <summary>The reasons an element's inherited text state gives (the probe's names), marked when a style attribute set them.</summary>
    public static IReadOnlyList<string> TextReasons(Inherited state, IReadOnlyList<string> own)
    {
        if (!state.VisibilityHidden && !state.Transparent && state.FontSize is not <= 2) return [];
        var reasons = new List<string>();
        if (state.VisibilityHidden) reasons.Add("visibility-hidden");
        if (state.FontSize is < 1) reasons.Add("font-size-zero");
        else if (state.FontSize is <= 2) reasons.Add("tiny-font");
        if (state.Transparent && !own.Contains("opacity-zero")) reasons.Add("transparent-text");
        if (state.FromInline && reasons.Count > 0) reasons.Add(InlineStyleReason);
        return reasons;
    }

    /// <summary>The element's own box reasons (not inherited by its text, not its ancestors'): the snapshot's walk composes those.</summary>
    public IReadOnlyList<string> OwnReasons(IElement element)
    {
        if (_ownCache.TryGetValue(element, out var cached)) return cached;
        var (style, inline) = Cascade(element);
        var own = Reasons(element, style);
        if (own.Count > 0 && inline.Count > 0)
        {
            // Written into the element's own style attribute: how injectors hide a block (menus use class rules).
            var sheetOnly = _sheet.TryGetValue(element, out var declared)
                ? declared.ToDictionary(d => d.Key, d => d.Value.Value, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            if (!Reasons(element, sheetOnly).SequenceEqual(own)) own.Add(InlineStyleReason);
        }
        _ownCache[element] = own;
        return own;
    }

    /// <summary>
    /// <paramref name="own"/> with what tells a hidden block of links from a collapsed menu (<see cref="RevealSignals"/>):
    /// whether the page can show it again, and whether it sits outside the layout. For hidden elements that hold links.
    /// </summary>
    public IReadOnlyList<string> WithRevealSignals(IElement element, IReadOnlyList<string> own) =>
        element.Owner is { } document
            ? [.. own, .. (_reveal ??= new RevealSignals(document, _rules, [.. _linked.SiteScripts.Values], _settings.Get(ScriptSettings.LibraryBanners))).Of(element, own)]
            : own;

    private readonly Dictionary<IElement, (Dictionary<string, string> Style, HashSet<string> Inline)> _cascadeCache = new(ReferenceEqualityComparer.Instance);
    private static readonly (Dictionary<string, string>, HashSet<string>) Unstyled = ([], []);

    /// <summary>
    /// The element's cascaded values of the properties visibility depends on (style rules, then its style attribute,
    /// which beats every rule but an !important one unless it is !important itself), and the properties the attribute won.
    /// </summary>
    private (Dictionary<string, string> Style, HashSet<string> Inline) Cascade(IElement element)
    {
        if (_cascadeCache.TryGetValue(element, out var cached)) return cached;
        if (!_sheet.ContainsKey(element) && !element.HasAttribute("style")) return Unstyled; // most elements: nothing to keep
        var style = new Dictionary<string, string>(StringComparer.Ordinal);
        var won = new HashSet<string>(StringComparer.Ordinal);
        _sheet.TryGetValue(element, out var declared);
        if (declared is not null)
            foreach (var (name, d) in declared) style[name] = d.Value;
        if (InlineStyle(element) is { } inline)
            foreach (var (name, (value, important)) in inline)
                if (important || declared?.GetValueOrDefault(name).Important != true)
                {
                    style[name] = value;
                    won.Add(name);
                }
        return _cascadeCache[element] = (style, won);
    }

    /// <summary>The declared size of a frame: its CSS width/height, else its width/height attributes, else HTML's default 300×150.</summary>
    public Box FrameBox(IElement frame)
    {
        if (frame.LocalName == "frame" && frame.ParentElement is { LocalName: "frameset" } frameset) return FramesetShare(frame, frameset);
        var (style, _) = Cascade(frame);
        // Percentages are of the window for a fixed box (an overlay over the page). An absolute box's are of its nearest
        // positioned ancestor, often styled by a linked stylesheet (a responsive video's wrapper), so they stay unknown;
        // an in-flow frame's width is at most the window's, and its percentage height is auto (150 px) as in CSS. Without
        // layout an in-flow frame's place is unknown too: it is put below the first screen, so that only overlays and
        // framesets count as covering the window.
        var position = Value(style, "position");
        var placed = position is "fixed" or "absolute";
        return new Box(placed ? Pixels(style, "left") ?? 0 : 0, placed ? Pixels(style, "top") ?? 0 : Window.Height,
            Size(style, frame, "width") ?? (position is "absolute" ? null : Percent(style, frame, "width", Window.Width)) ?? 300,
            Size(style, frame, "height") ?? (position is "fixed" ? Percent(style, frame, "height", Window.Height) : null) ?? 150);
    }

    /// <summary>
    /// An image's declared size in CSS pixels (its CSS width/height, else its width/height attributes); a side that is not
    /// declared is taken to equal the other (a 1-px pixel is square); null when neither is declared.
    /// </summary>
    public Box? DeclaredImageBox(IElement image)
    {
        var (style, _) = Cascade(image);
        var (width, height) = (Size(style, image, "width"), Size(style, image, "height"));
        if (width is null && height is null) return null;
        return new Box(0, 0, width ?? height!.Value, height ?? width!.Value);
    }

    /// <summary>The window the static engine lays frames out in: the browser engine's default (1366×900).</summary>
    public static readonly (double Width, double Height) Window = (1366, 900);

    private static double? Percent(Dictionary<string, string> style, IElement e, string property, double of)
    {
        var value = Value(style, property) ?? e.GetAttribute(property)?.Trim();
        return value is not null && value.EndsWith('%') && Number(value[..^1]) is { } n ? Math.Min(n, 100) * of / 100 : null;
    }

    /// <summary>
    /// A <c>&lt;frame&gt;</c>'s share of the window by its frameset's <c>rows</c> and <c>cols</c> (pixels, percentages,
    /// <c>*</c> for the rest): <c>rows="100%,*"</c> gives the first frame the whole window, as the hijacks write it.
    /// </summary>
    private static Box FramesetShare(IElement frame, IElement frameset)
    {
        var rows = Tracks(frameset.GetAttribute("rows"), Window.Height);
        var cols = Tracks(frameset.GetAttribute("cols"), Window.Width);
        var index = frameset.Children.Where(c => c.LocalName is "frame" or "frameset").ToList().IndexOf(frame);
        if (index < 0 || index >= rows.Length * cols.Length) return new Box(0, 0, 0, 0);
        return new Box(0, 0, cols[index % cols.Length], rows[index / cols.Length]);
    }

    private static double[] Tracks(string? spec, double total)
    {
        var parts = string.IsNullOrWhiteSpace(spec) ? ["*"] : spec.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new double[parts.Length];
        double used = 0, stars = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.EndsWith('*')) { stars += Number(p[..^1]) ?? 1; continue; }
            sizes[i] = p.EndsWith('%') ? (Number(p[..^1]) ?? 0) * total / 100 : Number(p.Replace("px", "")) ?? 0;
            used += sizes[i];
        }
        var rest = Math.Max(0, total - used);
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].EndsWith('*')) sizes[i] = stars > 0 ? rest * (Number(parts[i][..^1]) ?? 1) / stars : 0;
        return sizes.Select(x => Math.Min(x, total)).ToArray();
    }

    private List<string> Reasons(IElement e, Dictionary<string, string> style)
    {
        var own = new List<string>();
        var displayNone = e.HasAttribute("hidden") || Value(style, "display") == "none";
        if (displayNone) own.Add("display-none");
        if (e.ParentElement is { LocalName: "details" } details && !details.HasAttribute("open") && e.LocalName != "summary") own.Add("closed-details");
        if (Number(Value(style, "opacity")) is 0) own.Add("opacity-zero");
        if (!displayNone)
        {
            var positioned = Value(style, "position") is "absolute" or "fixed" or "relative" or "sticky";
            if ((positioned && (Pixels(style, "left") <= -999 || Pixels(style, "top") <= -999))
                || Pixels(style, "margin-left") <= -999 || Pixels(style, "margin-top") <= -999
                || AboveThePage(e, style) || TranslatedAway(Value(style, "transform")))
                own.Add("off-screen");
            if (Clipped(style, positioned && Value(style, "position") is "absolute" or "fixed")) own.Add("clipped");
            var width = Smaller(Size(style, e, "width"), Pixels(style, "max-width"));
            var height = Smaller(Size(style, e, "height"), Pixels(style, "max-height"));
            var tiny = width <= 2 || height <= 2;
            var overflowHidden = new[] { "overflow", "overflow-x", "overflow-y" }.Any(p => Value(style, p) is { } o && (o.Contains("hidden") || o.Contains("clip")));
            if (e.LocalName == "marquee" && tiny) own.Add("tiny-marquee");
            else if (overflowHidden && tiny) own.Add(width == 0 || height == 0 ? "zero-size" : "tiny-overflow-container");
            if (Pixels(style, "text-indent") <= -999) own.Add("negative-text-indent");
        }
        if (!string.IsNullOrEmpty(e.Id) && _hiddenByScript.Contains(e.Id)) own.Add("hidden-by-inline-script");
        return own;
    }

    /// <summary>
    /// A box placed above or left of the page by a moderate offset (<c>position:absolute;top:-300px</c>): absolute or
    /// fixed, with no positioned ancestor (so the offset is from the page's own corner, not from a menu's box), and
    /// either past its own declared height or width, or, with no height declared, <c>staticVisibility.aboveThePagePixels</c> up
    /// (a few lines of links; a tall block would still show its bottom). Skip links move up by less (-40 px) and come
    /// back on focus.
    /// </summary>
    private bool AboveThePage(IElement e, Dictionary<string, string> style)
    {
        if (Value(style, "position") is not ("absolute" or "fixed")) return false;
        var top = Pixels(style, "top");
        var left = Pixels(style, "left");
        var height = Size(style, e, "height");
        var width = Size(style, e, "width");
        var above = top is { } t && (height is { } h ? t + h <= 0 && t < 0 : t <= -_aboveThePage);
        var beside = left is { } l && width is { } w && l + w <= 0 && l < 0;
        if (!above && !beside) return false;
        for (var a = e.ParentElement; a is not null; a = a.ParentElement)
            if (Value(Cascade(a).Style, "position") is "absolute" or "fixed" or "relative" or "sticky") return false;
        return true;
    }

    /// <summary><c>transform:translate(-9999px…)</c>, <c>translateX/Y(-9999px)</c>: moved out of view as far as off-screen offsets are.</summary>
    private static bool TranslatedAway(string? transform) =>
        transform is not null && Translate().Matches(transform).Any(m =>
            m.Groups[1].Value.Split(',').Select(v => Length(v.Trim())).Any(v => v <= -999));

    /// <summary>clip:rect() 1 px or less across (on a positioned box), or a clip-path that leaves nothing, as the probe reads them.</summary>
    private static bool Clipped(Dictionary<string, string> style, bool positioned)
    {
        if (positioned && Value(style, "clip") is { } clip && ClipRect().Match(clip) is { Success: true } m)
        {
            var sides = m.Groups[1].Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(Length).ToArray();
            if (sides.Length == 4 && sides.All(s => s is not null) && (sides[1] - sides[3] <= 1 || sides[2] - sides[0] <= 1)) return true;
        }
        return Value(style, "clip-path") is { } path && EmptyClipPath().IsMatch(path);
    }

    private static double? Smaller(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    /// <summary>A declared width or height in pixels (CSS first, then the element's width/height attribute), or null.</summary>
    private static double? Size(Dictionary<string, string> style, IElement e, string property) =>
        Pixels(style, property) ?? Number(e.GetAttribute(property)?.Trim().Replace("px", "", StringComparison.OrdinalIgnoreCase));

    private static string? Value(Dictionary<string, string> style, string property) =>
        style.TryGetValue(property, out var v) ? v.Trim().ToLowerInvariant() : null;

    private static double? Pixels(Dictionary<string, string> style, string property) => Length(Value(style, property));

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A CSS length in pixels (px, pt, em/rem at 16 px, font-size keywords, 0); null for percentages and the unknown.</summary>
    private static double? Length(string? value)
    {
        if (value is null) return null;
        var m = LengthValue().Match(value.Trim());
        if (!m.Success)
            return value.Trim() switch { "xx-small" => 9, "x-small" => 10, "small" => 13, "medium" => 16, "large" => 18, _ => null };
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" or "px" => m.Groups["unit"].Value == "" && n != 0 ? null : n,
            "pt" => n * 4 / 3, "pc" => n * 16, "in" => n * 96, "cm" => n * 96 / 2.54, "mm" => n * 96 / 25.4,
            "em" or "rem" => n * 16, "ex" or "ch" => n * 8,
            "%" => n == 0 ? 0 : null,
            _ => null,
        };
    }

    /// <summary>A declared font-size in pixels: em and % of the parent's (unknown stays unknown), rem of 16 px, else as <see cref="Length"/>.</summary>
    private static double? FontSize(string value, double? parent)
    {
        var m = LengthValue().Match(value);
        if (m.Success && m.Groups["unit"].Value.ToLowerInvariant() is "em" or "%" )
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (n == 0) return 0;
            return parent * (m.Groups["unit"].Value == "%" ? n / 100 : n);
        }
        return value is "smaller" or "larger" or "inherit" ? parent : Length(value);
    }

    /// <summary>The alpha of an rgba() colour as <see cref="CssColor"/> writes it (transparent is rgba(0, 0, 0, 0)); 1 otherwise.</summary>
    private static double Alpha(string color)
    {
        if (color == "transparent") return 0;
        var m = Rgba().Match(color);
        return m.Success && m.Groups["a"].Success && double.TryParse(m.Groups["a"].Value, CultureInfo.InvariantCulture, out var a) ? a : 1;
    }

    /// <summary>The element's style attribute (<see cref="CssDeclarations"/>): the properties visibility depends on, with their importance.</summary>
    private IReadOnlyDictionary<string, (string Value, bool Important)>? InlineStyle(IElement element) =>
        element.GetAttribute("style") is { Length: > 0 } text ? (_quirks ? QuirksInlineStyles : InlineStyles)[text] : null;

    // A page's style attributes repeat ("display:none", "float:left"), and so do a site's pages: each is parsed once
    // per process (issue 20: parsing them was a fifth of the static walk's allocations). Read-only once made.
    private static readonly BoundedMemo<IReadOnlyDictionary<string, (string, bool)>> InlineStyles = new(text => ParseInlineStyle(text));
    private static readonly BoundedMemo<IReadOnlyDictionary<string, (string, bool)>> QuirksInlineStyles = new(text => ParseInlineStyle(QuirksLengths(text)));

    private static Dictionary<string, (string, bool)> ParseInlineStyle(string text)
    {
        var map = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var (name, value, important) in CssDeclarations.Of(text)) map[name] = (value, important);
        return map;
    }

    /// <summary>Whether browsers render the page in quirks mode: no doctype, or an HTML 3.2/4.0 (or 4.01 Transitional without a system id) one.</summary>
    private static bool QuirksMode(IDocumentType? doctype) =>
        doctype is null
        || doctype.PublicIdentifier.Contains("HTML 3", StringComparison.OrdinalIgnoreCase)
        || doctype.PublicIdentifier.Contains("HTML 4.0 ", StringComparison.OrdinalIgnoreCase)
        || (doctype.PublicIdentifier.Contains("HTML 4.01 Transitional", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(doctype.SystemIdentifier));

    /// <summary>In quirks mode (no doctype, as on many government pages) browsers read <c>left:-9999</c> as pixels: so do we.</summary>
    private static string QuirksLengths(string css) => UnitlessLength().Replace(css, "${head}${n}px");

    /// <summary>
    /// Ids that a short top-level inline script hides: <c>document.getElementById('x').style.display='none'</c> (or
    /// visibility hidden, or <c>$('#x').hide()</c>). Scripts with functions or event handlers are menus, not injections.
    /// </summary>
    public static HashSet<string> HiddenByScript(IEnumerable<string> scripts)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in scripts)
        {
            if (text.Length > 600 || FunctionOrHandler().IsMatch(text)) continue;
            foreach (Match m in HideById().Matches(text)) ids.Add(m.Groups["id"].Value);
        }
        return ids;
    }

    /// <summary>How a hiding ancestor is named in a reason: tag#id, or tag.class (as the probe names it).</summary>
    public static string Describe(IElement e) =>
        e.LocalName + (string.IsNullOrEmpty(e.Id) ? (e.ClassList.Length > 0 ? "." + e.ClassList[0] : "") : "#" + e.Id);

    [GeneratedRegex(@"^(?<n>[-+]?(?:\d+\.?\d*|\.\d+))(?<unit>[a-z%]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LengthValue();

    [GeneratedRegex(@"(?<head>(?:^|[;{\s])(?:left|top|width|height|max-width|max-height|margin-left|margin-top|text-indent|font-size)\s*:\s*)(?<n>-?\d*\.?\d+)(?=\s*(?:!\s*important)?\s*(?:;|}|$))", RegexOptions.IgnoreCase)]
    private static partial Regex UnitlessLength();

    [GeneratedRegex(@"translate(?:[xyz]|3d)?\(([^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex Translate();

    [GeneratedRegex(@"rect\(([^)]*)\)")]
    private static partial Regex ClipRect();

    [GeneratedRegex(@"inset\(\s*(?:50%|100%)|circle\(\s*0(?:px|%)?\s*(?:at|\))|ellipse\(\s*0(?:px|%)?\s+0|^polygon\(\s*0(?:px|%)?\s+0(?:px|%)?\s*(?:,\s*0(?:px|%)?\s+0(?:px|%)?\s*)*\)")]
    private static partial Regex EmptyClipPath();

    [GeneratedRegex(@"rgba?\(\s*[\d.]+[,\s]+[\d.]+[,\s]+[\d.]+(?:[,\s/]+(?<a>[\d.]+))?\s*\)")]
    private static partial Regex Rgba();

    [GeneratedRegex(@"::|:(?:before|after|first-line|first-letter|selection|placeholder|marker|backdrop)\b", RegexOptions.IgnoreCase)]
    internal static partial Regex PseudoElement();

    [GeneratedRegex(@"\bfunction\b|=>|\bon(?:click|mouse\w+|load|ready)\b|addEventListener|setTimeout|setInterval", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionOrHandler();

    [GeneratedRegex(@"getElementById\s*\(\s*['""](?<id>[^'""]+)['""]\s*\)\s*\.\s*style\s*\.\s*(?:display\s*=\s*['""]none|visibility\s*=\s*['""]hidden)|\$\s*\(\s*['""]#(?<id>[\w-]+)['""]\s*\)\s*\.\s*(?:hide\s*\(|css\s*\(\s*['""]display['""]\s*,\s*['""]none)", RegexOptions.IgnoreCase)]
    private static partial Regex HideById();
}
