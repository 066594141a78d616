using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The code the script rules read for one script: its inline text, or the code of an external script that the loader
/// brought in (<see cref="PageScript.ExternalText"/>). Code from well-known hosts (CDNs, analytics) and allowed domains
/// is not judged: those are libraries and trackers, and the loaders do not fetch them anyway.
/// </summary>
public static class ScriptCode
{
    public static string? Of(PageScript script, RuleSet rules)
    {
        if (!string.IsNullOrWhiteSpace(script.InlineText)) return script.InlineText;
        return ExternalSource(script, rules) is not null ? script.ExternalText : null;
    }

    /// <summary>The URL of the external script whose fetched code <see cref="Of"/> gives, or null for inline code.</summary>
    public static string? ExternalSource(PageScript script, RuleSet rules)
    {
        if (!string.IsNullOrWhiteSpace(script.InlineText) || string.IsNullOrWhiteSpace(script.ExternalText) || script.Src is null) return null;
        var host = SiteDomain.HttpHost(script.Src);
        return host is null || rules.LinkPolicy.IsWellKnown(host) || rules.LinkPolicy.IsAllowed(host) ? null : script.Src;
    }

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
