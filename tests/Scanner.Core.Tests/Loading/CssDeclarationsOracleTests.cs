using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;
using Scanner.Core.Loading.Css;

namespace Scanner.Core.Tests.Loading;

/// <summary>
/// Our own CSS reader (<see cref="StyleSheetReader"/>, <see cref="CssDeclarations"/>) against AngleSharp.Css, the
/// library it replaced on the static path (issue 20): every style block and style attribute of the clean corpus and
/// of our hacked corpora gives the same hiding rules, in the same order, with the same values of the properties
/// visibility depends on, compared by what the cascade reads from them (a colour's alpha, a length's number). The
/// only differences allowed are those where AngleSharp.Css departs from the CSS syntax and Chromium, and we follow
/// them (<see cref="BrowsersDrop"/>, <see cref="BrowsersAccept"/>).
/// </summary>
public sealed partial class CssDeclarationsOracleTests
{
    [Fact]
    public void The_clean_corpus_reads_as_AngleSharp_Css_reads_it() =>
        SameAsOracle(Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html"));

    [Fact]
    public void The_hacked_corpora_read_as_AngleSharp_Css_reads_them() =>
        SameAsOracle(Directory.GetFiles(Path.Combine(RepositoryRoot(), "tests", "corpus"), "*.html", SearchOption.AllDirectories));

    private static void SameAsOracle(IEnumerable<string> files)
    {
        var html = new HtmlParser();
        var oracle = new CssParser();
        var (blocks, attributes) = (0, 0);
        var differences = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            using var document = html.ParseDocument(HtmlDecoder.Decode(File.ReadAllBytes(file), null));
            foreach (var style in document.QuerySelectorAll("style"))
            {
                blocks++;
                var text = style.TextContent;
                var ours = CssVisibility.HidingRules(text).Select(r => (r.SelectorText, (IEnumerable<(string, string, bool)>)r.Declarations)).ToList();
                Compare($"{Path.GetFileName(file)} <style>", text, ours, OracleRules(oracle, text), differences);
            }
            foreach (var element in document.QuerySelectorAll("[style]"))
            {
                attributes++;
                var text = element.GetAttribute("style")!;
                var ours = CssDeclarations.Of(text).Select(d => (d.Name, d.Value, d.Important));
                var theirs = oracle.ParseDeclaration(text) is { } d ? Relevant(d) : [];
                Compare($"{Path.GetFileName(file)} style=\"{text}\"", text, [("", ours)], [("", theirs)], differences);
            }
        }
        Assert.True(blocks > 100 && attributes > 1000, $"only {blocks} style blocks and {attributes} style attributes read");
        Assert.True(differences.Count == 0, $"{differences.Count} differ:\n" + string.Join("\n", differences.Take(40)));
    }

    private static void Compare(string where, string css, List<(string Selector, IEnumerable<(string, string, bool)> Declarations)> ours,
        List<(string Selector, IEnumerable<(string, string, bool)> Declarations)> theirs, List<string> differences)
    {
        var (ourLines, theirLines) = (Lines(ours), Lines(theirs));
        var (ourOnly, theirOnly) = (ourLines.Except(theirLines).ToList(), theirLines.Except(ourLines).ToList());
        var unexplained = ourOnly.Where(line => !BrowsersAccept(css, line)).Select(line => "  ours only:   " + line)
            .Concat(theirOnly.Where(line => !BrowsersDrop(css, line)).Select(line => "  theirs only: " + line)).ToList();
        // The other rules come in the same order (the cascade breaks ties by order).
        var differing = ourOnly.Concat(theirOnly).Select(line => line[..line.IndexOf(" {", StringComparison.Ordinal)])
            .Concat(theirs.Select(r => r.Selector).Where(selector => BrowsersDrop(css, selector + " {"))).ToHashSet();
        var (ourOrder, theirOrder) = (ours.Select(r => r.Selector).Where(s => !differing.Contains(s)).ToList(), theirs.Select(r => r.Selector).Where(s => !differing.Contains(s)).ToList());
        if (!ourOrder.SequenceEqual(theirOrder))
        {
            var at = ourOrder.Zip(theirOrder).TakeWhile(p => p.First == p.Second).Count();
            unexplained.Add($"  the rules' order differs from rule {at}: ours {ourOrder.ElementAtOrDefault(at)}, theirs {theirOrder.ElementAtOrDefault(at)}");
        }
        if (unexplained.Count > 0) differences.Add(where + ":\n" + string.Join("\n", unexplained));
    }

    /// <summary>One line per declaration: the rule's selector, the property, the value as the cascade reads it, and !.</summary>
    private static List<string> Lines(List<(string Selector, IEnumerable<(string Name, string Value, bool Important)> Declarations)> rules) =>
        rules.SelectMany(r => r.Declarations.Select(d => $"{r.Selector} {{ {d.Name}:{Meaning(d.Name, d.Value)}{(d.Important ? "!" : "")} }}")).ToList();

    /// <summary>
    /// Where AngleSharp.Css keeps a rule that the CSS syntax (and so Chromium) drops, and we drop it too: a selector after
    /// a stray <c>;</c> (<c>.a&amp;gt;;.b {…}</c>, from a page saved through an HTML serializer: a rule's prelude runs to
    /// its <c>{</c>, and <c>.a&amp;gt;; .b</c> is no selector), and a sheet wrapped in <c>&lt;![CDATA[</c> (its <c>[</c>
    /// opens a block that runs to the sheet's end).
    /// </summary>
    private static bool BrowsersDrop(string css, string line)
    {
        if (css.Contains("<![CDATA[", StringComparison.Ordinal)) return true;
        var firstSelector = line[..line.IndexOf(" {", StringComparison.Ordinal)].Split(',')[0].Split(' ', '>', '+', '~')[0];
        return firstSelector.Length > 0 && Regex.IsMatch(css, @";\s*" + Regex.Escape(firstSelector) + @"[\s,{.#:>\[]");
    }

    /// <summary>
    /// Values Chromium accepts and AngleSharp.Css rejects: <c>! important</c> with a space (the syntax allows it),
    /// <c>auto</c> sides of <c>clip:rect()</c>, a unitless zero angle (<c>rotate(0)</c>). None of them hides anything.
    /// </summary>
    private static bool BrowsersAccept(string css, string line) =>
        (line.EndsWith("! }", StringComparison.Ordinal) && Regex.IsMatch(css, @"!\s+important", RegexOptions.IgnoreCase))
        || Regex.IsMatch(line, @"\{ clip:rect\(.*auto") || line.Contains("rotate(0)", StringComparison.Ordinal);

    private static List<(string, IEnumerable<(string, string, bool)>)> OracleRules(CssParser parser, string css)
    {
        var rules = new List<(string, IEnumerable<(string, string, bool)>)>();
        Collect(parser.ParseStyleSheet(css).Rules, rules);
        return rules;
    }

    private static void Collect(ICssRuleList list, List<(string, IEnumerable<(string, string, bool)>)> rules)
    {
        foreach (var rule in list)
            switch (rule)
            {
                case ICssStyleRule style when style.Selector is { } selector && !CssVisibility.PseudoElement().IsMatch(style.SelectorText) && Relevant(style.Style).Count > 0:
                    rules.Add((selector.Text, Relevant(style.Style)));
                    break;
                case ICssMediaRule media when StyleSheetReader.ForScreen(media.Media.MediaText):
                    Collect(media.Rules, rules);
                    break;
                case ICssSupportsRule supports:
                    Collect(supports.Rules, rules);
                    break;
            }
    }

    private static List<(string, string, bool)> Relevant(ICssStyleDeclaration style) =>
        style.Where(p => CssDeclarations.Properties.Contains(p.Name)).Select(p => (p.Name, p.Value, p.IsImportant)).ToList();

    /// <summary>A value as the cascade reads it: a colour by its alpha, numbers as numbers (<c>0px</c> = <c>0</c>, <c>.5</c> = <c>0.5</c>).</summary>
    private static string Meaning(string name, string value)
    {
        value = value.Trim().ToLowerInvariant();
        if (name == "font-size" && value == "") return "medium"; // a system font (font: menu): AngleSharp.Css leaves its size empty, we read it as medium
        if (name == "color")
        {
            if (value == "transparent") return "alpha 0";
            var m = Rgba().Match(value);
            if (m.Success) return "alpha " + Math.Round(m.Groups["a"].Success ? double.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture) : 1, 2);
            return Regex.IsMatch(value, "^[a-z]+$") ? "alpha 1" : value;
        }
        value = Number().Replace(value, m =>
        {
            var number = Math.Round(double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), 6);
            var unit = m.Groups["u"].Value;
            return number == 0 && unit != "%" ? "0" : number.ToString(CultureInfo.InvariantCulture) + (unit == "px" ? "" : unit);
        });
        return Regex.Replace(value.Replace("translatex(", "translate("), @"[\s,]+", " ");
    }

    [GeneratedRegex(@"^rgba?\([^,]+,[^,]+,[^,]+(?:,\s*(?<a>[\d.]+))?\)$")]
    private static partial Regex Rgba();

    [GeneratedRegex(@"(?<![\w.])(?<n>[-+]?(?:\d+\.?\d*|\.\d+))(?<u>[a-z%]*)")]
    private static partial Regex Number();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Scanner.sln above " + AppContext.BaseDirectory);
    }
}
