using System.Collections.Concurrent;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using Priority = AngleSharp.Css.Priority;

namespace Scanner.Core.Loading;

/// <summary>A style rule that sets a property visibility depends on: its selector and those declarations, in source order.</summary>
internal sealed record HidingRule(ISelector Selector, Priority Specificity, IReadOnlyList<(string Name, string Value, bool Important)> Declarations)
{
    /// <summary>
    /// For each selector of the rule's list, the ids and classes (<c>#x</c>, <c>.y</c>) its subject must carry; null when
    /// some selector's subject needs none (or the text is too intricate to read). A site-wide linked sheet styles mostly
    /// classes this page does not have: such rules are skipped without matching a single element.
    /// </summary>
    public string[][]? Subjects { get; } = SubjectKeys.Of(Selector.Text);

    /// <summary>The selector's text, made once: AngleSharp builds it anew (escaping every name) on each read, and the
    /// rules are shared by every page that carries the sheet.</summary>
    public string SelectorText => _selectorText ??= Selector.Text;
    private string? _selectorText;
}

/// <summary>The ids and classes of the rightmost compound of each selector in a list, read from its text.</summary>
internal static partial class SubjectKeys
{
    public static string[][]? Of(string selectors)
    {
        if (selectors.IndexOfAny(['(', '[', '\\']) >= 0) return null;
        var parts = selectors.Split(',');
        var keys = new string[parts.Length][];
        for (var i = 0; i < parts.Length; i++)
        {
            var compound = Combinator().Split(parts[i].Trim())[^1];
            var own = Key().Matches(compound).Select(m => m.Value).ToArray();
            if (own.Length == 0) return null;
            keys[i] = own;
        }
        return keys;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*[>+~]\s*|\s+")]
    private static partial System.Text.RegularExpressions.Regex Combinator();

    [System.Text.RegularExpressions.GeneratedRegex(@"[#.]-?[_a-zA-Z\u0080-\uFFFF][\w\u0080-\uFFFF-]*")]
    private static partial System.Text.RegularExpressions.Regex Key();
}

/// <summary>
/// The hiding rules of <c>&lt;style&gt;</c> blocks, parsed once per process for each distinct block text: the pages of
/// one site repeat the same blocks, and parsing them (then with AngleSharp.Css) was most of <see cref="CssVisibility"/>'s
/// time (issue 20, docs/performance.md). What is kept is plain data and AngleSharp's immutable selectors, shared by the
/// scan's workers. Bounded: past <see cref="MaxChars"/> characters of cached text it starts again empty.
/// </summary>
internal static class ParsedStyleSheets
{
    public const long MaxChars = 8 * 1024 * 1024;

    private static readonly ConcurrentDictionary<(string Text, bool Quirks), HidingRule[]> Cache = new();
    private static long _chars;

    /// <summary>The hiding rules of one block's text, from <paramref name="parse"/> the first time the text is seen in
    /// quirks mode or not (quirks mode reads unitless lengths as pixels).</summary>
    public static HidingRule[] Of(string text, bool quirks, Func<HidingRule[]> parse)
    {
        if (Cache.TryGetValue((text, quirks), out var cached)) return cached;
        var rules = parse();
        if (Interlocked.Add(ref _chars, text.Length) > MaxChars)
        {
            Cache.Clear();
            Interlocked.Exchange(ref _chars, text.Length);
        }
        Cache.TryAdd((text, quirks), rules);
        return rules;
    }
}
