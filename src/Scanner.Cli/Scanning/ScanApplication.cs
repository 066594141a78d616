using Scanner.Browser.Loading;
using Scanner.Cli.Commands;
using Scanner.Engine.Crawling;
using Scanner.Engine.Scanning;
using Scanner.Core.Crawling;
using Scanner.Cli.Reports;
using Scanner.Engine.Targets;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.Core.Policy;
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
    /// <param name="guard">The addresses the loader may connect to; the loader must send every connection through it.</param>
    public delegate Task<IPageLoader> LoaderFactory(ScanSettings settings, AddressGuard guard);

    /// <summary>The analyzers every page goes through (the shipped ones; a test may add its own).</summary>
    public IReadOnlyList<IPageAnalyzer> Analyzers { get; init; } = PageAnalysis.DefaultAnalyzers;

    /// <summary>
    /// Called with the finished report and the pages served from local files (page URL → the file's full path), before
    /// the reports are written (`scanner eval` scores it). Its findings are spooled to a file that lives only until the
    /// run returns: read them inside the call.
    /// </summary>
    public Action<ScanReport, IReadOnlyDictionary<string, string>>? ReportReady { get; init; }

    /// <summary>The engine the settings ask for: headless Chromium, or the static HttpClient + AngleSharp loader.</summary>
    public static LoaderFactory DefaultLoaderFactory(ILogger log) => async (settings, guard) => settings.Engine == "static"
        ? new StaticPageLoader(settings.PageTimeout, guard)
        : await BrowserPageLoader.StartAsync(new BrowserLoaderOptions { ExecutablePath = settings.BrowserPath, PageTimeout = settings.PageTimeout, Guard = guard }, log);

    public async Task<int> RunAsync(ScanSettings settings, LoaderFactory loaderFactory, CancellationToken ct)
    {
        using var interruption = ScanInterruption.FromToken(ct, ScanInterruption.DefaultGrace);
        return await RunAsync(settings, loaderFactory, interruption);
    }

    /// <summary>
    /// The scan; when <paramref name="interruption"/> fires, the crawl stops and the reports are written from the pages
    /// done, marked interrupted. Exit 1 if those findings trip the gate, else 2 (the scan did not finish).
    /// </summary>
    public async Task<int> RunAsync(ScanSettings settings, LoaderFactory loaderFactory, ScanInterruption interruption)
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

        Baseline? baseline = null;
        if (settings.BaselinePath is { } baselinePath)
        {
            try
            {
                baseline = Baseline.Load(baselinePath);
                log.Information("Baseline {File}: {Count} known finding(s)", baselinePath, baseline.Entries.Count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return CannotRun($"cannot use the baseline {baselinePath}: {e.Message} (create one with 'scanner baseline create --from report.json --output {baselinePath}')");
            }
        }

        // One guard for every connection of this scan (sitemaps, robots.txt, pages, link checks); the targets add the
        // hosts they name and the endpoints of local scans' servers to it as they are resolved.
        var guard = new AddressGuard(settings.AllowPrivate);
        using var http = new HttpClient(ScannerHttp.CreateHandler(followRedirects: true, guard)) { Timeout = settings.PageTimeout };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"{ScanReport.ToolName}/{ScanReport.ToolVersion}");
        await using var targets = new TargetResolver(http, guard);
        IReadOnlyList<StartUrl> starts;
        try
        {
            starts = await targets.ResolveAsync(settings.Targets, interruption.Stop);
            if (starts.Count == 0) return CannotRun("The targets list no pages to scan.");
        }
        catch (TargetException e)
        {
            return CannotRun(e.Message);
        }
        catch (OperationCanceledException) when (interruption.Interrupted)
        {
            return CannotRun("the scan was interrupted before any page was scanned; no report was written.");
        }

        IPageLoader loader;
        try
        {
            loader = await loaderFactory(settings, guard);
        }
        catch (BrowserNotFoundException e)
        {
            // Our own advice, one command a line: each line is escaped on its own so the commands stay readable.
            var lines = e.Message.Split('\n');
            log.Error("The scan could not run: {Problem}", lines[0]);
            error.WriteLine($"error: {TerminalText.Escape(lines[0])}");
            foreach (var line in lines.Skip(1)) error.WriteLine(TerminalText.Escape(line));
            return ExitCodes.CannotRun;
        }

        var crawl = settings.Crawl;
        var throttle = new HostThrottle(crawl.PerHostConcurrency, crawl.PerHostDelay);
        await using (loader)
        {
            var analysis = new PageAnalysis(Analyzers, rules);
            await using var staticLoader = settings.Profiles.Contains(FetchProfiles.SpiderName) ? new StaticPageLoader(settings.PageTimeout, guard) : null;
            using var screenshots = settings.Screenshots ? new ScreenshotStore() : null;
            var pageScanner = new PageScanner(new PoliteLoader(loader, throttle, crawl, log),
                staticLoader is null ? null : new PoliteLoader(staticLoader, throttle, crawl, log), analysis, settings.Profiles, log)
                { Policy = settings.Policy, Screenshots = screenshots };
            var scope = new CrawlScope(crawl.Scope, starts.Select(s => s.Url), crawl.Include, crawl.Exclude);
            var robots = crawl.RespectRobots ? new RobotsCache(http, throttle, log) : null;
            var frontier = new Frontier(scope, crawl, robots, log);
            if (robots is not null && crawl.MaxDepth > 0)
            {
                try
                {
                    starts = [.. starts, .. await new RobotsSitemapSeeds(robots, targets, scope, log).FindAsync(starts, interruption.Stop)];
                }
                catch (OperationCanceledException) when (interruption.Interrupted)
                {
                    // stopped while reading robots.txt's sitemaps: the crawl below stops at once and reports what it has
                }
            }
            using var linkChecker = crawl.CheckLinks ? new LinkChecker(throttle, scope, crawl, rules, settings.PageTimeout, guard, log) : null;
            using var spool = new FindingSpool();
            StreamedReports streamed;
            try
            {
                streamed = new StreamedReports(settings.Reports, output, baseline);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CannotRun($"cannot write a report: {e.Message}");
            }
            using var closeStreamed = streamed;
            streamed.Start(started, settings.Engine, settings.Gate);
            var progress = ScanProgress.For(error, settings.ConsoleLogLevel > Serilog.Events.LogEventLevel.Information, log);
            var outcome = await new CrawlRunner(pageScanner, frontier, linkChecker, spool, progress, settings.Concurrency, crawl.MaxDepth, log)
                { Stop = interruption.Stop, PageDone = streamed.Any ? streamed.PageDone : null }
                .RunAsync(starts, interruption.Abort);
            var report = new ScanReport
            {
                StartedAt = started,
                FinishedAt = DateTimeOffset.Now,
                Engine = settings.Engine,
                Gate = settings.Gate,
                Pages = outcome.Pages,
                Findings = outcome.Findings,
                Rules = settings.Policy.Apply(crawl.CheckLinks ? pageScanner.DescribeRules().Concat(LinkCheckRules.Descriptors) : pageScanner.DescribeRules()),
                Baseline = baseline?.Compare(outcome.Findings),
                Screenshots = screenshots?.ByFingerprint ?? new Dictionary<string, FindingScreenshot>(),
                Links = linkChecker?.Totals,
                LocalFiles = LocalFiles(targets, outcome, Environment.CurrentDirectory),
                SourceRoot = Environment.CurrentDirectory,
                Interrupted = outcome.Interrupted,
            };
            streamed.Finish(report);
            ReportReady?.Invoke(report, outcome.Pages.Select(p => p.Url).Distinct()
                .Select(url => (Url: url, File: targets.LocalFileOf(url))).Where(x => x.File is not null)
                .ToDictionary(x => x.Url, x => x.File!, StringComparer.Ordinal));
            try
            {
                new ReportPublisher(output).Publish(report, settings.Reports);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CannotRun($"a report could not be written: {e.Message} (check the --output paths)");
            }
            log.Information("Scan finished: {Pages} page(s), {Findings} finding(s), gate {Gate}",
                report.Pages.Count, report.Findings.Count, report.GateTripped ? "tripped" : "passed");
            // DESIGN's contract: 1 when the findings trip the gate, whatever else happened; else 2 when the scan did not
            // check all it was asked to (interrupted, or a named target could not be loaded); else 0.
            var unreachable = UnreachableTargets.Among(report.Pages, starts);
            if (unreachable.Count > 0)
            {
                log.Debug("Targets that could not be loaded: {Targets}", unreachable.Select(p => p.Url)); // the line below says it on the console
                error.WriteLine($"{(report.GateTripped ? "warning" : "error")}: {UnreachableTargets.Describe(unreachable)}.");
            }
            if (report.Interrupted)
                error.WriteLine($"error: the scan was interrupted: the report{(settings.Reports.Count > 1 ? "s are" : " is")} partial ({report.Pages.Count} page(s) scanned).");
            if (report.GateTripped) return ExitCodes.GateTripped;
            return report.Interrupted || unreachable.Count > 0 ? ExitCodes.CannotRun : ExitCodes.Passed;
        }
    }

    /// <summary>Local pages (and findings) by URL → their file relative to the working directory, when below it.</summary>
    private static Dictionary<string, string> LocalFiles(TargetResolver targets, ScanOutcome outcome, string root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = outcome.Pages.SelectMany(p => new[] { p.Url, p.FinalUrl }).Concat(outcome.Findings.Select(f => f.Url));
        foreach (var url in urls.OfType<string>().Distinct())
        {
            if (targets.LocalFileOf(url) is not { } file) continue;
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("..") || Path.IsPathRooted(relative)) continue;
            files[url] = relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        return files;
    }

    private int CannotRun(string message)
    {
        log.Error("The scan could not run: {Problem}", message);
        error.WriteLine($"error: {TerminalText.Escape(message)}");
        return ExitCodes.CannotRun;
    }
}
