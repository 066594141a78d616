using System.Globalization;
using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>page.doorway</c>: the page as a whole is spam (a doorway or 泛目录 page the attacker generated on the host),
/// even when no single block is dense. Independent signals, each from 0 to 1 — how much of the title, the headings
/// (h1–h3) and the main text holds spam terms, how many distinct terms and categories, how many link anchors are spam,
/// the URL's shape, a QQ/WeChat solicitation — are weighted by rules/detectors.yaml (<see cref="DoorwaySettings"/>);
/// the score's threshold sets the severity, and the reasons list every signal with its value and weight.
/// A page whose title and headings hold no spam is not a doorway (an injected block is the other analyzers' job).
/// </summary>
public sealed partial class DoorwayPageAnalyzer : IPageAnalyzer
{
    public const string RuleId = "page.doorway";

    public static readonly RuleDescriptor Rule = RuleCatalogue.PageDoorway;

    private static readonly string[] HeadingTags = ["h1", "h2", "h3"];

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => rules.Detectors.Doorway is null ? [] : [Rule];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        if (rules.Detectors.Doorway is not { } settings) yield break;
        var signals = Measure(page, rules, settings);
        if (signals.DistinctTerms.Count < settings.MinimumDistinctTerms || signals.Values["title"] + signals.Values["headings"] == 0) yield break;
        var raw = SignalNamesIn(settings).Sum(s => signals.Values[s] * settings.WeightOf(s));
        var score = raw * Math.Max(0, 1 - signals.Enforcement * settings.EnforcementWeight);
        Severity? severity = score >= settings.CriticalScore ? Severity.Critical
            : score >= settings.HighScore ? Severity.High
            : score >= settings.MediumScore ? Severity.Medium : null;
        if (severity is not { } found) yield break;

        var threshold = found switch { Severity.Critical => settings.CriticalScore, Severity.High => settings.HighScore, _ => settings.MediumScore };
        var reasons = new List<string?>
        {
            $"page score {F(score)} ≥ {F(threshold)} ({found.ToWord()}; weights from {Path.GetFileName(settings.SourceFile)})",
        };
        reasons.AddRange(SignalNamesIn(settings).Where(s => signals.Values[s] > 0)
            .Select(s => $"{s} {F(signals.Values[s])} × {F(settings.WeightOf(s))}: {signals.Details[s]}"));
        if (signals.Enforcement > 0)
            reasons.Add($"signals sum {F(raw)}, × (1 − enforcement {F(signals.Enforcement)} × {F(settings.EnforcementWeight)}): {signals.Details["enforcement"]}");
        reasons.Add($"{signals.DistinctTerms.Count} distinct spam term(s): {string.Join(", ", signals.DistinctTerms.Take(12).Select(t => $"\"{t}\""))}");
        var category = signals.CategoryCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
        yield return Signals.Make(Rule, page, found, null, Signals.Clip(signals.Evidence), reasons,
            string.Join("|", signals.DistinctTerms.Take(20)), matched: string.Join(", ", signals.DistinctTerms.Take(20)), category: category);
    }

    private static IEnumerable<string> SignalNamesIn(DoorwaySettings settings) => DoorwaySettings.SignalNames.Where(s => settings.WeightOf(s) > 0);

    private sealed record Measured(
        Dictionary<string, double> Values, Dictionary<string, string> Details, IReadOnlyList<string> DistinctTerms,
        Dictionary<string, int> CategoryCounts, string Evidence, double Enforcement);

    private static Measured Measure(PageSnapshot page, RuleSet rules, DoorwaySettings settings)
    {
        var values = DoorwaySettings.SignalNames.ToDictionary(s => s, _ => 0.0);
        var details = DoorwaySettings.SignalNames.ToDictionary(s => s, _ => "");
        var spamBlocks = new List<(SpamTerms Spam, Func<string?> Story)>();
        var allTerms = new HashSet<string>(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        // The story of a block is what its reporting words may come from (ReportingStory), read only for spam-bearing blocks.
        SpamTerms Find(string? text, Func<string?>? story = null)
        {
            var spam = SpamTerms.In(text, rules);
            foreach (var term in spam.Normalized) allTerms.Add(term);
            foreach (var hit in spam.Hits) categories[hit.Hit.Pack.Category] = categories.GetValueOrDefault(hit.Hit.Pack.Category) + 1;
            if (spam.Any) spamBlocks.Add((spam, story ?? (() => null)));
            return spam;
        }

        // The title search engines index: the served one, or the rendered one when it holds more spam.
        var served = Find(page.RawTitle, () => ReportingStory.OfTitle(page, page.RawTitle ?? ""));
        var rendered = page.RenderedTitle == page.RawTitle ? served : Find(page.RenderedTitle, () => ReportingStory.OfTitle(page, page.RenderedTitle ?? ""));
        var title = rendered.Normalized.Count > served.Normalized.Count ? rendered : served;
        values["title"] = Math.Min(1, title.Normalized.Count / settings.TitleTermsForFull);
        details["title"] = $"{title.Normalized.Count} term(s) in \"{Signals.Clip(title.Text, 80)}\"";

        var blocks = page.TextBlocks;
        var headings = Enumerable.Range(0, blocks.Count).Where(i => HeadingTags.Contains(blocks[i].Tag, StringComparer.OrdinalIgnoreCase) && blocks[i].Text.Trim().Length > 0).ToList();
        var spamHeadings = headings.Count(i => Find(blocks[i].Text, () => ReportingStory.Around(page, i)).Any);
        values["headings"] = headings.Count == 0 ? 0 : (double)spamHeadings / headings.Count;
        details["headings"] = $"{spamHeadings} of {headings.Count} h1–h3 hold spam terms";

        var body = Enumerable.Range(0, blocks.Count).Where(i => blocks[i].LinkHref is null && !HeadingTags.Contains(blocks[i].Tag, StringComparer.OrdinalIgnoreCase) && blocks[i].Text.Trim().Length > 1).ToList();
        var bodyChars = body.Sum(i => blocks[i].Text.Length);
        var spamChars = body.Where(i => Find(blocks[i].Text, () => ReportingStory.Around(page, i)).Any).Sum(i => blocks[i].Text.Length);
        values["body"] = bodyChars == 0 ? 0 : (double)spamChars / bodyChars;
        details["body"] = $"{spamChars} of {bodyChars} characters of text sit in blocks with spam terms";

        var anchors = page.Links.Where(l => l.Text.Trim().Length > 1).ToList();
        var spamAnchors = anchors.Count(a => Find(a.Text).Any);
        values["anchors"] = anchors.Count == 0 ? 0 : (double)spamAnchors / anchors.Count;
        details["anchors"] = $"{spamAnchors} of {anchors.Count} link texts hold spam terms";

        values["diversity"] = Math.Min(1, allTerms.Count / settings.DistinctTermsForFull);
        details["diversity"] = $"{allTerms.Count} distinct spam terms";
        values["categories"] = Math.Min(1, categories.Count / settings.CategoriesForFull);
        details["categories"] = $"{categories.Count} categor{(categories.Count == 1 ? "y" : "ies")}: {string.Join(", ", categories.Keys.Order(StringComparer.Ordinal))}";

        if (UrlShape.GeneratedLooking(page.EffectiveUrl) is { } shape) { values["url"] = 1; details["url"] = $"the URL has {shape}"; }
        var contact = page.TextBlocks.Select(b => Contact().Match(b.Text)).FirstOrDefault(m => m.Success);
        if (contact is not null && allTerms.Count > 0) { values["contact"] = 1; details["contact"] = $"solicits contact: \"{contact.Value}\""; }

        var enforced = spamBlocks.DistinctBy(b => b.Spam.Text).Select(b => ReportingWord(b.Spam, b.Story, rules, settings)).ToList();
        var enforcement = enforced.Count == 0 ? 0 : (double)enforced.Count(w => w is not null) / enforced.Count;
        details["enforcement"] = $"{enforced.Count(w => w is not null)} of {enforced.Count} spam-bearing blocks speak of enforcement, warn or report ({string.Join(", ", enforced.OfType<string>().Distinct().Take(6))})";

        var firstHeading = headings.Count > 0 ? blocks[headings[0]].Text : null;
        var evidence = title.Text.Length > 0 ? title.Text : firstHeading ?? "";
        if (firstHeading is not null && firstHeading != evidence) evidence += " | " + firstHeading;
        return new Measured(values, details, allTerms.Order(StringComparer.Ordinal).ToList(), categories, evidence, enforcement);
    }

    /// <summary>
    /// Why a spam-bearing block reads as enforcement, a warning or another reporting context, or null: one of the
    /// doorway's enforcement words in the block, or, for every pack it names, one of the pack's reporting contexts
    /// (rules/*.yaml <c>allow … near</c>: crackdown news, fraud warnings, addiction care, official lottery notices) in
    /// its story without spam corroboration in its own text. A doorway sells; such a page tells about it.
    /// </summary>
    private static string? ReportingWord(SpamTerms spam, Func<string?> story, RuleSet rules, DoorwaySettings settings)
    {
        if (settings.EnforcementWords.FirstOrDefault(w => spam.Text.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } word) return word;
        var around = story() is { } s ? spam.Text + "。\n" + s : null;
        string? first = null;
        foreach (var pack in spam.Hits.Select(h => h.Hit.Pack).Distinct())
        {
            if (rules.ReportingContextOf(pack, spam.Text, around) is not { } reporting) return null;
            first ??= reporting.Near[0];
        }
        return first;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>QQ / WeChat / "add V" handles, as spam pages ask to be contacted (a phone number alone is on every government page).</summary>
    [GeneratedRegex(@"(?:QQ|qq|扣扣|微信|薇信|威信|V信|v信|vx|VX|加V|加v|wx)\s*[:：号]?\s*[A-Za-z0-9_-]{5,}")]
    private static partial Regex Contact();
}
