using Scanner.Browser.Loading;
using Scanner.Cli.Commands;
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

        await using var targets = new TargetResolver();
        IReadOnlyList<string> urls;
        try
        {
            urls = await targets.ResolveAsync(settings.Targets);
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

        await using (loader)
        {
            var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, rules);
            await using var staticLoader = settings.Profiles.Contains(FetchProfiles.SpiderName) ? new StaticPageLoader(settings.PageTimeout) : null;
            var pageScanner = new PageScanner(loader, staticLoader, analysis, settings.Profiles, log);
            var outcome = await new ScanRunner(pageScanner, settings.Concurrency, log).RunAsync(urls, ct);
            var report = new ScanReport
            {
                StartedAt = started,
                FinishedAt = DateTimeOffset.Now,
                Engine = settings.Engine,
                Gate = settings.Gate,
                Pages = outcome.Pages,
                Findings = outcome.Findings,
                Rules = pageScanner.DescribeRules().ToList(),
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
