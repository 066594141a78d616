using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.Core.Text;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rule <c>attribute.spam</c>: terms of the keyword packs in link titles and image alts/titles (<see cref="AttributeText"/>),
/// where 泛目录 injections carry their stuffing behind innocuous anchors or 1×1 images. A caption that names a term is
/// no injection by itself, so the severity comes from corroborating signals (<c>attributes</c> in rules/detectors.yaml):
/// the element hidden or a tiny image, its link to a random-looking path of the site (<see cref="UrlShape"/>) or to an
/// unrelated site, many such elements on the page, several terms or categories among them. Medium with fewer than
/// <c>highSignals</c>; a visible caption in a reporting context (crackdown or lottery news, the packs' <c>allow … near</c>,
/// in the attribute or in the page's visible text) keeps the pack's cap unless the element itself is hidden, tiny or
/// links somewhere suspicious (<see cref="KeywordAnalyzer"/>'s rule for text, with <see cref="QuotedMentions"/>).
/// </summary>
public sealed class AttributeSpamAnalyzer : IPageAnalyzer
{
    public const string RuleId = "attribute.spam";

    /// <summary>Characters of the page's visible text read for a reporting context: a story's lead and body, not a 10 MB page.</summary>
    private const int ContextChars = 20_000;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [RuleCatalogue.AttributeSpam];

    private sealed record Spammy(AttributeText Item, IReadOnlyList<(KeywordMatch Match, KeywordHit Hit)> Hits)
    {
        public IEnumerable<string> Terms => Hits.Select(h => TextNormalizer.Normalize(h.Match.Keyword.Term).Text);
    }

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        if (page.AttributeTexts.Count == 0) return [];
        var anchorTexts = page.Links.GroupBy(l => l.Selector, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var spammy = page.AttributeTexts
            .Where(a => !RepeatsAnchorText(a, anchorTexts))
            .Select(a => new Spammy(a, rules.FindKeywords(a.Text).ToList()))
            .Where(s => s.Hits.Count > 0)
            .ToList();
        if (spammy.Count == 0) return [];

        var elements = spammy.Select(s => s.Item.Selector).Distinct().Count();
        var terms = spammy.SelectMany(s => s.Terms).Distinct().Count();
        var categories = spammy.SelectMany(s => s.Hits.Select(h => h.Hit.Pack.Category)).Distinct().Count();
        var pageSignals = new List<string>();
        if (elements >= rules.Detectors.Get(AttributeSettings.ManyElements))
            pageSignals.Add($"{elements} elements on the page carry spam terms in their title/alt attributes");
        if (terms >= rules.Detectors.Get(KeywordSettings.SpamBlockTerms) || categories >= 2)
            pageSignals.Add($"{terms} distinct spam term(s) of {categories} categor{(categories == 1 ? "y" : "ies")} in those attributes");
        var context = new Lazy<string>(() => VisibleContext(page));
        return spammy.Select(s => Judge(page, rules, s, pageSignals, context)).ToList();
    }

    private static Finding Judge(PageSnapshot page, RuleSet rules, Spammy spammy, IReadOnlyList<string> pageSignals, Lazy<string> context)
    {
        var item = spammy.Item;
        var tiny = rules.Detectors.Get(AttributeSettings.TinyPixels);
        var hiddenOrTiny = item.Visibility.Hidden ? Signals.HiddenReason(item.Visibility)
            : item.ImageBox is { } box && (box.Width <= tiny || box.Height <= tiny) ? $"a {box.Width:0.#}×{box.Height:0.#} px image: visitors see nothing"
            : null;
        var target = item.LinkHref is not { } href ? null
            : Signals.UntrustedExternalHost(href, page, rules) is { } host ? $"links to another site ({host})"
            : SiteDomain.HttpHost(href) is not null && !SiteDomain.IsExternal(href, page.EffectiveUrl) && UrlShape.GeneratedOrRandomFile(href) is { } shape
                ? $"links to a generated-looking path of the site: {shape}"
            : null;
        var elementSignals = new[] { hiddenOrTiny, target }.OfType<string>().ToList();
        var signals = elementSignals.Concat(pageSignals).ToList();

        var byPack = spammy.Hits.GroupBy(h => h.Hit.Pack).OrderByDescending(g => g.Max(h => h.Hit.Severity)).First();
        var pack = byPack.Key;
        var terms = spammy.Terms.Distinct().Order(StringComparer.Ordinal).ToList();
        var reasons = new List<string>
        {
            $"in the {item.Attribute} attribute of <{item.Tag}>, not in the page's text: {terms.Count} term(s) of category '{pack.Category}': "
            + string.Join(", ", spammy.Hits.Select(h => $"\"{h.Match.Evidence(item.Text)}\"").Distinct()),
        };
        reasons.AddRange(signals);

        var severity = signals.Count >= rules.Detectors.Get(AttributeSettings.HighSignals) ? Severity.High : Severity.Medium;
        if (hiddenOrTiny is not null && signals.Count >= rules.Detectors.Get(AttributeSettings.CriticalSignals)) severity = Severity.Critical;
        if (signals.Count < rules.Detectors.Get(AttributeSettings.HighSignals))
            reasons.Add("a caption or link title that names a term, without corroboration: a person should look");
        else if (elementSignals.Count == 0 && ReportingCap(rules, pack, spammy, context) is { } cap && severity > cap.Severity)
        {
            severity = cap.Severity;
            reasons.Add(cap.Reason);
        }

        var evidence = $"<{item.Tag} {item.Attribute}=\"{Signals.Clip(item.Text, EvidenceText.MaxLength - 40)}\">"
                       + (item.LinkHref is { } link ? $" → {link}" : "");
        return Signals.Make(RuleCatalogue.AttributeSpam, page, severity, item.Selector, evidence, reasons,
            $"{item.Tag}|{item.Attribute}|{string.Join("|", terms)}|{item.LinkHref}", item.Visibility, string.Join(", ", terms), pack.Category, item.LinkHref);
    }

    /// <summary>A link's title that its anchor text already holds: the keyword rules judged that text.</summary>
    private static bool RepeatsAnchorText(AttributeText item, Dictionary<string, string> anchorTexts) =>
        item.Tag is "a" or "area" && anchorTexts.TryGetValue(item.Selector, out var anchor) && anchor.Length > 0
        && anchor.Contains(item.Text, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The pack's reporting cap when the attribute itself, or the page's title and visible text, is a reporting context
    /// (a photo of a gambling raid captioned 赌博 on a police news page) and the attribute names no more terms than a story
    /// does (unless it quotes them in sentences).
    /// </summary>
    private static (Severity Severity, string Reason)? ReportingCap(RuleSet rules, KeywordPack pack, Spammy spammy, Lazy<string> context)
    {
        var text = spammy.Item.Text;
        var (reporting, where) = rules.ReportingContextOf(pack, text) is { } own ? (own, "in the attribute")
            : rules.ReportingContextOf(pack, context.Value) is { } page ? (page, "in the page's visible text")
            : default;
        if (where is null) return null;
        var distinct = spammy.Hits.Where(h => h.Hit.Pack == pack).Select(h => h.Match.Keyword.Term).Distinct().Count();
        if (distinct > reporting.Context.MaxTerms && !QuotedMentions.QuotedProse(text, spammy.Hits.Select(h => (h.Match.Start, h.Match.Length)))) return null;
        var near = string.Join(", ", reporting.Near.Take(4).Select(w => $"\"{w}\""));
        return (reporting.Context.Cap, $"reporting, not advertising: {near} {where}, and the element is visible and links nowhere suspicious " +
            $"(allow context of {Path.GetFileName(reporting.Context.Source)}): at most {SeverityNames.ToWord(reporting.Context.Cap)}");
    }

    /// <summary>The page's title and visible text, the first <see cref="ContextChars"/> characters.</summary>
    private static string VisibleContext(PageSnapshot page)
    {
        var text = new System.Text.StringBuilder(page.RenderedTitle ?? page.RawTitle ?? "");
        foreach (var block in page.TextBlocks)
        {
            if (text.Length >= ContextChars) break;
            if (!block.Visibility.Hidden) text.Append(' ').Append(block.Text);
        }
        return text.Length > ContextChars ? text.ToString(0, ContextChars) : text.ToString();
    }
}
