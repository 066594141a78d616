using System.Runtime.CompilerServices;
using Scanner.Core.Analyzers;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Network;
using Scanner.Core.Reports;
using Scanner.Engine.Crawling;
using Scanner.Engine.Reports;
using Scanner.Engine.Scanning;
using Scanner.Engine.Targets;
using Serilog;

namespace Scanner.Engine;

/// <summary>
/// One scan under way: <see cref="PagesAsync"/> runs the crawl and yields each page the moment it is done (policy
/// applied), so sinks can write as the scan goes and memory does not grow with the site; <see cref="End"/> then holds
/// the facts only the end knows (interrupted, unreachable targets, link totals, screenshots).
/// Disposing stops the loader and the local servers.
/// </summary>
public sealed class ScanRun : IAsyncDisposable
{
    private readonly ScanOptions _options;
    private readonly IReadOnlyList<StartUrl> _starts;
    private readonly IPageLoader _loader;
    private readonly IPageLoader? _staticLoader;
    private readonly HttpClient _http;
    private readonly TargetResolver _targets;
    private readonly ScanInterruption _interruption;
    private readonly ILogger _log;
    private readonly HostThrottle _throttle;
    private readonly PageScanner _pages;
    private readonly PolicyStage _policy;
    private readonly CrawlScope _scope;
    private readonly RobotsCache? _robots;
    private readonly Frontier _frontier;
    private readonly LinkChecker? _links;
    private readonly ScreenshotStore? _screenshots;
    private readonly ExternalScriptFetcher _scripts;
    private readonly History.HistoryStage? _history;
    private ScanEnd? _end;

    internal ScanRun(ScanOptions options, IReadOnlyList<StartUrl> starts, IPageLoader loader, AddressGuard guard, HttpClient http,
        TargetResolver targets, ScanInterruption interruption, ILogger log)
    {
        _options = options;
        _starts = starts;
        _loader = loader;
        _http = http;
        _targets = targets;
        _interruption = interruption;
        _log = log;
        var crawl = options.Crawl;
        _throttle = new HostThrottle(crawl.PerHostConcurrency, crawl.PerHostDelay);
        _policy = new PolicyStage(options.Policy);
        _history = options.History is { } known ? new History.HistoryStage(known) : null;
        _staticLoader = options.Profiles.Contains(FetchProfiles.SpiderName) ? new StaticPageLoader(options.PageTimeout, guard, fetchStyleSheets: options.FetchSubresources, settings: options.Rules.Detectors) : null;
        _screenshots = options.Screenshots ? new ScreenshotStore() : null;
        _scripts = new ExternalScriptFetcher(guard, _throttle, options.Rules, log);
        var polite = new PoliteLoader(loader, _throttle, crawl, log);
        _pages = new PageScanner(options.FetchSubresources ? new ScriptFetchingLoader(polite, _scripts) : polite,
            _staticLoader is null ? null : new PoliteLoader(_staticLoader, _throttle, crawl, log), new PageAnalysis(options.Analyzers, options.Rules), options.Profiles, log)
            { Capture = _screenshots is null ? null : _policy };
        _scope = new CrawlScope(crawl.Scope, starts.Select(s => s.Url), crawl.Include, crawl.Exclude);
        _robots = crawl.RespectRobots ? new RobotsCache(http, _throttle, log) : null;
        _frontier = new Frontier(_scope, crawl, _robots, log, options.Shard);
        _links = crawl.CheckLinks ? new LinkChecker(_throttle, _scope, crawl, options.Rules, options.PageTimeout, guard, log) : null;
        var rules = crawl.CheckLinks ? _pages.DescribeRules().Concat(LinkCheckRules.Descriptors) : _pages.DescribeRules();
        Rules = _policy.Apply(_history is null ? rules : rules.Concat(TamperRules.Descriptors));
    }

    /// <summary>The rules this run can report, as configured (disabled ones left out, severities overridden).</summary>
    public IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <summary>The start URLs the targets resolved to (named ones are <see cref="StartUrl.Literal"/>).</summary>
    public IReadOnlyList<StartUrl> Starts => _starts;

    /// <summary>Pages known so far (done and waiting), for a progress display.</summary>
    public int PagesKnown => _frontier.Owned;

    /// <summary>The facts of the run's end; there once <see cref="PagesAsync"/> has been read to its end.</summary>
    public ScanEnd End => _end ?? throw new InvalidOperationException("the run has not ended: read PagesAsync to its end first");

    /// <summary>The local file a loopback URL of this run's local servers serves, or null for a URL of the web.</summary>
    public string? LocalFileOf(string url) => _targets.LocalFileOf(url);

    /// <summary>Runs the crawl; yields each page as it completes (completion order, <see cref="CompletedPage.Sequence"/> for discovery order).</summary>
    public async IAsyncEnumerable<CompletedPage> PagesAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        if (_end is not null) throw new InvalidOperationException("a run is read once");
        var starts = await SeedsAsync();
        var runner = new CrawlRunner(_pages, _frontier, _links, _policy, _screenshots, _options.Concurrency, _options.Crawl.MaxDepth, _log)
            { Stop = _interruption.Stop, History = _history };
        var crawl = runner.RunAsync(starts, _interruption.Abort);
        var named = starts.Where(s => s.Literal).Select(s => UrlNormalizer.Normalize(s.Url) ?? s.Url).ToHashSet(StringComparer.Ordinal);
        var unreachable = new List<CompletedPage>();
        await foreach (var page in runner.Completed.ReadAllAsync(ct))
        {
            if (UnreachableTargets.CouldNotLoad(page.Page) && named.Contains(UrlNormalizer.Normalize(page.Page.Url) ?? page.Page.Url)) unreachable.Add(page);
            yield return page;
        }
        var interrupted = await crawl;
        _end = new ScanEnd(
            interrupted,
            unreachable.OrderBy(p => p.Sequence).Select(p => p.Page).ToList(),
            _links?.Totals,
            _screenshots?.ByFingerprint ?? new Dictionary<string, FindingScreenshot>())
        {
            PagesLoadedForLinks = runner.PagesLoadedForLinks,
            History = _history is null ? null : new HistoryComparison(_history.Baseline.RunId, _history.Baseline.PreviousRunId, _history.Resolved()),
        };
    }

    /// <summary>The start URLs, and when crawling, the pages of the sitemaps the start hosts' robots.txt lists.</summary>
    private async Task<IReadOnlyList<StartUrl>> SeedsAsync()
    {
        if (_robots is null || _options.Crawl.MaxDepth <= 0) return _starts;
        try
        {
            return [.. _starts, .. await new RobotsSitemapSeeds(_robots, _targets, _scope, _log).FindAsync(_starts, _interruption.Stop)];
        }
        catch (OperationCanceledException) when (_interruption.Interrupted)
        {
            return _starts; // stopped while reading robots.txt's sitemaps: the crawl stops at once and reports what it has
        }
    }

    public async ValueTask DisposeAsync()
    {
        _links?.Dispose();
        _screenshots?.Dispose();
        _scripts.Dispose();
        if (_staticLoader is not null) await _staticLoader.DisposeAsync();
        await _loader.DisposeAsync();
        await _targets.DisposeAsync();
        _http.Dispose();
    }
}
