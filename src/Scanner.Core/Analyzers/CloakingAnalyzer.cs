using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>cloaking.*</c>: what a spider, a visitor from a search engine or a phone is shown that an ordinary
/// visitor is not. Compares profile loads with the visitor's (see <see cref="ProfileDifference"/> for the noise model).
/// </summary>
public sealed class CloakingAnalyzer
{
    public const string RedirectRule = "cloaking.redirect";
    public const string SpamRule = "cloaking.spam";
    public const string LinksRule = "cloaking.links";
    public const string ContentRule = "cloaking.content";
    public const string TitleRule = "cloaking.title";
    public const string StatusRule = "cloaking.status";

    public static IReadOnlyList<RuleDescriptor> Descriptors => RuleCatalogue.CloakingRules;

    public IEnumerable<Finding> Analyze(ProfileComparison comparison, RuleSet rules)
    {
        var visitor = comparison.Visitor;
        var other = comparison.Profile;
        if (!visitor.Loaded && other.Error is not null) yield break;
        var profile = other.Profile;
        var kind = ProfileKind(profile);

        var redirect = Redirect(comparison);
        if (redirect is not null) yield return redirect;

        if (redirect is null && visitor.Status != other.Status && other.Status is not null && visitor.Status is not null)
            yield return Make(StatusRule, Severity.Info, visitor, profile, null, $"{visitor.Status} → {other.Status}",
                [$"status {visitor.Status} for a visitor, {other.Status} for {profile}"], $"{visitor.Status}>{other.Status}");

        var difference = ProfileDifference.Compute(comparison);
        foreach (var finding in AddedContent(comparison, difference, rules, kind)) yield return finding;

        var visitorTitle = ProfileDifference.Mask(visitor.RenderedTitle ?? "");
        var otherTitle = other.RenderedTitle ?? "";
        if (other.Loaded && ProfileDifference.Mask(otherTitle) != visitorTitle)
        {
            var spam = rules.FindKeywords(otherTitle).Select(h => h.Match.Evidence(otherTitle)).Distinct().ToList();
            var severity = spam.Count > 0 ? Severity.Critical : kind == FetchProfiles.MobileName ? Severity.Info : Severity.Medium;
            yield return Make(TitleRule, severity, visitor, profile, "title", otherTitle,
                [$"title for a visitor: \"{visitor.RenderedTitle}\"", $"title for {profile}: \"{otherTitle}\"",
                 spam.Count > 0 ? $"spam terms in {profile}'s title: {string.Join(", ", spam)}" : null], string.Join("|", spam));
        }
    }

    private static Finding? Redirect(ProfileComparison comparison)
    {
        var visitorUrl = comparison.Visitor.EffectiveUrl;
        // Where the profile was sent; a redirect whose target did not answer still names it (AttemptedNavigations).
        var attempted = comparison.Profile.AttemptedNavigations.LastOrDefault(u => SiteDomain.IsExternal(u, visitorUrl));
        var landed = comparison.Profile.FinalUrl is { } final && SiteDomain.IsExternal(final, visitorUrl) ? final : attempted ?? comparison.Profile.FinalUrl;
        if (landed is null || !SiteDomain.IsExternal(landed, visitorUrl) || !SiteDomain.IsExternal(landed, comparison.Visitor.RequestedUrl)) return null;
        var profile = comparison.Profile.Profile;
        var severity = ProfileKind(profile) == FetchProfiles.MobileName ? Severity.Medium : Severity.Critical;
        var host = SiteDomain.HttpHost(landed);
        return Make(RedirectRule, severity, comparison.Visitor, profile, null, $"{comparison.Profile.RequestedUrl} → {landed}",
            [$"a visitor stays on {SiteDomain.HttpHost(visitorUrl)}", $"{profile} is sent to {host}",
             comparison.Profile.RedirectChain.Count > 0 ? "redirect chain: " + string.Join(" → ", comparison.Profile.RedirectChain.Append(landed)) : null],
            host ?? landed);
    }

    private static IEnumerable<Finding> AddedContent(ProfileComparison comparison, ProfileDifference.Result difference, RuleSet rules, string kind)
    {
        var visitor = comparison.Visitor;
        var profile = comparison.Profile.Profile;

        var spamBlocks = difference.AddedBlocks
            .Select(b => (Block: b, Terms: rules.FindKeywords(b.Text).Select(h => h.Match.Evidence(b.Text)).Distinct().ToList()))
            .Where(x => x.Terms.Count > 0)
            .ToList();
        foreach (var (block, terms) in spamBlocks)
            yield return Make(SpamRule, Severity.Critical, visitor, profile, block.Selector, block.Text,
                [$"only {profile} is shown this text", $"spam terms: {string.Join(", ", terms)}"], string.Join("|", terms.Order()));

        var external = difference.AddedLinks
            .Where(l => SiteDomain.IsExternal(l.Href, visitor.EffectiveUrl) && SiteDomain.HttpHost(l.Href) is { } h && !rules.LinkPolicy.IsAllowed(h))
            .ToList();
        if (external.Count > 0)
        {
            var severity = kind switch
            {
                FetchProfiles.SpiderName => Severity.Critical,
                FetchProfiles.SearchReferrerName => Severity.High,
                _ => Severity.Medium,
            };
            var hosts = external.Select(l => SiteDomain.HttpHost(l.Href)!).Distinct().Order().ToList();
            yield return Make(LinksRule, severity, visitor, profile, external[0].Selector,
                string.Join("\n", external.Take(20).Select(l => $"{l.Text} → {l.Href}")),
                [$"{external.Count} external link(s) only {profile} is shown", $"to: {string.Join(", ", hosts.Take(10))}"], string.Join("|", hosts));
        }

        var plain = difference.AddedBlocks.Except(spamBlocks.Select(s => s.Block)).ToList();
        var addedLength = plain.Sum(b => b.Text.Length);
        if (addedLength >= rules.Detectors.Get(CloakingSettings.MinimumAddedText))
        {
            var severity = kind == FetchProfiles.MobileName ? Severity.Info : Severity.Medium;
            var share = difference.VisitorTextLength == 0 ? 1.0 : (double)addedLength / difference.VisitorTextLength;
            yield return Make(ContentRule, severity, visitor, profile, plain[0].Selector,
                EvidenceText.Window(string.Join(" | ", plain.Select(b => b.Text)), 0, 0),
                [$"{plain.Count} text block(s), {addedLength} characters ({share:P0} of the visitor's text) only {profile} is shown",
                 "timestamps, tokens and what differs between two visitor loads were discounted"], kind);
        }
    }

    private static string ProfileKind(string profile) =>
        profile.StartsWith(FetchProfiles.SpiderName, StringComparison.Ordinal) ? FetchProfiles.SpiderName : profile;

    private static Finding Make(string ruleId, Severity severity, PageSnapshot visitor, string profile, string? selector, string evidence,
        IEnumerable<string?> reasons, string identity) => new()
    {
        RuleId = ruleId,
        Title = Descriptors.First(d => d.Id == ruleId).Title + $" ({profile})",
        Severity = severity,
        Category = "cloaking",
        Url = visitor.EffectiveUrl,
        Selector = selector,
        Evidence = evidence,
        Reasons = reasons.OfType<string>().ToArray(),
        Fingerprint = Fingerprint.Of(ruleId, Fingerprint.PageKey(visitor.RequestedUrl), profile, identity),
    };
}
