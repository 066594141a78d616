using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Scanner.Core.Loading;

/// <summary>
/// Two facts about a hidden block of links that tell an injected farm from a collapsed menu, read from the served
/// markup and its stylesheets (issue 14, item 4): whether anything on the page can show it again, and whether it sits
/// outside the page's layout. They are added to the hiding element's reasons as <see cref="RevealableReason"/> and
/// <see cref="OutsideLayoutReason"/>, and <c>hidden.external-links</c> weighs them (rules/detectors.yaml, <c>hiddenLinks</c>).
/// <list type="bullet">
/// <item>Revealable: a style rule with a state the visitor can enter (<c>:hover</c>, <c>:focus</c>, <c>:target</c>,
///   <c>:checked</c>, <c>[open]</c>…) or with a class no element has yet (one a script adds: <c>.nav li.sfHover ul</c>)
///   would select it once that state or class is stripped; an inline script or an <c>on…</c> handler names its id or one
///   of its classes, or a string of one of the page's same-site external scripts does (<c>js/site.js</c>:
///   <c>$('#nav .sub').show()</c>, <c>getElementById('menu')</c>; the code of a library the site serves is read only past
///   its minified body, as the script rules read it), or names the header right before it and walks to the next
///   sibling (an accordion: <c>$(this).next().slideToggle()</c>); a control points at it (<c>aria-controls</c>, <c>data-target</c>,
///   <c>href="#id"</c>, <c>label for</c>); it is a closed <c>&lt;details&gt;</c>'s content. Scripts of other hosts are
///   not read for this: an injected loader could name its own farm. A menu that only a third-party script opens looks
///   unrevealable, which is why this signal never raises a block alone.</item>
/// <item>Outside the layout: a child of <c>&lt;body&gt;</c> (or <c>&lt;html&gt;</c>) that is its first or last block,
///   or comes right after the footer: where injectors append, not where menus live.</item>
/// </list>
/// </summary>
/// <param name="siteScripts">The code of the page's same-site external scripts (<see cref="LinkedStyleSheets.Fetched.SiteScripts"/>).</param>
/// <param name="libraryBanners">scripts.libraryBanners: a library's own strings ("hidden", "open") name no block of the page.</param>
internal sealed partial class RevealSignals(IDocument document, IReadOnlyList<HidingRule> rules, IReadOnlyList<string> siteScripts,
    IReadOnlyList<string> libraryBanners)
{
    public const string RevealableReason = "revealable-by-page";
    public const string OutsideLayoutReason = "outside-layout";

    private List<IReadOnlySet<string>>? _scriptTokens;

    /// <summary>Whether a script of the page (inline, a handler, a same-site file's strings) names <paramref name="name"/>.</summary>
    private bool InScripts(string name) => _scriptTokens!.Any(tokens => tokens.Contains(name));

    /// <summary>The identifiers of inline scripts, per script text: a site's pages repeat their snippets (read-only once kept).</summary>
    private static readonly Text.TextMemo<HashSet<string>> InlineTokens = new(4_000_000);
    private List<AngleSharp.Css.Dom.ISelector>? _revealing;
    private ControlTargets? _controls;

    /// <summary>The markers for a hidden element that holds links (its own hiding reasons are <paramref name="own"/>).</summary>
    public IEnumerable<string> Of(IElement element, IReadOnlyList<string> own)
    {
        if (own.Contains("closed-details") || Revealable(element)) yield return RevealableReason;
        if (OutsideLayout(element)) yield return OutsideLayoutReason;
    }

    private bool Revealable(IElement element)
    {
        var names = element.ClassList.Append(element.Id).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
        _scriptTokens ??= ScriptTokens();
        if (names.Any(InScripts)) return true;
        // An accordion's panel: the page's script names the header right before it and walks to the next sibling
        // ($('.acc-h').click(function(){$(this).next().slideToggle()})).
        if (element.PreviousElementSibling is { } header && NextWalkers.Any(InScripts)
            && header.ClassList.Append(header.Id).Any(n => !string.IsNullOrEmpty(n) && InScripts(n!)))
            return true;
        _controls ??= new ControlTargets(document);
        if (!string.IsNullOrEmpty(element.Id) && SafeName().IsMatch(element.Id) && _controls.PointAtId(element.Id))
            return true;
        if (element.ClassList.FirstOrDefault(c => SafeName().IsMatch(c)) is { } cls && _controls.PointAtClass(cls))
            return true;
        _revealing ??= RevealingSelectors();
        foreach (var selector in _revealing)
        {
            try
            {
                if (selector.Match(element, element)) return true;
            }
            catch (DomException)
            {
                // A selector AngleSharp cannot match says nothing.
            }
        }
        return false;
    }

    /// <summary>
    /// The page's rules with what the visitor or a script can change stripped (states, classes no element has yet),
    /// where what is left still selects something specific: each is worked out and parsed once per page, not once per
    /// hidden block (issue 20, fifth pass).
    /// </summary>
    private List<AngleSharp.Css.Dom.ISelector> RevealingSelectors()
    {
        var classes = Classes();
        var parser = document.Context.GetService<AngleSharp.Css.Parser.ICssSelectorParser>();
        var selectors = new List<AngleSharp.Css.Dom.ISelector>();
        if (parser is null) return selectors;
        foreach (var rule in rules)
        {
            if (rule.Declarations.All(d => d.Name == "color")) continue; // a hover colour shows nothing
            var text = rule.SelectorText;
            var stateless = Strip(State(), text, _ => true);
            var stripped = Strip(ClassName(), stateless, m => !classes.Contains(m.Groups[1].Value));
            if (stripped == text || RightmostIsAny(stripped)) continue;
            // A class no element has is in most rules of a site-wide sheet (other pages' classes): it counts as a
            // script's toggle only when something specific (a class, id or attribute) is left to select the block by.
            if (stripped != stateless && !Specific().IsMatch(stripped)) continue;
            // A selector that no longer parses once stripped says nothing.
            if (parser.ParseSelector(stripped) is { } selector) selectors.Add(selector);
        }
        return selectors;
    }

    /// <summary>Removes what <paramref name="pattern"/> matches where <paramref name="remove"/> says; a compound left empty becomes <c>*</c>.</summary>
    private static string Strip(Regex pattern, string selector, Func<Match, bool> remove) =>
        pattern.Replace(selector, m =>
        {
            if (!remove(m)) return m.Value;
            var start = m.Index == 0 || Separator(selector[m.Index - 1]);
            var end = m.Index + m.Length == selector.Length || Separator(selector[m.Index + m.Length]);
            return start && end ? "*" : "";
        });

    private static bool RightmostIsAny(string selector) =>
        selector.Split(',').All(part => part.TrimEnd().EndsWith('*') || part.Trim().Length == 0);

    private static bool Separator(char c) => char.IsWhiteSpace(c) || c is '>' or '+' or '~' or ',' or '(';

    private static readonly string[] NextWalkers = ["next", "nextElementSibling", "nextSibling", "nextAll", "siblings"];

    private static readonly HashSet<string> NotContent = ["script", "style", "noscript", "link", "meta", "br", "template", "input"];

    private static bool OutsideLayout(IElement element)
    {
        if (element.ParentElement is not { LocalName: "body" or "html" } parent) return false;
        var blocks = CssSelectors.ElementChildren(parent).ToList();
        blocks.RemoveAll(c => NotContent.Contains(c.LocalName));
        var index = blocks.IndexOf(element);
        if (index < 0 || blocks.Count < 3) return false; // a page of one or two blocks has no layout to be outside of
        if (index == 0 || index == blocks.Count - 1) return true;
        var before = blocks[index - 1];
        return Footer().IsMatch(before.Id + " " + before.ClassName + " " + before.LocalName);
    }

    private List<IReadOnlySet<string>> ScriptTokens()
    {
        var sets = new List<IReadOnlySet<string>>();
        foreach (var script in document.Scripts.Where(s => string.IsNullOrEmpty(s.Source)))
        {
            var text = DomText.Of(script);
            if (!InlineTokens.TryGet(text, out var inline))
            {
                inline = new HashSet<string>(StringComparer.Ordinal);
                AddTokens(inline, text);
                InlineTokens.Keep(text, inline, inline.Sum(t => (long)t.Length));
            }
            sets.Add(inline);
        }
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in document.All)
            foreach (var attribute in e.Attributes)
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    AddTokens(tokens, attribute.Value);
        // A file's identifiers are its own (function and variable names); the page's ids and classes are in its strings.
        foreach (var file in siteScripts)
            if (Analyzers.ScriptCode.WithoutLibrary(file, libraryBanners) is { } code)
                foreach (var literal in StringLiteral().EnumerateMatches(code))
                    AddTokens(tokens, code.AsSpan(literal.Index + 1, literal.Length - 2)); // inside the one-character quotes
        sets.Add(tokens);
        return sets;
    }

    /// <summary>
    /// The identifiers in <paramref name="text"/>, each made a string only the first time it is met: a page's scripts
    /// repeat their names, and a Match object and a string per occurrence were ~50 MB of the clean corpus's static scan
    /// (issue 20, eighth pass).
    /// </summary>
    private static void AddTokens(HashSet<string> tokens, ReadOnlySpan<char> text)
    {
        var lookup = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var m in Token().EnumerateMatches(text)) lookup.Add(text.Slice(m.Index, m.Length));
    }

    /// <summary>
    /// What the page's controls point at — <c>[aria-controls~=id]</c>, <c>[data-target='#id']</c>,
    /// <c>[data-bs-target='#id']</c>, <c>[href='#id']</c>, <c>label[for=id]</c>, and <c>data-target='.class'</c> — read in
    /// one pass over the page: a selector query per hidden block read every element's attributes again (issue 20, sixth pass).
    /// </summary>
    private sealed class ControlTargets
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly HashSet<string> _dataTargets = new(StringComparer.Ordinal);

        public ControlTargets(IDocument document)
        {
            foreach (var e in document.All)
                foreach (var attribute in e.Attributes)
                    switch (attribute.Name)
                    {
                        case "aria-controls":
                            foreach (var token in attribute.Value.Split(HtmlWhitespace, StringSplitOptions.RemoveEmptyEntries)) _ids.Add(token);
                            break;
                        case "data-target" or "data-bs-target":
                            _dataTargets.Add(attribute.Value);
                            break;
                        case "href" when attribute.Value.StartsWith('#'):
                            _ids.Add(attribute.Value[1..]);
                            break;
                        case "for" when e.LocalName == "label":
                            _ids.Add(attribute.Value);
                            break;
                    }
        }

        public bool PointAtId(string id) => _ids.Contains(id) || _dataTargets.Contains("#" + id);

        public bool PointAtClass(string name) => _dataTargets.Contains("." + name);

        private static readonly char[] HtmlWhitespace = [' ', '\t', '\n', '\f', '\r'];
    }

    private HashSet<string> Classes()
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in document.All)
            foreach (var c in e.ClassList) classes.Add(c);
        return classes;
    }

    [GeneratedRegex(@"[A-Za-z_][\w-]*")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<q>['""`])(?<s>(?:(?!\k<q>)[^\\\n]){1,300})\k<q>")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"[.#\[]")]
    private static partial Regex Specific();

    [GeneratedRegex(@"^[\w-]+$")]
    private static partial Regex SafeName();

    [GeneratedRegex(@":(?:hover|focus|focus-within|focus-visible|active|target|checked)\b|\[open\]", RegexOptions.IgnoreCase)]
    private static partial Regex State();

    [GeneratedRegex(@"\.(-?[_a-zA-Z][\w-]*)")]
    private static partial Regex ClassName();

    [GeneratedRegex(@"foot|copyright|bottom", RegexOptions.IgnoreCase)]
    private static partial Regex Footer();
}
