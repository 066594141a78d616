using Scanner.Browser.Loading;
using Scanner.Cli.Commands;
using Scanner.Cli.Crawling;
using Scanner.Core.Crawling;
using Scanner.Cli.Reports;
using Scanner.Cli.Targets;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Reports;
using Scanner.Core.Rules;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>
/// One scan from validated settings to an exit code: rules, targets, loader, analysis, reports.
/// The loader comes from a factory so tests can share one browser across many scans.
/// </summary>
public sealed class ScanApplication(TextWriter output, TextWriter error, ILogger log)
{
    public delegate Task<IPageLoader> LoaderFactory(ScanSettings settings);

    /// <summary>The engine the settings ask for: headless Chromium, or the static HttpClient + AngleSharp loader.</summary>
    public static LoaderFactory DefaultLoaderFactory(ILogger log) => async settings => settings.Engine == "static"
        ? new StaticPageLoader(settings.PageTimeout)
        : await BrowserPageLoader.StartAsync(new BrowserLoaderOptions { ExecutablePath = settings.BrowserPath, PageTimeout = settings.PageTimeout }, log);

    public async Task<int> RunAsync(ScanSettings settings, LoaderFactory loaderFactory, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        RuleSet rules;
        try
        {
            rules = RuleSetLoader.Load(settings.Rules);
        }
        catch (RuleFileException e)
        {
            return CannotRun($"invalid rule file {e.Message}");
        }
        log.Information("Loaded {Packs} keyword pack(s) with {Terms} terms", rules.Packs.Count, rules.Matcher.Count);

        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }) { Timeout = settings.PageTimeout };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"{ScanReport.ToolName}/{ScanReport.ToolVersion}");
        await using var targets = new TargetResolver(http);
        IReadOnlyList<StartUrl> starts;
        try
        {
            starts = await targets.ResolveAsync(settings.Targets, ct);
            if (starts.Count == 0) return CannotRun("The targets list no pages to scan.");
        }
        catch (TargetException e)
        {
            return CannotRun(e.Message);
        }

        IPageLoader loader;
        try
        {
            loader = await loaderFactory(settings);
        }
        catch (BrowserNotFoundException e)
        {
            return CannotRun(e.Message);
        }

        var crawl = settings.Crawl;
        var throttle = new HostThrottle(crawl.PerHostConcurrency, crawl.PerHostDelay);
        await using (loader)
        {
            var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, rules);
            await using var staticLoader = settings.Profiles.Contains(FetchProfiles.SpiderName) ? new StaticPageLoader(settings.PageTimeout) : null;
            var pageScanner = new PageScanner(new PoliteLoader(loader, throttle, crawl, log),
                staticLoader is null ? null : new PoliteLoader(staticLoader, throttle, crawl, log), analysis, settings.Profiles, log);
            var scope = new CrawlScope(crawl.Scope, starts.Select(s => s.Url), crawl.Include, crawl.Exclude);
            var frontier = new Frontier(scope, crawl, crawl.RespectRobots ? new RobotsCache(http, throttle, log) : null, log);
            using var linkChecker = crawl.CheckLinks ? new LinkChecker(throttle, scope, crawl, rules, settings.PageTimeout, log) : null;
            using var spool = new FindingSpool();
            var progress = ScanProgress.For(error, settings.ConsoleLogLevel > Serilog.Events.LogEventLevel.Information, log);
            var outcome = await new CrawlRunner(pageScanner, frontier, linkChecker, spool, progress, settings.Concurrency, crawl.MaxDepth, log)
                .RunAsync(starts, ct);
            var report = new ScanReport
            {
                StartedAt = started,
                FinishedAt = DateTimeOffset.Now,
                Engine = settings.Engine,
                Gate = settings.Gate,
                Pages = outcome.Pages,
                Findings = outcome.Findings,
                Rules = crawl.CheckLinks ? pageScanner.DescribeRules().Concat(LinkCheckRules.Descriptors).ToList() : pageScanner.DescribeRules().ToList(),
            };
            new ReportPublisher(output).Publish(report, settings.Reports);
            log.Information("Scan finished: {Pages} page(s), {Findings} finding(s), gate {Gate}",
                report.Pages.Count, report.Findings.Count, report.GateTripped ? "tripped" : "passed");
            return report.GateTripped ? ExitCodes.GateTripped : ExitCodes.Passed;
        }
    }

    private int CannotRun(string message)
    {
        log.Error("The scan could not run: {Problem}", message);
        error.WriteLine($"error: {message}");
        return ExitCodes.CannotRun;
    }
}
