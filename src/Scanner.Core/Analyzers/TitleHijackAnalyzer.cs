using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>title.rewritten</c> and <c>meta.spam</c>: the title and the meta tags search engines read.
/// <list type="bullet">
/// <item><c>title.rewritten</c>: the served <c>&lt;title&gt;</c> differs from the one the visitor ends up with, because a
///   script rewrote it. Critical when either side holds spam terms (spam for spiders, a clean title for
///   visitors — or the reverse); low otherwise (single-page apps retitle themselves).
///   Spam in a title that no script touched is reported by the keyword rules.</item>
/// <item><c>meta.spam</c>: spam terms in <c>&lt;meta name=keywords|description&gt;</c> (or og:title/og:description),
///   which visitors never see: the terms' severity, critical with three or more distinct terms.</item>
/// </list>
/// </summary>
public sealed partial class TitleHijackAnalyzer : IPageAnalyzer
{
    public const string RewrittenRule = "title.rewritten";
    public const string MetaSpamRule = "meta.spam";

    public static readonly RuleDescriptor Rewritten = RuleCatalogue.TitleRewritten;

    public static readonly RuleDescriptor MetaSpam = RuleCatalogue.MetaSpam;

    /// <summary>
    /// The served title, when every term of <paramref name="spam"/> is also in it and the title is the headline of a
    /// story that reports on them (<see cref="ReportingStory.TitleReports"/>): a notice about stopping "时时彩" sales
    /// names the game in its title, its h1 and its keywords.
    /// </summary>
    private static string? HeadlineTerms(PageSnapshot page, RuleSet rules, SpamTerms spam)
    {
        var title = page.RawTitle;
        if (string.IsNullOrWhiteSpace(title)) return null;
        var inTitle = SpamTerms.In(title, rules).Normalized;
        if (spam.Normalized.Any(t => !inTitle.Contains(t))) return null;
        return spam.Hits.Select(h => h.Hit.Pack).Distinct().All(pack => ReportingStory.TitleReports(page, rules, pack, title)) ? title : null;
    }

    private static readonly string[] MetaNames = ["keywords", "description", "og:title", "og:description"];

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [Rewritten, MetaSpam];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var served = Collapse(page.RawTitle);
        var rendered = Collapse(page.RenderedTitle);
        if (served.Length > 0 && rendered.Length > 0 && served != rendered)
        {
            var servedSpam = SpamTerms.In(served, rules);
            var renderedSpam = SpamTerms.In(rendered, rules);
            var reasons = new List<string?> { $"served title \"{served}\"", $"rendered title \"{rendered}\"", "a script rewrote the title after load" };
            var severity = Severity.Low;
            if (servedSpam.Any && !renderedSpam.Any)
            {
                reasons.Add("served title holds " + servedSpam.Describe() + "; visitors see a clean title: cloaked for search engines");
                severity = Severity.Critical;
            }
            else if (renderedSpam.Any)
            {
                reasons.Add("the script's title holds " + renderedSpam.Describe());
                severity = Severity.Critical;
            }
            else if (servedSpam.Any) { reasons.Add("served title holds " + servedSpam.Describe()); severity = Severity.Critical; }
            var spam = servedSpam.Any ? servedSpam : renderedSpam;
            yield return Signals.Make(Rewritten, page, severity, "title", $"{served} → {rendered}", reasons,
                spam.Any ? string.Join("|", spam.Normalized) : served + "\u001f" + rendered,
                matched: spam.Any ? string.Join(", ", spam.Normalized) : null, category: spam.Any ? spam.Category : null);
        }

        else if (served.Length > 0 && ScriptSetTitle(page) is { } scripted && Collapse(scripted.Title) != served)
        {
            // No rewrite was seen (the static engine runs no scripts), but the code says one will happen.
            var servedSpam = SpamTerms.In(served, rules);
            var scriptedSpam = SpamTerms.In(scripted.Title, rules);
            if (scriptedSpam.Any && !servedSpam.Any)
            {
                // Spiders that run scripts (Baidu's and Google's do) index the title the code sets, written in escapes
                // (\u6fb3…, String.fromCharCode, unescape('%u…')) so that the served HTML reads clean.
                yield return Signals.Make(Rewritten, page, Severity.Critical, "title", $"{served} → {Collapse(scripted.Title)}",
                    [
                        $"served title \"{served}\"",
                        $"a script on the page sets document.title to \"{Collapse(scripted.Title)}\" (read from the code: {Signals.Clip(scripted.Code, 120)})",
                        "the script's title holds " + scriptedSpam.Describe(),
                    ],
                    string.Join("|", scriptedSpam.Normalized), matched: string.Join(", ", scriptedSpam.Normalized), category: scriptedSpam.Category);
            }
            else if (servedSpam.Any && !scriptedSpam.Any)
            {
                var shown = scripted.Title.Length == 0 ? "a title computed at run time" : $"\"{Collapse(scripted.Title)}\"";
                yield return Signals.Make(Rewritten, page, Severity.Critical, "title", $"{served} → {shown}",
                    [
                        $"served title \"{served}\" holds " + servedSpam.Describe(),
                        $"a script on the page sets document.title to {shown} (read from the code: {Signals.Clip(scripted.Code, 120)})",
                        "search engines index the spam title, visitors see the script's: cloaked for search engines",
                    ],
                    string.Join("|", servedSpam.Normalized), matched: string.Join(", ", servedSpam.Normalized), category: servedSpam.Category);
            }
        }

        foreach (var meta in page.Meta)
        {
            var name = (meta.Name ?? meta.Property)?.Trim().ToLowerInvariant();
            if (name is null || !MetaNames.Contains(name) || string.IsNullOrWhiteSpace(meta.Content)) continue;
            var spam = SpamTerms.In(meta.Content, rules);
            if (!spam.Any) continue;
            var severity = spam.MaxSeverity;
            var reasons = new List<string?> { $"<meta {(meta.Name is null ? "property" : "name")}=\"{name}\"> holds " + spam.Describe(), "search engines read it; visitors never see it" };
            if (spam.Normalized.Count >= rules.Detectors.Get(KeywordSettings.SpamBlockTerms) && spam.Hits.Any(h => h.Hit.Severity >= Severity.High))
            {
                reasons.Add($"{spam.Normalized.Count} distinct spam terms: a keyword-stuffed meta tag");
                severity = Severity.Critical;
            }
            else if (severity > Severity.Medium && spam.Hits.Select(h => h.Hit.Pack).Distinct().All(pack => rules.ReportingContextOf(pack, meta.Content) is not null))
            {
                reasons.Add("the tag itself is a warning or a report (its words: a reporting context of the pack), not a keyword list; a person should look");
                severity = Severity.Medium;
            }
            else if (HeadlineTerms(page, rules, spam) is { } headline && severity > Severity.Medium)
            {
                reasons.Add($"the same term(s) as the page's headline \"{Signals.Clip(headline, 60)}\", whose story reports on them: a notice's keywords, not a hijack; a person should look");
                severity = Severity.Medium;
            }
            yield return Signals.Make(MetaSpam, page, severity, $"meta[{(meta.Name is null ? "property" : "name")}=\"{name}\"]",
                Signals.Clip(meta.Content), reasons, name + "\u001f" + string.Join("|", spam.Normalized),
                matched: string.Join(", ", spam.Normalized), category: spam.Category);
        }
    }

    /// <summary>
    /// An inline script's assignment to document.title: the literal it assigns, or the literal a variable of that name
    /// was given, or "" when the value is computed. Null when no inline script sets the title.
    /// </summary>
    private static (string Title, string Code)? ScriptSetTitle(PageSnapshot page)
    {
        foreach (var script in page.Scripts)
        {
            if (script.InlineText is not { } code) continue;
            var assignment = TitleAssignment().Match(code);
            if (!assignment.Success) continue;
            if (assignment.Groups["literal"].Success) return (Decoded(assignment.Groups["literal"].Value), assignment.Value);
            if (assignment.Groups["call"].Success) return (Decoded(assignment.Groups["call"].Value), assignment.Value);
            var variable = assignment.Groups["variable"].Value;
            var given = System.Text.RegularExpressions.Regex.Match(code, $@"\b{System.Text.RegularExpressions.Regex.Escape(variable)}\s*=\s*(['""])(?<value>(?:(?!\1).)*)\1");
            return (given.Success ? given.Groups["value"].Value : "", assignment.Value);
        }
        return null;
    }

    /// <summary>A title literal or decoding call as the page will show it: escapes, char codes and %-runs undone.</summary>
    private static string Decoded(string code)
    {
        var layers = ScriptDecoder.Layers(code);
        var text = layers.Count > 0 ? layers[0] : code;
        // A call decodes to its bare result; a literal keeps its quotes' content.
        return text.Trim().Trim('\'', '"').Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"document\.title\s*=(?!=)\s*(?:(?<call>(?:String\.fromCharCode|unescape|decodeURIComponent|decodeURI|atob)\s*\([^()]*\))|(['""])(?<literal>(?:(?!\1).)*)\1|(?<variable>[A-Za-z_$][\w$]*))")]
    private static partial System.Text.RegularExpressions.Regex TitleAssignment();

    private static string Collapse(string? s) =>
        string.IsNullOrWhiteSpace(s) ? "" : System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Trim();
}
