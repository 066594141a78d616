using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>How checking a link ended, kept apart the way users of link checkers ask.</summary>
public enum LinkVerdict
{
    Ok,
    /// <summary>404, 410, other 4xx, 500, DNS failure, connection refused.</summary>
    Broken,
    /// <summary>429, 401/403 (often aimed at bots), 408, 502–504 after retries, timeouts, TLS errors: nobody can say.</summary>
    CouldNotVerify,
}

/// <summary>The result of checking one link target (cached by URL for the whole scan).</summary>
/// <param name="TargetSpam">Keyword findings on the target's title and text (external targets only).</param>
public sealed record LinkStatus(string Url, LinkVerdict Verdict, int? Status, string Detail, IReadOnlyList<Finding> TargetSpam)
{
    public static LinkVerdict Classify(int status) => status switch
    {
        >= 200 and < 300 => LinkVerdict.Ok,
        401 or 403 or 408 or 429 or 502 or 503 or 504 => LinkVerdict.CouldNotVerify,
        >= 300 and < 400 => LinkVerdict.CouldNotVerify, // a redirect we did not follow to the end
        _ => LinkVerdict.Broken,
    };
}

/// <summary>
/// Rules <c>link.broken</c>, <c>link.unverified</c> and <c>link.target-spam</c> of <c>--check-links</c>: findings
/// made from a page's links and the (cached) results of checking their targets. The checking itself, with its
/// I/O, is in <c>src/Scanner.Engine/Crawling/LinkChecker.cs</c>.
/// </summary>
public static class LinkCheckRules
{
    public const string BrokenRule = "link.broken";
    public const string UnverifiedRule = "link.unverified";
    public const string TargetSpamRule = "link.target-spam";

    public static IReadOnlyList<RuleDescriptor> Descriptors => RuleCatalogue.LinkCheckingRules;

    /// <summary>One finding per distinct link target on the page that is broken, unverified or serves spam.</summary>
    public static IEnumerable<Finding> Analyze(PageSnapshot page, IReadOnlyDictionary<string, LinkStatus> statusByHref, Func<string, string?> normalize)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in page.Links)
        {
            if (normalize(link.Href) is not { } href || !seen.Add(href) || !statusByHref.TryGetValue(href, out var status)) continue;
            var hidden = link.Visibility.Hidden;
            var evidence = string.IsNullOrWhiteSpace(link.Text) ? link.Href : link.Text;
            switch (status.Verdict)
            {
                case LinkVerdict.Broken:
                    yield return Make(page, link, BrokenRule, Severity.Low, evidence, [$"{link.Href}: {status.Detail}"], null);
                    break;
                case LinkVerdict.CouldNotVerify:
                    yield return Make(page, link, UnverifiedRule, Severity.Info, evidence, [$"{link.Href}: {status.Detail}"], null);
                    break;
            }
            if (status.TargetSpam.Count > 0)
            {
                var worst = status.TargetSpam.OrderByDescending(f => f.Severity).First();
                var reasons = new List<string> { $"the link target {status.Url} serves {worst.Category} spam" };
                reasons.AddRange(worst.Reasons.Select(r => "on the target: " + r));
                if (hidden) reasons.Add("the link is hidden from visitors: " + string.Join(", ", link.Visibility.Reasons));
                yield return Make(page, link, TargetSpamRule, hidden ? Severity.Critical : Severity.High, worst.Evidence, reasons, worst.MatchedTerm) with
                {
                    Category = worst.Category,
                    Context = evidence,
                };
            }
        }
    }

    private static Finding Make(PageSnapshot page, PageLink link, string rule, Severity severity, string evidence, IReadOnlyList<string> reasons, string? term) => new()
    {
        RuleId = rule,
        Title = Descriptors.First(d => d.Id == rule).Title,
        Severity = severity,
        Category = "link",
        Url = page.EffectiveUrl,
        Selector = link.Selector,
        Hidden = link.Visibility.Hidden,
        HiddenReasons = link.Visibility.Reasons,
        Evidence = evidence,
        MatchedTerm = term,
        Reasons = reasons,
        LinkHref = link.Href,
        Fingerprint = Fingerprint.Of(rule, Fingerprint.PageKey(page.EffectiveUrl), Fingerprint.PageKey(link.Href)),
    };
}
