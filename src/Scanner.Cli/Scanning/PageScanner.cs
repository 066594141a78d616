using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>
/// Everything done for one URL: the visitor load and its analysis, then, when other profiles are asked for,
/// a second visitor load (to learn what varies by itself) and one load per profile, compared with the visitor's.
/// With the spider profile, every known spider user agent is also fetched statically (cheap: no browser) and
/// compared with static visitor fetches, which catches server-side cloaking aimed at any one spider.
/// </summary>
public sealed class PageScanner(
    IPageLoader loader, IPageLoader? staticLoader, PageAnalysis analysis, IReadOnlyList<string> profiles, ILogger log)
{
    private readonly CloakingAnalyzer _cloaking = new();

    public IEnumerable<RuleDescriptor> DescribeRules() =>
        profiles.Count > 1 ? analysis.DescribeRules().Concat(CloakingAnalyzer.Descriptors) : analysis.DescribeRules();

    public async Task<(PageResult Page, IReadOnlyList<Finding> Findings)> ScanAsync(string url, CancellationToken ct)
    {
        var visitor = await LoadSafelyAsync(loader, url, FetchProfile.Visitor, ct);
        var findings = analysis.Analyze(visitor).ToList();
        if (profiles.Count > 1 && visitor.Loaded)
        {
            var visitorAgain = await LoadSafelyAsync(loader, url, FetchProfile.Visitor, ct);
            foreach (var name in profiles.Where(p => p != FetchProfiles.VisitorName))
            {
                var other = await LoadSafelyAsync(loader, url, FetchProfiles.ByName(name), ct);
                findings.AddRange(_cloaking.Analyze(new ProfileComparison(visitor, visitorAgain, other), analysis.Rules));
            }
            if (profiles.Contains(FetchProfiles.SpiderName) && staticLoader is not null)
                findings.AddRange(await StaticSpiderFindingsAsync(url, ct));
        }
        return (PageResult.From(visitor, findings.Count), Deduplicate(findings));
    }

    private async Task<IEnumerable<Finding>> StaticSpiderFindingsAsync(string url, CancellationToken ct)
    {
        var visitor = await LoadSafelyAsync(staticLoader!, url, FetchProfile.Visitor, ct);
        if (!visitor.Loaded) return [];
        var visitorAgain = await LoadSafelyAsync(staticLoader!, url, FetchProfile.Visitor, ct);
        var findings = new List<Finding>();
        foreach (var spider in FetchProfiles.Spiders)
        {
            var snapshot = await LoadSafelyAsync(staticLoader!, url, spider, ct);
            findings.AddRange(_cloaking.Analyze(new ProfileComparison(visitor, visitorAgain, snapshot), analysis.Rules));
        }
        return findings;
    }

    /// <summary>The browser's spider load and a static spider fetch often see the same cloaked block: report it once.</summary>
    private static List<Finding> Deduplicate(List<Finding> findings) =>
        findings.GroupBy(f => (f.RuleId, f.Evidence)).Select(g => g.First()).ToList();

    /// <summary>A loader bug on one page must not end the scan: it becomes that page's error.</summary>
    private async Task<PageSnapshot> LoadSafelyAsync(IPageLoader pageLoader, string url, FetchProfile profile, CancellationToken ct)
    {
        try
        {
            return await pageLoader.LoadAsync(url, profile, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error(e, "Loading {Url} as {Profile} failed", url, profile.Name);
            return new PageSnapshot { RequestedUrl = url, Profile = profile.Name, Error = e.Message };
        }
    }
}
