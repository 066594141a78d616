using Scanner.Browser.Loading;
using Scanner.Cli.Reports;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.Core.Policy;
using Scanner.Core.Reports;
using Scanner.Core.Rules;
using Scanner.Engine;
using Scanner.Engine.Alerts;
using Scanner.Engine.History;
using Scanner.Engine.Reports;
using Scanner.Engine.Scanning;
using Scanner.Engine.Targets;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>
/// One scan from validated settings to an exit code: loads the rules and the baseline, builds the engine
/// (<see cref="ScanEngine"/>) with the loader the settings ask for, connects the report sinks to the pages it streams,
/// and turns how the run ended into DESIGN's exit code. The loader comes from a factory so tests can share one browser
/// across many scans.
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
        ? new StaticPageLoader(settings.PageTimeout, guard, fetchStyleSheets: settings.FetchSubresources, settings: settings.Detectors)
        : await BrowserPageLoader.StartAsync(new BrowserLoaderOptions { ExecutablePath = settings.BrowserPath, Remote = settings.RemoteBrowser, PageTimeout = settings.PageTimeout, Guard = guard, Detectors = settings.Detectors }, log);

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
        // The static engine's scans reach the script emulator on the first page with a suspicious script: its one-off
        // start runs on the second core while the rules load and the targets resolve (issue 20, fifth pass).
        if (settings.Engine == "static")
        {
            Core.Analyzers.Emulation.EmulatorWarmUp.StartInBackground();
            Core.Loading.SnapshotWarmUp.StartInBackground();
        }
        // The targets need no rules: a local folder's server starts (and a site's sitemap is fetched) while they load.
        await using var targets = Engine.Targets.TargetsInProgress.Start(settings.Targets, settings.AllowPrivate, settings.PageTimeout, interruption.Stop);
        RuleSet rules;
        var loading = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            rules = RuleSetLoader.Load(settings.Rules);
        }
        catch (RuleFileException e)
        {
            // A file that is not there has no line to point at: "keyword list not found: nope.txt".
            return CannotRun(e.ForPeople);
        }
        log.Information("Loaded {Packs} keyword pack(s) with {Terms} terms", rules.Packs.Count, rules.Matcher.Count);
        StartupBreakdown.Log(log, loading.Elapsed, rules);
        foreach (var note in rules.Notes) log.Warning("{Note}", note);
        if (UnknownRuleIds.Of(settings.Policy, settings.PolicyOrigins, RuleCatalogue.For(rules)) is { Count: > 0 } unknown)
            return CannotRun(string.Join('\n', unknown));

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
                return CannotRun($"cannot use the baseline {baselinePath}: {e.Message} ({BaselineHint.For(baselinePath)})");
            }
        }

        using var history = OpenHistory(settings, started, out var historyError);
        if (historyError is not null) return CannotRun(historyError);
        var screenshots = settings.Screenshots && KeepsScreenshots(settings.Reports);
        if (settings.Screenshots && !screenshots)
            error.WriteLine("warning: --screenshots: no report keeps them, so none are taken; they go into an html report, or beside a json report written to a file (--format json --output FILE).");

        var options = new ScanOptions
        {
            History = history?.Baseline,
            Targets = settings.Targets,
            Rules = rules,
            Policy = settings.Policy,
            Analyzers = Analyzers,
            Profiles = settings.Profiles,
            Concurrency = settings.Concurrency,
            PageTimeout = settings.PageTimeout,
            Crawl = settings.Crawl,
            AllowPrivate = settings.AllowPrivate,
            Screenshots = screenshots,
            FetchSubresources = settings.FetchSubresources,
            Shard = settings.Shard,
        };
        ScanRun run;
        try
        {
            var loaded = settings with { Detectors = rules.Detectors };
            run = await new ScanEngine(options, log).StartAsync(guard => loaderFactory(loaded, guard), interruption, targets);
        }
        catch (TargetException e)
        {
            history?.Finish(ExitCodes.CannotRun, interrupted: true);
            return CannotRun(e.Message);
        }
        catch (OperationCanceledException) when (interruption.Interrupted)
        {
            history?.Finish(ExitCodes.CannotRun, interrupted: true);
            return CannotRun("the scan was interrupted before any page was scanned; no report was written.");
        }
        catch (BrowserNotFoundException e)
        {
            history?.Finish(ExitCodes.CannotRun, interrupted: true);
            // Our own advice, one command a line: each line is escaped on its own so the commands stay readable.
            var lines = e.Message.Split('\n');
            log.ForContext(Logging.LogSetup.AlreadyOnConsole, true).Error("The scan could not run: {Problem}", lines[0]);
            error.WriteLine($"error: {TerminalText.Escape(lines[0])}");
            foreach (var line in lines.Skip(1)) error.WriteLine(TerminalText.Escape(line));
            return ExitCodes.CannotRun;
        }
        if (settings.Shard is { } shard)
            log.Information("Shard {Shard}: scanning the pages whose normalised URL hashes to it; `scanner merge` joins the shards' reports", shard.ToString());
        await using (run)
        {
            ReportSinks sinks;
            try
            {
                sinks = new ReportSinks(settings.Reports, output, ReportReady is { } ready ? report => ready(report, LocalPages(report, run)) : null, log, settings.Presentation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CannotRun($"cannot write a report: {e.Message}");
            }
            using var closeSinks = sinks;
            var sourceRoot = Environment.CurrentDirectory;
            var start = new ScanStart(started, settings.Engine, settings.Gate, baseline)
            {
                Shard = Engine.Sharding.ShardedScan.InfoOf(options, settings.Engine),
                LocalFileOf = url => ScanRecord.RelativeFile(run.LocalFileOf, sourceRoot, url),
            };
            sinks.Start(start);
            // The gate is watched as pages complete: the exit code needs no report.
            var gate = new FindingTally(settings.Gate, baseline?.Compare([]));
            var progress = ScanProgress.For(error, settings.ConsoleLogLevel > Serilog.Events.LogEventLevel.Information, log);
            progress.Known = () => run.PagesKnown;
            var pages = 0;
            var stages = new StageTally();
            var alerts = new List<Core.Model.Finding>();
            await progress.RunAsync(async () =>
            {
                await foreach (var page in run.PagesAsync())
                {
                    progress.PageDone(page.Findings.Count);
                    gate.Add(page.Findings);
                    pages++;
                    var reporting = System.Diagnostics.Stopwatch.GetTimestamp();
                    history?.Sink.OnPage(page);
                    alerts.AddRange(page.Findings.Where(f => f.HistoryState.IsNewSinceLastRun() && f.Severity >= settings.NotifyOn));
                    sinks.OnPage(page);
                    stages.Add(page.Page.Stages with { Report = System.Diagnostics.Stopwatch.GetElapsedTime(reporting) });
                }
                return 0;
            });
            var end = run.End;
            var completing = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                sinks.Complete(new ScanConclusion(DateTimeOffset.Now, end, run.Rules, run.LocalFileOf, Environment.CurrentDirectory));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CannotRun($"a report could not be written: {e.Message} (check the --output paths)");
            }
            stages.Add(StageTimes.None with { Report = System.Diagnostics.Stopwatch.GetElapsedTime(completing) });
            StartupBreakdown.LogBackground(log);
            if (settings.ConsoleLogLevel <= Serilog.Events.LogEventLevel.Debug)
                // -v: where the scan's time went, added up over its pages (workers overlap, so the sum exceeds the wall time).
                log.Information("Scan finished: {Pages} page(s), {Findings} finding(s), gate {Gate}; time by stage over all pages: {Stages}",
                    pages, gate.Total, gate.GateTripped ? "tripped" : "passed", stages.Total.Describe());
            else
                log.Information("Scan finished: {Pages} page(s), {Findings} finding(s), gate {Gate}",
                    pages, gate.Total, gate.GateTripped ? "tripped" : "passed");
            // DESIGN's contract: 1 when the findings trip the gate, whatever else happened; else 2 when the scan did not
            // check all it was asked to (interrupted, or a named target could not be loaded); else 0.
            if (end.Unreachable.Count > 0)
            {
                log.Debug("Targets that could not be loaded: {Targets}", end.Unreachable.Select(p => p.Url)); // the line below says it on the console
                error.WriteLine($"{(gate.GateTripped ? "warning" : "error")}: {UnreachableTargets.Describe(end.Unreachable)}.");
            }
            if (end.Interrupted)
                error.WriteLine($"error: the scan was interrupted: the report{(settings.Reports.Count > 1 ? "s are" : " is")} partial ({pages} page(s) scanned).");
            var code = gate.GateTripped ? ExitCodes.GateTripped
                : end.Interrupted || end.Unreachable.Count > 0 ? ExitCodes.CannotRun : ExitCodes.Passed;
            if (history is not null)
            {
                history.Finish(code, end.Interrupted);
                if (end.History is { } comparison)
                    log.Information("History {File}: run {Run}: {New} new, {Resolved} resolved since run {Previous}", settings.HistoryPath,
                        comparison.RunId, gate.CountOf(Core.Model.HistoryState.New) + gate.CountOf(Core.Model.HistoryState.Reappeared), comparison.Resolved.Count,
                        comparison.PreviousRunId?.ToString() ?? "(none: the first run)");
                if (settings.Notify.Count > 0 && !end.Interrupted)
                    await NotifyAsync(settings, history.Baseline.RunId, alerts, end.History?.Resolved.Count ?? 0, pages);
            }
            return code;
        }
    }

    /// <summary>The history's database and this run's record in it; null without --history.</summary>
    private RunHistory? OpenHistory(ScanSettings settings, DateTimeOffset started, out string? error)
    {
        error = null;
        if (settings.HistoryPath is not { } path) return null;
        try
        {
            var store = HistoryStore.Open(path);
            try
            {
                var options = new Dictionary<string, string>
                {
                    ["engine"] = settings.Engine,
                    ["failOn"] = settings.Gate.Describe(),
                    ["maxDepth"] = settings.Crawl.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["maxPages"] = settings.Crawl.MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["profiles"] = string.Join(",", settings.Profiles),
                };
                var baseline = store.BeginRun(HistoryTargets(settings.Targets), options, started);
                log.Information("History {File}: run {Run}, compared with {Previous}", path, baseline.RunId,
                    baseline.PreviousRunId is { } previous ? $"run {previous}" : "nothing (the first run of these targets)");
                return new RunHistory(store, baseline, new HistorySink(store, baseline.RunId, log));
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch (HistoryException e)
        {
            error = e.Message;
            return null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            error = $"cannot use the history {path}: {e.Message}";
            return null;
        }
    }

    /// <summary>Targets as the history compares runs by: local paths made absolute, so `scan site/` and `scan ./site` are one site.</summary>
    private static List<string> HistoryTargets(IEnumerable<string> targets) =>
        targets.Select(t => t.Contains("://", StringComparison.Ordinal) ? t : Path.GetFullPath(t)).ToList();

    private async Task NotifyAsync(ScanSettings settings, long runId, List<Core.Model.Finding> alerts, int resolved, int pages)
    {
        if (alerts.Count == 0)
        {
            log.Information("Nothing new at or above {Severity}: no alert sent", settings.NotifyOn.ToWord());
            return;
        }
        var summary = new AlertSummary(runId, settings.Targets, DateTimeOffset.Now, settings.NotifyOn,
            alerts.OrderByDescending(f => f.Severity).ThenBy(f => f.Url, StringComparer.Ordinal).ToList(), resolved, pages);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        await new WebhookNotifier(http, log, firstDelay: NotifyFirstRetryDelay).NotifyAsync(settings.Notify, summary, CancellationToken.None);
    }

    /// <summary>The first retry's wait for a webhook (then doubled); tests shorten it.</summary>
    public TimeSpan NotifyFirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A run's history: the database, what it knew at the start, and the sink that records the pages.</summary>
    private sealed class RunHistory(HistoryStore store, HistoryBaseline baseline, HistorySink sink) : IDisposable
    {
        public HistoryBaseline Baseline => baseline;
        public HistorySink Sink => sink;

        public void Finish(int exitCode, bool interrupted)
        {
            try
            {
                sink.Finish(DateTimeOffset.Now, exitCode, interrupted);
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The run stays "running" and the next open marks it incomplete: it is never compared with.
            }
        }

        public void Dispose() => store.Dispose();
    }

    /// <summary>Screenshots go into an HTML report, or into a folder beside a JSON report file; nowhere else.</summary>
    private static bool KeepsScreenshots(IReadOnlyList<ReportRequest> reports) =>
        reports.Any(r => r.Format == "html" || (r.Format == "json" && r.OutputPath is not null));

    /// <summary>The pages served from local files: page URL → the file's full path.</summary>
    private static Dictionary<string, string> LocalPages(ScanReport report, ScanRun run) =>
        report.Pages.Select(p => p.Url).Distinct()
            .Select(url => (Url: url, File: run.LocalFileOf(url))).Where(x => x.File is not null)
            .ToDictionary(x => x.Url, x => x.File!, StringComparer.Ordinal);

    private int CannotRun(string message)
    {
        log.ForContext(Logging.LogSetup.AlreadyOnConsole, true).Error("The scan could not run: {Problem}", message);
        foreach (var line in message.Split('\n')) error.WriteLine($"error: {TerminalText.Escape(line)}");
        return ExitCodes.CannotRun;
    }
}
