using System.Text.RegularExpressions;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Where a <c>&lt;script src&gt;</c> sits in the served HTML, when it is a place injectors use and site templates do
/// not: before <c>&lt;html&gt;</c> (or the doctype), after <c>&lt;/html&gt;</c>, or as the first script in <c>&lt;head&gt;</c>,
/// before any <c>&lt;meta&gt;</c> (the charset) and the <c>&lt;title&gt;</c> — a line pasted at the top of the template.
/// A corroborating signal for <c>script.external-host</c>, never a verdict alone.
/// </summary>
public static partial class ScriptPlacement
{
    public const string FirstInHead = "first in <head>, before the charset and the <title>";

    public static string? UnusualPlaceOf(PageSnapshot page, string src)
    {
        var html = page.ServedHtml;
        if (html.Length == 0 || !Uri.TryCreate(page.EffectiveUrl, UriKind.Absolute, out var pageUri)) return null;
        foreach (Match m in ScriptTag().Matches(html))
        {
            if (!Uri.TryCreate(pageUri, m.Groups["src"].Value.Trim(), out var abs) || !string.Equals(abs.AbsoluteUri, src, StringComparison.OrdinalIgnoreCase)) continue;
            var at = m.Index;
            var start = HtmlStart().Match(html);
            if (!start.Success || at < start.Index) return "before <html> (or the doctype) in the served HTML";
            var end = html.LastIndexOf("</html>", StringComparison.OrdinalIgnoreCase);
            if (end >= 0 && at > end) return "after </html> in the served HTML";
            var head = html.IndexOf("<head", StringComparison.OrdinalIgnoreCase);
            // The first script of the head, before its meta and title: a saved page's head holds a dozen scripts the
            // page's own tags inserted there (insertBefore the first child); the one line pasted into a template is alone.
            if (head >= 0 && head < at && !MetaOrTitle().IsMatch(html.AsSpan(head, at - head)) && !ScriptStart().IsMatch(html.AsSpan(head, at - head))
                && MetaOrTitle().IsMatch(html.AsSpan(at)))
                return FirstInHead;
            return null;
        }
        return null;
    }

    [GeneratedRegex(@"<script\b[^>]*?\bsrc\s*=\s*['""]?(?<src>[^'""\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<!doctype\b|<html\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlStart();

    [GeneratedRegex(@"<script\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptStart();

    [GeneratedRegex(@"<meta\b|<title\b", RegexOptions.IgnoreCase)]
    private static partial Regex MetaOrTitle();
}
