using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Serilog;

namespace Scanner.Engine.Scanning;

/// <summary>
/// Everything done for one URL: the visitor load and its analysis, then, when other profiles are asked for,
/// a second visitor load (to learn what varies by itself) and one load per profile, compared with the visitor's.
/// With the spider profile, every known spider user agent is also fetched statically (cheap: no browser) and
/// compared with static visitor fetches, which catches server-side cloaking aimed at any one spider.
/// The findings come out as the rules made them: the policy is the crawl's next stage (<see cref="PolicyStage"/>).
/// With <see cref="Capture"/>, the elements of the visitor load's findings are photographed while the page is still
/// open (the images ride on the snapshot's captures).
/// </summary>
public sealed class PageScanner(
    IPageLoader loader, IPageLoader? staticLoader, PageAnalysis analysis, IReadOnlyList<string> profiles, ILogger log)
{
    private readonly CloakingAnalyzer _cloaking = new();

    /// <summary>
    /// When set (and the loader can), the elements of the visitor load's findings of the rules this stage reports are
    /// photographed before the page closes.
    /// </summary>
    public PolicyStage? Capture { get; init; }

    public IEnumerable<RuleDescriptor> DescribeRules() =>
        profiles.Count > 1 ? analysis.DescribeRules().Concat(CloakingAnalyzer.Descriptors) : analysis.DescribeRules();

    /// <summary>
    /// The page's result and findings, with the visitor snapshot (its links feed the crawl and the link checker).
    /// Never throws but for cancellation: whatever fails on this page (loading, an analyzer, locating sources, the
    /// profile comparison) is written into the page's error, and the findings made before it are kept.
    /// </summary>
    public async Task<(PageResult Page, IReadOnlyList<Finding> Findings, PageSnapshot Visitor)> ScanAsync(string url, CancellationToken ct)
    {
        var problems = new PageProblems(url, log);
        var visitor = new PageSnapshot { RequestedUrl = url, Profile = FetchProfiles.VisitorName };
        var findings = new List<Finding>();
        var comparisons = new List<Finding>();
        var analysis = TimeSpan.Zero;
        try
        {
            IReadOnlyList<Finding>? analysed = null;
            visitor = Capture is { } policy && loader is ICapturingPageLoader capturing
                ? await LoadSafelyAsync(url, FetchProfile.Visitor, (u, p, c) => capturing.LoadAsync(u, p, s => Selectors(analysed = Timed(() => Analyze(s, problems), ref analysis), policy), c), ct)
                : await LoadSafelyAsync(loader, url, FetchProfile.Visitor, ct);
            findings.AddRange(analysed ?? Timed(() => Analyze(visitor, problems), ref analysis));
            // Line and column in the served HTML, for the visitor load's findings (cloaking findings describe other loads).
            var unlocated = findings.ToList();
            Timed(() => problems.Try("locating the findings in the served HTML", () =>
            {
                var located = SourceLocator.Locate(visitor.ServedHtml, unlocated, visitor.SourceSpans);
                findings.Clear();
                findings.AddRange(located);
            }), ref analysis);
            if (profiles.Count > 1 && visitor.Loaded)
                await problems.TryAsync("comparing the page across profiles", () => CompareProfilesAsync(url, visitor, comparisons, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            problems.Add("scanning the page", e);
        }
        // The visitor load's findings are all kept: the same spam in two places is two injection sites, and
        // PageAnalysis already gave them distinct fingerprints. Only the profile comparisons are merged.
        var kept = findings.Concat(Deduplicate(comparisons)).ToList();
        var page = PageResult.From(visitor, kept.Count);
        return (page with { Error = problems.Describe(page.Error), Stages = page.Stages with { Analysis = analysis } }, kept, visitor);
    }

    /// <summary>Runs <paramref name="step"/>, adding its wall time to <paramref name="total"/> (the page's analysis stage).</summary>
    private static T Timed<T>(Func<T> step, ref TimeSpan total)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return step(); }
        finally { total += System.Diagnostics.Stopwatch.GetElapsedTime(started); }
    }

    private static void Timed(Action step, ref TimeSpan total) => Timed(() => { step(); return 0; }, ref total);

    /// <summary>
    /// The visitor load alone, not analysed: a page of another shard whose links a crawl still follows (--shard).
    /// Never throws but for cancellation: a failed load is the snapshot's error.
    /// </summary>
    public Task<PageSnapshot> LoadAsync(string url, CancellationToken ct) => LoadSafelyAsync(loader, url, FetchProfile.Visitor, ct);

    /// <summary>A second visitor load (to learn what varies by itself) and one load per other profile, compared with the visitor's.</summary>
    private async Task CompareProfilesAsync(string url, PageSnapshot visitor, List<Finding> findings, CancellationToken ct)
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

    /// <summary>The page's findings; an analyzer that throws on it is one of the page's problems, the others still report.</summary>
    private IReadOnlyList<Finding> Analyze(PageSnapshot snapshot, PageProblems problems)
    {
        try
        {
            return analysis.Analyze(snapshot, (analyzer, e) => problems.Add($"the analyzer {analyzer.GetType().Name}", e));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problems.Add("analysing the page", e);
            return [];
        }
    }

    /// <summary>The elements worth a picture: those of findings that will be reported, the most severe first.</summary>
    private static IReadOnlyList<string> Selectors(IReadOnlyList<Finding> findings, PolicyStage policy) =>
        policy.Apply(findings).Where(f => f.Selector is not null).OrderByDescending(f => f.Severity).Select(f => f.Selector!).Distinct().ToList();

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

    /// <summary>
    /// The browser's spider load and a static spider fetch often see the same cloaked block: report it once. Only the
    /// profile comparisons are merged this way, never the visitor load's findings.
    /// </summary>
    private static List<Finding> Deduplicate(List<Finding> findings) =>
        findings.GroupBy(f => (f.RuleId, f.Evidence)).Select(g => g.First()).ToList();

    /// <summary>A loader bug on one page must not end the scan: it becomes that page's error.</summary>
    private Task<PageSnapshot> LoadSafelyAsync(IPageLoader pageLoader, string url, FetchProfile profile, CancellationToken ct) =>
        LoadSafelyAsync(url, profile, pageLoader.LoadAsync, ct);

    private async Task<PageSnapshot> LoadSafelyAsync(string url, FetchProfile profile, Func<string, FetchProfile, CancellationToken, Task<PageSnapshot>> load, CancellationToken ct)
    {
        try
        {
            return await load(url, profile, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error(e, "Loading {Url} as {Profile} failed", url, profile.Name);
            return new PageSnapshot { RequestedUrl = url, Profile = profile.Name, Error = e.Message };
        }
    }
}
