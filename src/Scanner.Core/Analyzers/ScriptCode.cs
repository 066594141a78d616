using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The code the script rules read for one script: its inline text, or the code of an external script that the loader
/// brought in (<see cref="PageScript.ExternalText"/>). Code from well-known hosts (CDNs, analytics) and allowed domains
/// is not judged: those are libraries and trackers, and the loaders do not fetch them anyway.
/// </summary>
public static partial class ScriptCode
{
    public static string? Of(PageScript script, PageSnapshot page, RuleSet rules)
    {
        if (!string.IsNullOrWhiteSpace(script.InlineText)) return script.InlineText;
        return ExternalSource(script, page, rules) is not null ? WithoutLibrary(script.ExternalText!, rules) : null;
    }

    /// <summary>Below this a line is not a minified library's body.</summary>
    private const int MinifiedLine = 5000;

    /// <summary>
    /// A library the site serves itself (its banner, <c>scripts.libraryBanners</c>, in the first 400 characters): only what
    /// follows its minified body, where code appended to a hacked copy sits; null when nothing does. Other code as it is.
    /// </summary>
    public static string? WithoutLibrary(string code, RuleSet rules) => WithoutLibrary(code, rules.Detectors.Get(ScriptSettings.LibraryBanners));

    /// <summary>As <see cref="WithoutLibrary(string, RuleSet)"/> with the banners given.</summary>
    public static string? WithoutLibrary(string code, IReadOnlyList<string> banners)
    {
        var head = code.AsSpan(0, Math.Min(400, code.Length));
        var library = false;
        foreach (var banner in banners) if (head.Contains(banner, StringComparison.Ordinal)) { library = true; break; }
        if (!library) return code;
        int longest = -1, longestEnd = 0, start = 0;
        while (start < code.Length)
        {
            var end = code.IndexOf('\n', start);
            if (end < 0) end = code.Length;
            if (end - start > longest) { longest = end - start; longestEnd = end; }
            start = end + 1;
        }
        if (longest < MinifiedLine) return code;
        var tail = code[longestEnd..];
        return Comment().Replace(tail, "").Trim().Length > 0 ? tail : null; // a source-map comment is not code
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"//[^\n]*|/\*[\s\S]*?\*/")]
    private static partial System.Text.RegularExpressions.Regex Comment();

    /// <summary>The URL of the external script whose fetched code <see cref="Of"/> gives, or null for inline code.</summary>
    public static string? ExternalSource(PageScript script, PageSnapshot page, RuleSet rules)
    {
        if (!string.IsNullOrWhiteSpace(script.InlineText) || string.IsNullOrWhiteSpace(script.ExternalText) || script.Src is null) return null;
        return SiteDomain.HttpHost(script.Src) is { } host && !Trusted(host, page.EffectiveUrl, rules) ? script.Src : null;
    }

    /// <summary>
    /// A host whose scripts are not read: another site that is well-known (CDNs, analytics) or allowed. The page's own
    /// site is always read, allowed or not (gov.cn is allowed, and a hacked gov.cn site's common.js is the case).
    /// </summary>
    public static bool Trusted(string host, string pageUrl, RuleSet rules) =>
        !(SiteDomain.HttpHost(pageUrl) is { } own && SiteDomain.SameSite(host, own))
        && (rules.LinkPolicy.IsWellKnown(host) || rules.LinkPolicy.IsAllowed(host));

    /// <summary>The reason that says where the code came from.</summary>
    public static string FromReason(string src) => $"in the code of the external script {src} (<script src>)";

    /// <summary>
    /// <paramref name="finding"/> saying which external script's code it was read in (unchanged for inline code); with
    /// <paramref name="inEvidence"/> the URL heads the evidence too (a code excerpt; a redirect's evidence stays its target).
    /// </summary>
    public static Finding Located(Finding finding, string? src, bool inEvidence = false) =>
        src is null ? finding : finding with
        {
            Reasons = [FromReason(src), .. finding.Reasons],
            Evidence = inEvidence ? $"{src}:\n{finding.Evidence}" : finding.Evidence,
        };
}
