using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;
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
        // Tags inside comments (IE conditional comments wrap <html> in them) do not count. The comments' places are
        // listed rather than blanked in a copy: a copy of every page was a tenth of the analyzers' allocations (issue 20).
        var comments = new List<(int Start, int End)>();
        foreach (var m in Comment().EnumerateMatches(html)) comments.Add((m.Index, m.Index + m.Length));
        int? openAt = null, closeEnd = null;
        foreach (var m in HtmlOpen().EnumerateMatches(html))
            if (!Inside(comments, m.Index)) { openAt = m.Index; break; }
        foreach (var m in HtmlClose().EnumerateMatches(html))
            if (!Inside(comments, m.Index)) closeEnd = m.Index + m.Length;
        if (openAt is { } open && Meaningful(html[..open]) is { Length: > 0 } before)
            yield return Report(page, rules, before, "before <html>", LineOf(html, 0));
        if (closeEnd is { } end && Meaningful(html[end..]) is { Length: > 0 } after)
            yield return Report(page, rules, after, "after </html>", LineOf(html, end));
    }

    /// <summary>Whether <paramref name="index"/> falls in one of the (ordered, disjoint) comment ranges.</summary>
    private static bool Inside(List<(int Start, int End)> comments, int index)
    {
        int lo = 0, hi = comments.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (index < comments[mid].Start) hi = mid - 1;
            else if (index >= comments[mid].End) lo = mid + 1;
            else return true;
        }
        return false;
    }

    private static Finding Report(PageSnapshot page, RuleSet rules, string fragment, string where, int line)
    {
        using var parsed = SharedHtmlParsers.For(default).ParseDocument("<body>" + fragment + "</body>");
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
