using Scanner.Browser.Loading;
using System.CommandLine;
using Scanner.Cli.Configuration;
using Scanner.Cli.Logging;
using Scanner.Cli.Reports;
using Scanner.Cli.Scanning;
using Scanner.Engine.Crawling;
using Scanner.Engine.Scanning;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Serilog;
using Serilog.Events;

namespace Scanner.Cli.Commands;

/// <summary>`scanner scan TARGET...`: the command line of DESIGN's contract, and the composition of one scan.</summary>
public static class ScanCommand
{
    private static readonly Argument<string[]> Targets = new("targets")
    {
        Description = "URLs, sitemaps (.xml, .xml.gz, indexes too), URL-list files (.txt), local .html files or folders of them (default: the targets of scanner.yml)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<string[]> Formats = new("--format", "-f")
    {
        Description = "Report format: console, json, jsonl (written page by page as the scan runs), sarif, junit, markdown or html. Repeat for several reports.",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<string[]> Outputs = new("--output", "-o")
    {
        Description = "File for the report of the --format at the same position (default: standard output)",
    };
    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "Exit 1 when a finding is at or above this severity: info, low, medium, high, critical or none",
        DefaultValueFactory = _ => "high",
    };
    private static readonly Option<string> Engine = new("--engine")
    {
        Description = "browser (headless Chromium, default) or static (HttpClient + AngleSharp: no scripts, visibility from markup, inline and <style> CSS)",
        DefaultValueFactory = _ => "browser",
    };
    private static readonly Option<string?> Profiles = new("--profiles")
    {
        Description = "Fetch each page as: visitor,spider,search-referrer,mobile (comma-separated; default visitor) and report what differs",
    };
    private static readonly Option<string[]> RulePaths = new("--rules")
    {
        Description = "Extra rule files or folders (YAML), added to the default packs",
    };
    private static readonly Option<bool> NoDefaultRules = new("--no-default-rules")
    {
        Description = "Do not load the rule packs shipped with the scanner",
    };
    private static readonly Option<string[]> Keywords = new("--keywords")
    {
        Description = "A plain word list (one term per line, # comments) added as rules of category 'custom', severity high",
    };
    private static readonly Option<string?> BrowserPath = new("--browser")
    {
        Description = $"Chromium/Chrome executable (default: ${BrowserLocator.EnvironmentVariable}, Playwright's cache, then the system's)",
    };
    private static readonly Option<int> Concurrency = new("--concurrency", "-j")
    {
        Description = "Pages loaded at once, each in a fresh context of one shared browser (default: one per core, at least 2; "
            + $"for the browser engine also at most one per {DefaultConcurrency.BrowserPageBudgetBytes >> 20} MiB of memory)",
    };
    private static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "Seconds to wait for a page to load",
        DefaultValueFactory = _ => 30,
    };
    private static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Also write structured JSON log events to this file",
    };
    private static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = $"Configuration file (default: ./{ScannerConfig.DefaultFileName} when it exists); the command line overrides it",
    };
    private static readonly Option<string?> BaselineFile = new("--baseline")
    {
        Description = "Baseline file (scanner baseline create) or an earlier JSON report: its findings are reported as unchanged and do not trip the gate",
    };
    private static readonly Option<string[]> SeverityOverrides = new("--severity")
    {
        Description = "Override a rule's severity: RULE=SEVERITY, RULE may be a family such as keyword.* (repeatable)",
    };
    private static readonly Option<string[]> DisabledRules = new("--disable-rule")
    {
        Description = "Do not report this rule id or family such as link.* (repeatable)",
    };
    private static readonly Option<bool> Screenshots = new("--screenshots")
    {
        Description = "Screenshot the element of each finding (on by default when an html report is requested)",
    };
    private static readonly Option<bool> NoScreenshots = new("--no-screenshots")
    {
        Description = "Take no screenshots, even for an html report",
    };
    private static readonly Option<int> MaxDepth = new("--max-depth")
    {
        Description = "Follow links this many clicks from the start pages (0 = scan only the pages named or listed)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<int> MaxPages = new("--max-pages")
    {
        Description = "Scan at most this many pages",
        DefaultValueFactory = _ => 10_000,
    };
    private static readonly Option<string> Scope = new("--scope")
    {
        Description = "Which links to follow: host (the start pages' hosts, default), site (their registrable domains), any",
        DefaultValueFactory = _ => "host",
    };
    private static readonly Option<string[]> Include = new("--include")
    {
        Description = "Follow only URLs matching one of these globs (/path/** on path+query, else the whole URL; re:REGEX for a regex)",
    };
    private static readonly Option<string[]> Exclude = new("--exclude")
    {
        Description = "Never follow URLs matching these globs (same syntax as --include)",
    };
    private static readonly Option<bool> IgnoreRobots = new("--ignore-robots")
    {
        Description = "Crawl paths that robots.txt disallows (only on sites you are responsible for)",
    };
    private static readonly Option<int> HostConcurrency = new("--host-concurrency")
    {
        Description = "Requests in flight to one host at once",
        DefaultValueFactory = _ => 4,
    };
    private static readonly Option<double> Delay = new("--delay")
    {
        Description = "Seconds between two requests to one host (robots.txt Crawl-delay raises it)",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<int> Retries = new("--retries")
    {
        Description = "Retries of an answer 429 or 5xx (Retry-After honoured, else exponential backoff)",
        DefaultValueFactory = _ => 2,
    };
    private static readonly Option<bool> CheckLinks = new("--check-links")
    {
        Description = "Check every link once: broken (404, 410, DNS) and could-not-verify (429, 403, timeout) kept apart; external targets scanned for spam",
    };
    private static readonly Option<bool> AllowPrivate = new("--allow-private")
    {
        Description = "Let links, redirects, sitemaps and link checks reach loopback, private, link-local (169.254.169.254) and CGNAT addresses; "
            + "without it only the hosts the targets name may be private",
    };
    private static readonly Option<string?> History = new("--history")
    {
        Description = "Record the run in this SQLite database (created when missing) and compare it with the previous run of the same targets: each finding new, unchanged or reappeared, resolved ones listed, tamper signals",
    };
    private static readonly Option<string?> FailOnNew = new("--fail-on-new")
    {
        Description = "With --history: exit 1 when a finding new since the previous run (new or reappeared) is at or above this severity; without --fail-on, old findings no longer fail the run",
    };
    private static readonly Option<string[]> Notify = new("--notify")
    {
        Description = "With --history: post what is new to this webhook (repeatable). URL or TYPE:URL, TYPE generic, wecom (企业微信), dingtalk (钉钉), feishu (飞书) or slack; default by the URL's host",
    };
    private static readonly Option<string?> NotifyOn = new("--notify-on")
    {
        Description = "The least severity of a new finding that --notify sends (default high)",
    };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show debug messages on standard error" };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Show only warnings and errors on standard error" };

    public static Command Create()
    {
        var command = new Command("scan", "Load pages as a visitor's browser does and report injected spam");
        command.Arguments.Add(Targets);
        foreach (var option in new Option[] { Formats, Outputs, FailOn, Engine, Profiles, RulePaths, NoDefaultRules, Keywords, BrowserPath, Concurrency, Timeout, Config, BaselineFile, SeverityOverrides, DisabledRules, Screenshots, NoScreenshots, MaxDepth, MaxPages, Scope, Include, Exclude, IgnoreRobots, HostConcurrency, Delay, Retries, CheckLinks, AllowPrivate, History, FailOnNew, Notify, NotifyOn, LogFile, Verbose, Quiet })
            command.Options.Add(option);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        ScanSettings settings;
        try
        {
            settings = Settings(parse);
        }
        catch (Exception e) when (e is ArgumentException or ConfigException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.CannotRun;
        }
        var log = LogSetup.Create(settings.ConsoleLogLevel, settings.LogFile);
        // Ctrl+C and SIGTERM are ours (Program turns System.CommandLine's handling off): the reports still get written.
        using var interruption = SignalInterruption.Create(Console.Error, ScanInterruption.DefaultGrace);
        using var hostCancel = ct.Register(interruption.Interrupt);
        try
        {
            return await new ScanApplication(Console.Out, Console.Error, log)
                .RunAsync(settings, ScanApplication.DefaultLoaderFactory(log), interruption);
        }
        catch (Exception e)
        {
            return UnexpectedError.Report(e, Console.Error, log, settings.ConsoleLogLevel <= LogEventLevel.Debug, settings.LogFile);
        }
        finally
        {
            (log as IDisposable)?.Dispose();
        }
    }

    private static CrawlOptions CrawlSettings(ParseResult parse)
    {
        var depth = parse.GetValue(MaxDepth);
        if (depth < 0) throw new ArgumentException("--max-depth must be 0 or more.");
        var pages = parse.GetValue(MaxPages);
        if (pages < 1) throw new ArgumentException("--max-pages must be at least 1.");
        if (!Enum.TryParse<Core.Crawling.ScopeKind>(parse.GetValue(Scope), ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
            throw new ArgumentException("--scope must be host, site or any.");
        var perHost = parse.GetValue(HostConcurrency);
        if (perHost < 1) throw new ArgumentException("--host-concurrency must be at least 1.");
        var delay = parse.GetValue(Delay);
        if (delay < 0) throw new ArgumentException("--delay must be 0 or more seconds.");
        var retries = parse.GetValue(Retries);
        if (retries < 0) throw new ArgumentException("--retries must be 0 or more.");
        return new CrawlOptions
        {
            MaxDepth = depth,
            MaxPages = pages,
            Scope = scope,
            Include = (parse.GetValue(Include) ?? []).Select(Core.Crawling.UrlPattern.Parse).ToList(),
            Exclude = (parse.GetValue(Exclude) ?? []).Select(Core.Crawling.UrlPattern.Parse).ToList(),
            RespectRobots = !parse.GetValue(IgnoreRobots),
            PerHostConcurrency = perHost,
            PerHostDelay = TimeSpan.FromSeconds(delay),
            Retries = retries,
            CheckLinks = parse.GetValue(CheckLinks),
        };
    }

    /// <summary>
    /// The settings of one scan: each option from the command line when it was given there, else from the
    /// configuration file, else its default.
    /// </summary>
    /// <exception cref="ArgumentException">A bad option value, or no targets anywhere.</exception>
    /// <exception cref="ConfigException">The configuration file is missing or invalid.</exception>
    public static ScanSettings Settings(ParseResult parse)
    {
        var config = LoadConfig(parse.GetValue(Config));
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };

        var failOn = Given(FailOn) ? parse.GetValue(FailOn)! : config?.FailOn ?? parse.GetValue(FailOn)!;
        if (!Gate.TryParse(failOn, out var gate))
            throw new ArgumentException($"--fail-on must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}, none.");
        var engine = (Given(Engine) ? parse.GetValue(Engine)! : config?.Engine ?? parse.GetValue(Engine)!).ToLowerInvariant();
        if (engine is not ("browser" or "static")) throw new ArgumentException("--engine must be 'browser' or 'static'.");
        var profiles = Core.Loading.FetchProfiles.Parse(Given(Profiles) ? parse.GetValue(Profiles) : config?.Profiles is { Count: > 0 } p ? string.Join(",", p) : parse.GetValue(Profiles));
        var concurrency = Given(Concurrency) ? parse.GetValue(Concurrency) : config?.Concurrency ?? DefaultConcurrency.For(engine);
        if (concurrency < 1) throw new ArgumentException("--concurrency must be at least 1.");
        var timeout = Given(Timeout) ? parse.GetValue(Timeout) : config?.Timeout ?? parse.GetValue(Timeout);
        if (timeout < 1) throw new ArgumentException("--timeout must be at least 1 second.");

        var targets = parse.GetValue(Targets) is { Length: > 0 } given ? given : config?.Targets?.ToArray() ?? [];
        if (targets.Length == 0)
            throw new ArgumentException($"No targets: give URLs, files or folders to scan, or list them under 'targets:' in {ScannerConfig.DefaultFileName} (or --config FILE).");

        var defaultRules = !parse.GetValue(NoDefaultRules) && (config?.Rules?.DefaultRules ?? true);
        var rulePaths = defaultRules ? new List<string> { RuleSetLoader.DefaultRulesDirectory } : [];
        rulePaths.AddRange(Given(RulePaths) ? parse.GetValue(RulePaths)! : config?.Rules?.Paths ?? []);
        var keywordLists = Given(Keywords) ? parse.GetValue(Keywords)! : config?.Rules?.Keywords?.ToArray() ?? [];

        var reports = Given(Formats) || Given(Outputs) || config?.Reports is not { Count: > 0 }
            ? ReportRequest.Pair(parse.GetValue(Formats) ?? [], parse.GetValue(Outputs) ?? [])
            : ReportRequest.Pair(config.Reports.Select(r => r.Format!).ToList(), config.Reports.Select(r => r.Output ?? "-").ToList());
        var screenshots = parse.GetValue(NoScreenshots) ? false
            : parse.GetValue(Screenshots) || (config?.Screenshots ?? reports.Any(r => r.Format == "html"));

        var crawl = CrawlSettings(parse);
        var history = Given(History) ? parse.GetValue(History) : config?.History;
        var failOnNew = Given(FailOnNew) ? parse.GetValue(FailOnNew) : config?.FailOnNew;
        if (failOnNew is not null)
        {
            if (!Core.Model.SeverityNames.TryParse(failOnNew, out var newThreshold))
                throw new ArgumentException($"--fail-on-new must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}.");
            if (history is null) throw new ArgumentException("--fail-on-new needs --history FILE (or 'history:' in scanner.yml): new is judged against the previous run.");
            // --fail-on-new alone gates on new findings only; with an explicit --fail-on both apply.
            var explicitFailOn = Given(FailOn) || config?.FailOn is not null;
            gate = (explicitFailOn ? gate : new Gate((Core.Model.Severity?)null)) with { NewThreshold = newThreshold };
        }
        var notify = (Given(Notify) ? parse.GetValue(Notify)! : config?.Notify?.ToArray() ?? []).Select(n => global::Scanner.Engine.Alerts.WebhookTarget.Parse(n)).ToList();
        if (notify.Count > 0 && history is null) throw new ArgumentException("--notify needs --history FILE (or 'history:' in scanner.yml): an alert says what is new since the previous run.");
        var notifyOnWord = Given(NotifyOn) ? parse.GetValue(NotifyOn) : config?.NotifyOn;
        var notifyOn = Core.Model.Severity.High;
        if (notifyOnWord is not null && !Core.Model.SeverityNames.TryParse(notifyOnWord, out notifyOn))
            throw new ArgumentException($"--notify-on must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}.");
        return new ScanSettings
        {
            HistoryPath = history,
            Notify = notify,
            NotifyOn = notifyOn,
            Targets = targets,
            Reports = reports,
            Gate = gate,
            Rules = new RuleSources { RulePaths = rulePaths, KeywordLists = keywordLists },
            Policy = Policy(config, parse.GetValue(SeverityOverrides) ?? [], parse.GetValue(DisabledRules) ?? []),
            BaselinePath = Given(BaselineFile) ? parse.GetValue(BaselineFile) : config?.Baseline,
            Screenshots = screenshots,
            ConfigFile = config?.SourceFile,
            Engine = engine,
            Profiles = profiles,
            BrowserPath = Given(BrowserPath) ? parse.GetValue(BrowserPath) : config?.Browser,
            Concurrency = concurrency,
            PageTimeout = TimeSpan.FromSeconds(timeout),
            LogFile = parse.GetValue(LogFile),
            Crawl = crawl,
            AllowPrivate = parse.GetValue(AllowPrivate) || (config?.AllowPrivate ?? false),
            ConsoleLogLevel = parse.GetValue(Verbose) ? LogEventLevel.Debug : parse.GetValue(Quiet) ? LogEventLevel.Warning : LogEventLevel.Information,
        };
    }

    /// <summary>The explicit --config file (which must exist), else ./scanner.yml when there is one, else none.</summary>
    private static ScannerConfig? LoadConfig(string? explicitPath)
    {
        if (explicitPath is not null)
            return File.Exists(explicitPath) ? ScannerConfig.Load(explicitPath) : throw new ConfigException($"the configuration file {explicitPath} does not exist.");
        return File.Exists(ScannerConfig.DefaultFileName) ? ScannerConfig.Load(ScannerConfig.DefaultFileName) : null;
    }

    /// <summary>The file's overrides and disabled rules, then the command line's on top (a rule given on both: the command line wins).</summary>
    private static RulePolicy Policy(ScannerConfig? config, IReadOnlyList<string> severityOptions, IReadOnlyList<string> disabledOptions)
    {
        var fromFile = config?.Policy() ?? RulePolicy.None;
        var overrides = new Dictionary<string, Core.Model.Severity>(fromFile.SeverityOverrides, StringComparer.OrdinalIgnoreCase);
        foreach (var option in severityOptions)
        {
            var parts = option.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !RulePolicy.IsValidPattern(parts[0]) || !Core.Model.SeverityNames.TryParse(parts[1], out var severity))
                throw new ArgumentException($"--severity '{option}': expected RULE=SEVERITY, e.g. keyword.gambling=medium or link.*=low, with a severity of {string.Join(", ", Core.Model.SeverityNames.AllWords)}.");
            overrides[parts[0]] = severity;
        }
        foreach (var rule in disabledOptions)
            if (!RulePolicy.IsValidPattern(rule)) throw new ArgumentException($"--disable-rule '{rule}': expected a rule id such as link.suspicious-tld or a family such as link.*.");
        return new RulePolicy { SeverityOverrides = overrides, DisabledRules = [.. fromFile.DisabledRules, .. disabledOptions] };
    }
}
