using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Whether the markup an obfuscated script writes is inert: a hidden e-mail address (an anti-harvesting
/// <c>document.write('&lt;a href="mailto:…"&gt;')</c>) or a clock's text, not an injection. Inert means the decoded code
/// names no host, writes no tag that loads or navigates (script, frame, meta, link, form, object), no link other than
/// mailto:/tel:, and no hiding style. Spam a script writes needs one of those: links to other sites or to doorway
/// pages, a loader, or a box that hides them.
/// </summary>
public static partial class InertMarkupWrite
{
    /// <summary>The reason the write is inert, or null when the decoded code could write an injection.</summary>
    public static string? Of(string decoded, IReadOnlyCollection<string> decodedHosts)
    {
        if (decodedHosts.Count > 0 || ActiveTag().IsMatch(decoded) || HidingWord().IsMatch(decoded)) return null;
        if (Href().Matches(decoded).Any(m => !m.Groups["scheme"].Success)) return null;
        return Href().IsMatch(decoded)
            ? "the decoded code writes only mailto:/tel: links and names no host: an e-mail address hidden from harvesters, not an injection"
            : "the decoded code writes markup without links, hosts, tags that load anything or hiding styles (a clock, a counter): not an injection";
    }

    [GeneratedRegex(@"<\s*(?:script|i?frame|meta|link|form|object|embed|base|style)\b|location(?:\.href)?\s*=(?!=)|location\s*\.\s*(?:replace|assign)|window\.open", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveTag();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden|text-indent|font-size\s*:\s*0|(?:left|top)\s*:\s*-|overflow\s*:\s*hidden|\bhidden\b", RegexOptions.IgnoreCase)]
    private static partial Regex HidingWord();

    [GeneratedRegex(@"href\s*=\s*\\?['""]?\s*(?<scheme>mailto:|tel:)?", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
