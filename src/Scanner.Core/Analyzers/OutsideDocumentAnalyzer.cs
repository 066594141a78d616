using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>document.outside-html</c>: markup or text in the served HTML before <c>&lt;html&gt;</c> or after
/// <c>&lt;/html&gt;</c>, where templates never put anything but injectors that append to a file do. Browsers still
/// render it. Critical with spam terms or links to 3+ unrelated sites; high with links to other sites; medium for other text or elements (a script
/// alone included). Doctype, comments, processing instructions and whitespace are ignored.
/// </summary>
public sealed partial class OutsideDocumentAnalyzer : IPageAnalyzer
{
    public const string OutsideHtmlRule = "document.outside-html";

    public static readonly RuleDescriptor OutsideHtml = RuleCatalogue.DocumentOutsideHtml;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [OutsideHtml];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var html = page.ServedHtml;
        if (string.IsNullOrEmpty(html)) yield break;
        // Tags inside comments (IE conditional comments wrap <html> in them) do not count: search a copy with comments blanked.
        var masked = Comment().Replace(html, m => new string(' ', m.Length));
        var open = HtmlOpen().Match(masked);
        var close = HtmlClose().Matches(masked).LastOrDefault();
        if (open.Success && Meaningful(html[..open.Index]) is { Length: > 0 } before)
            yield return Report(page, rules, before, "before <html>", LineOf(html, 0));
        if (close is not null && Meaningful(html[(close.Index + close.Length)..]) is { Length: > 0 } after)
            yield return Report(page, rules, after, "after </html>", LineOf(html, close.Index + close.Length));
    }

    private static Finding Report(PageSnapshot page, RuleSet rules, string fragment, string where, int line)
    {
        var parsed = new HtmlParser().ParseDocument("<body>" + fragment + "</body>");
        var text = Regex.Replace(string.Join(" ", parsed.Body!.QuerySelectorAll("*:not(script):not(style)").SelectMany(e => e.ChildNodes)
            .Where(n => n.NodeType == AngleSharp.Dom.NodeType.Text).Select(n => n.TextContent)), @"\s+", " ").Trim();
        var hosts = parsed.QuerySelectorAll("a[href], iframe[src], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src") ?? "")
            .Select(u => Signals.UntrustedExternalHost(u.StartsWith("//", StringComparison.Ordinal) ? "http:" + u : u, page, rules))
            .OfType<string>().Distinct().ToList();
        var spam = SpamTerms.In(text, rules);
        var reasons = new List<string?> { $"{fragment.Trim().Length} characters of markup {where} (line {line} of the served HTML)" };
        var severity = Severity.Medium;
        if (hosts.Count > 0) { reasons.Add($"links or loads from {hosts.Count} other site(s): {string.Join(", ", hosts.Take(8))}"); severity = Severity.High; }
        var sites = hosts.Select(SiteDomain.Of).Distinct().Count();
        if (sites >= rules.Detectors.Get(OutsideDocumentSettings.FarmSites)) { reasons.Add($"a block of links to {sites} unrelated sites where no template writes: an appended link farm"); severity = Severity.Critical; }
        if (spam.Any) { reasons.Add("holds " + spam.Describe()); severity = Severity.Critical; }
        var finding = Signals.Make(OutsideHtml, page, severity, null, Signals.Clip(fragment.Trim(), 600), reasons,
            where + "|" + string.Join("|", hosts.Order(StringComparer.Ordinal)) + "|" + string.Join("|", spam.Normalized),
            matched: spam.Any ? string.Join(", ", spam.Normalized) : null, category: spam.Any ? spam.Category : null);
        return finding with { Line = line };
    }

    /// <summary>The fragment without doctype, comments, processing instructions and whitespace; empty when nothing is left.</summary>
    private static string Meaningful(string fragment)
    {
        var rest = Ignorable().Replace(fragment, "");
        return string.IsNullOrWhiteSpace(rest.Replace("\uFEFF", "")) ? "" : fragment;
    }

    private static int LineOf(string text, int index) => 1 + text.AsSpan(0, Math.Min(index, text.Length)).Count('\n');

    [GeneratedRegex(@"<!--.*?(?:-->|$)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<html[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlOpen();

    [GeneratedRegex(@"</html\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlClose();

    [GeneratedRegex(@"<!--.*?-->|<!doctype[^>]*>|<\?[^>]*>|</?(?:body|head)\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Ignorable();
}
