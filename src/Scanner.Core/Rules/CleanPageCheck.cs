using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Scanner.Core.Rules;

/// <summary>
/// Which terms of a keyword pack occur in pages known to be clean: each would fire on such a page, so a word list
/// can be vetted against a site's own pages before it gates a scan. The text is the page's title and every text
/// node outside scripts and styles, one node per line (a match never crosses a line), so a term counts whether
/// the page shows it or hides it.
/// </summary>
public static class CleanPageCheck
{
    /// <returns>Per term found, how many of the pages hold it.</returns>
    public static IReadOnlyDictionary<string, int> TermsFoundIn(KeywordPack pack, IEnumerable<string> htmlFiles)
    {
        var rules = new RuleSet([pack], LinkPolicy.Empty);
        var parser = new HtmlParser();
        var pages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in htmlFiles)
        {
            // Saved government pages are often GBK: decoded by their charset as the scan decodes a served page.
            using var document = parser.ParseDocument(Loading.HtmlDecoder.Decode(File.ReadAllBytes(file), contentType: null));
            foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template").ToArray()) hidden.Remove();
            var lines = document.DocumentElement.GetDescendants().OfType<IText>().Select(t => t.Data.Trim()).Where(t => t.Length > 0);
            var text = string.Join('\n', lines.Prepend(document.Title ?? ""));
            foreach (var term in rules.FindKeywords(text).Select(k => k.Hit.Term.Term).Distinct(StringComparer.Ordinal))
                pages[term] = pages.GetValueOrDefault(term) + 1;
        }
        return pages;
    }
}
