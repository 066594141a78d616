using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Scanner.Core.Model;

namespace Scanner.Core.Reports.Localization;

/// <summary>
/// The language of the reports people read (console, HTML, Markdown): their labels, severities, rule titles and hidden
/// reasons come from ReportStrings.resx (English) and its translations (ReportStrings.zh-CN.resx) through
/// <see cref="ResourceManager"/>. Machine formats (JSON, SARIF, JUnit) and rule ids never change with it.
/// </summary>
public sealed partial class ReportLanguage
{
    private static readonly ResourceManager Strings = new("Scanner.Core.Reports.Localization.ReportStrings", typeof(ReportLanguage).Assembly);

    /// <summary>The languages --lang accepts; the first is the default.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["en", "zh-CN"];

    public static ReportLanguage English { get; } = new(CultureInfo.InvariantCulture, "en");

    public CultureInfo Culture { get; }

    /// <summary>The tag as the user writes it (en, zh-CN), also the HTML report's lang attribute.</summary>
    public string Tag { get; }

    private ReportLanguage(CultureInfo culture, string tag) => (Culture, Tag) = (culture, tag);

    /// <summary>A supported language by its tag, case-insensitive (en, zh-CN; zh and zh-Hans mean zh-CN).</summary>
    public static bool TryParse(string? tag, out ReportLanguage language)
    {
        language = English;
        switch (tag?.Trim().ToLowerInvariant())
        {
            case "en" or "en-us" or "en-gb": return true;
            case "zh-cn" or "zh" or "zh-hans" or "zh-hans-cn":
                language = new ReportLanguage(CultureInfo.GetCultureInfo("zh-CN"), "zh-CN");
                return true;
            default: return false;
        }
    }

    /// <summary>The text of a label.</summary>
    /// <exception cref="InvalidOperationException">No such label (a bug: every label is in ReportStrings.resx).</exception>
    public string this[string key] =>
        Strings.GetString(key, Culture) ?? throw new InvalidOperationException($"report label '{key}' is missing from ReportStrings.resx");

    /// <summary>A label with its {0}, {1}... filled in.</summary>
    public string Format(string key, params object?[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

    /// <summary>critical → critical / 严重.</summary>
    public string Severity(Severity severity) => this[$"Severity.{severity.ToWord()}"];

    /// <summary>The rule's title in this language: the translation of its id when there is one, else the finding's own title
    /// (a keyword pack of the user's, whose title is its own words).</summary>
    public string RuleTitle(string ruleId, string title) =>
        Culture.Equals(CultureInfo.InvariantCulture) ? title : Strings.GetString($"Rule.{ruleId}", Culture) ?? title;

    public string RuleTitle(Finding finding) => RuleTitle(finding.RuleId, finding.Title);

    /// <summary>
    /// A hidden reason in this language: its words (display-none, off-screen, hidden-ancestor...) translated where they
    /// stand; the selector it may name (div#x, span.off-screen) is left as it is.
    /// </summary>
    public string HiddenReason(string reason) => Culture.Equals(CultureInfo.InvariantCulture)
        ? reason
        : ReasonWord().Replace(reason, m => Strings.GetString($"Hidden.{m.Value}", Culture) ?? m.Value);

    public string HiddenReasons(IEnumerable<string> reasons) => string.Join(this["List.Separator"], reasons.Select(HiddenReason));

    /// <summary>A reason's word: lower-case with hyphens, not part of a selector (after '.' or '#').</summary>
    [GeneratedRegex(@"(?<![.#\w-])[a-z]+(?:-[a-z]+)*(?![\w-])")]
    private static partial Regex ReasonWord();
}
