using Scanner.Browser.Loading;
using System.CommandLine;
using Scanner.Cli.CommandLine;
using Scanner.Cli.Configuration;
using Scanner.Cli.Logging;
using Scanner.Cli.Reports;
using Scanner.Cli.Scanning;
using Scanner.Engine.Crawling;
using Scanner.Engine.Scanning;
using Scanner.Core.Policy;
using Scanner.Core.Reports.Localization;
using Scanner.Engine.Reports;
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
    private static readonly Option<string> FailOn = new Option<string>("--fail-on")
    {
        Description = "Exit 1 when a finding is at or above this severity: info, low, medium, high, critical or none",
        DefaultValueFactory = _ => "high",
    }.OneOf([.. Core.Model.SeverityNames.AllWords, "none"]);
    private static readonly Option<string> Engine = new Option<string>("--engine")
    {
        Description = "browser (headless Chromium, default) or static (HttpClient + AngleSharp: no scripts, visibility from markup, inline and <style> CSS)",
        DefaultValueFactory = _ => "browser",
    }.OneOf("browser", "static");
    private static readonly Option<string?> Profiles = new Option<string?>("--profiles")
    {
        Description = "Fetch each page as: visitor,spider,search-referrer,mobile (comma-separated; default visitor) and report what differs",
    }.Each(list => Core.Loading.FetchProfiles.Parse(list));
    private static readonly Option<string[]> RulePaths = new("--rules")
    {
        Description = "Extra rule files or folders (YAML), added to the default packs",
    };
    private static readonly Option<bool> NoDefaultRules = new("--no-default-rules")
    {
        Description = "Do not load the rule packs shipped with the scanner",
    };
    private static readonly Option<string[]> Keywords = new Option<string[]>("--keywords")
    {
        Description = "A plain word list (one term per line, # comments) added as rules of category 'custom', severity high",
    }.Each(list => { if (!File.Exists(list)) throw new ArgumentException($"keyword list not found: {list}"); });
    private static readonly Option<string?> BrowserPath = new("--browser")
    {
        Description = $"Chromium/Chrome executable (default: ${BrowserLocator.EnvironmentVariable}, Playwright's cache, then the system's)",
    };
    private static readonly Option<string?> BrowserEndpoint = new("--browser-endpoint")
    {
        Description = "Use a browser running elsewhere, through Playwright's protocol: ws://HOST:PORT/ of `playwright run-server` (same version as the scanner's Playwright) or a Playwright grid",
    };
    private static readonly Option<string?> CdpEndpoint = new("--cdp-endpoint")
    {
        Description = "Use a Chromium running elsewhere, through the DevTools protocol: http://HOST:PORT of one started with --remote-debugging-port, browserless or a Selenium Grid 4 node",
    };
    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-j")
    {
        Description = "Pages loaded at once, each in a fresh context of one shared browser (default: one per core, at least 2; "
            + $"for the browser engine also at most one per {DefaultConcurrency.BrowserPageBudgetBytes >> 20} MiB of memory)",
    }.AtLeast(1);
    private static readonly Option<int> Timeout = new Option<int>("--timeout")
    {
        Description = "Seconds to wait for a page to load",
        DefaultValueFactory = _ => 30,
    }.AtLeast(1);
    private static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Also write structured JSON log events to this file",
    };
    private static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = $"Configuration file (default: {ScannerConfig.DefaultFileName} in the current folder or the nearest folder above it, up to the repository's root); the command line overrides it",
    };
    private static readonly Option<string?> BaselineFile = new("--baseline")
    {
        Description = "Baseline file (scanner baseline create) or an earlier JSON report: its findings are reported as unchanged and do not trip the gate",
    };
    private static readonly Option<string[]> SeverityOverrides = new Option<string[]>("--severity")
    {
        Description = "Override a rule's severity: RULE=SEVERITY, RULE may be a family such as keyword.* (repeatable)",
    }.Each(PolicyOptions.CheckOverride);
    private static readonly Option<string[]> DisabledRules = new Option<string[]>("--disable-rule")
    {
        Description = "Do not report this rule id or family such as link.* (repeatable)",
    }.Each(PolicyOptions.CheckPattern);
    private static readonly Option<bool> Screenshots = new("--screenshots")
    {
        Description = "Screenshot the element of each finding (on by default when an html report is requested)",
    };
    private static readonly Option<bool> NoScreenshots = new("--no-screenshots")
    {
        Description = "Take no screenshots, even for an html report",
    };
    private static readonly Option<bool> NoSubresources = new("--no-subresources")
    {
        Description = "Static engine: read only the served HTML, no linked stylesheets or external scripts (faster and offline, sees less)",
    };
    private static readonly Option<int> MaxDepth = new Option<int>("--max-depth")
    {
        Description = "Follow links this many clicks from the start pages (0 = scan only the pages named or listed)",
        DefaultValueFactory = _ => 0,
    }.AtLeast(0);
    private static readonly Option<int> MaxPages = new Option<int>("--max-pages")
    {
        Description = "Scan at most this many pages",
        DefaultValueFactory = _ => 10_000,
    }.AtLeast(1);
    private static readonly Option<string> Scope = new Option<string>("--scope")
    {
        Description = "Which links to follow: host (the start pages' hosts, default), site (their registrable domains), any",
        DefaultValueFactory = _ => "host",
    }.OneOf("host", "site", "any");
    private static readonly Option<string[]> Include = new Option<string[]>("--include")
    {
        Description = "Follow only URLs matching one of these globs (/path/** on path+query, else the whole URL; re:REGEX for a regex)",
    }.Each(pattern => Core.Crawling.UrlPattern.Parse(pattern));
    private static readonly Option<string[]> Exclude = new Option<string[]>("--exclude")
    {
        Description = "Never follow URLs matching these globs (same syntax as --include)",
    }.Each(pattern => Core.Crawling.UrlPattern.Parse(pattern));
    private static readonly Option<bool> IgnoreRobots = new("--ignore-robots")
    {
        Description = "Crawl paths that robots.txt disallows (only on sites you are responsible for)",
    };
    private static readonly Option<int> HostConcurrency = new Option<int>("--host-concurrency")
    {
        Description = "Requests in flight to one host at once",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);
    private static readonly Option<double> Delay = new Option<double>("--delay")
    {
        Description = "Seconds between two requests to one host (robots.txt Crawl-delay raises it)",
        DefaultValueFactory = _ => 0,
    }.AtLeast(0);
    private static readonly Option<int> Retries = new Option<int>("--retries")
    {
        Description = "Retries of an answer 429 or 5xx (Retry-After honoured, else exponential backoff)",
        DefaultValueFactory = _ => 2,
    }.AtLeast(0);
    private static readonly Option<bool> CheckLinks = new("--check-links")
    {
        Description = "Check every link once: broken (404, 410, DNS) and could-not-verify (429, 403, timeout) kept apart; external targets scanned for spam",
    };
    private static readonly Option<bool> AllowPrivate = new("--allow-private")
    {
        Description = "Let links, redirects, sitemaps and link checks reach loopback, private, link-local (169.254.169.254) and CGNAT addresses; "
            + "without it only the hosts the targets name may be private",
    };
    private static readonly Option<string?> ShardOption = new Option<string?>("--shard")
    {
        Description = "Scan only shard I of N (e.g. 2/4): the pages whose normalised URL hashes to it; N processes with 1/N…N/N cover "
            + "each page once, and `scanner merge` joins their JSON reports",
    }.Each(value => Core.Crawling.Shard.Parse(value));
    private static readonly Option<string?> History = new Option<string?>("--history")
    {
        Description = "Record the run in this SQLite database (created when missing) and compare it with the previous run of the same targets: each finding new, unchanged or reappeared, resolved ones listed, tamper signals",
    };
    private static readonly Option<string?> FailOnNew = new Option<string?>("--fail-on-new")
    {
        Description = "With --history: exit 1 when a finding new since the previous run (new or reappeared) is at or above this severity; without --fail-on, old findings no longer fail the run",
    }.OneOf([.. Core.Model.SeverityNames.AllWords]);
    private static readonly Option<string[]> Notify = new("--notify")
    {
        Description = "With --history: post what is new to this webhook (repeatable). URL or TYPE:URL, TYPE generic, wecom (企业微信), dingtalk (钉钉), feishu (飞书) or slack; default by the URL's host",
    };
    private static readonly Option<string?> NotifyOn = new Option<string?>("--notify-on")
    {
        Description = "The least severity of a new finding that --notify sends (default high)",
    }.OneOf([.. Core.Model.SeverityNames.AllWords]);
    private static readonly Option<string?> ConsoleMinSeverity = new Option<string?>("--console-min-severity")
    {
        Description = "List findings at or above this severity in the console report (info, low, medium, high, critical); by default only those that trip the gate are listed and the rest counted on one line",
    }.OneOf([.. Core.Model.SeverityNames.AllWords]);
    private static readonly Option<string?> Language = new Option<string?>("--lang")
    {
        Description = $"Language of the console, HTML and Markdown reports, {string.Join(" or ", ReportLanguage.Supported)} (rule ids and JSON keys never change)",
    }.OneOf([.. ReportLanguage.Supported]);
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show debug messages on standard error, and every finding in the console report" };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Show only warnings and errors on standard error" };


    /// <summary>
    /// Every option of `scanner scan` with its scanner.yml key, one line each; `scan` gets its options from here. An
    /// option added without a key fails ConfigKeyTests. `Table.Add(Option)` keys it by its name in camelCase
    /// (--max-depth → maxDepth); give the key and its <see cref="ConfigValue"/> when that is not enough.
    /// </summary>
    public static ConfigTable Table { get; } = new()
    {
        { Targets, "targets", ConfigValue.PathOrUrl },
        { Formats, "reports", ConfigValue.Reports },
        { Outputs, "reports", ConfigValue.Reports },
        FailOn,
        Engine,
        { Profiles, ConfigValue.CommaJoined },
        { RulePaths, "rules.paths", ConfigValue.Path },
        { NoDefaultRules, "rules.defaultRules", ConfigValue.Negated },
        { Keywords, "rules.keywords", ConfigValue.Path },
        { SeverityOverrides, "rules.severity", ConfigValue.RuleMap, true },
        { DisabledRules, "rules.disabled", ConfigValue.AsIs, true },
        { BrowserPath, ConfigValue.Path },
        BrowserEndpoint,
        CdpEndpoint,
        Concurrency,
        Timeout,
        { BaselineFile, ConfigValue.Path },
        Screenshots,
        { NoScreenshots, "screenshots", ConfigValue.Negated },
        { NoSubresources, "subresources", ConfigValue.Negated },
        MaxDepth,
        MaxPages,
        Scope,
        Include,
        Exclude,
        IgnoreRobots,
        HostConcurrency,
        Delay,
        Retries,
        CheckLinks,
        AllowPrivate,
        { History, ConfigValue.Path },
        FailOnNew,
        Notify,
        NotifyOn,
        ConsoleMinSeverity,
        Language,
        { LogFile, ConfigValue.Path },
        Verbose,
        Quiet,
    };

    static ScanCommand()
    {
        Table.CommandLineOnlyOption(Config, "it names the file itself");
        Table.CommandLineOnlyOption(ShardOption, "each process of a sharded scan has a shard of its own, so it is given per process");
    }

    public static Command Create()
    {
        var command = new Command("scan", "Load pages as a visitor's browser does and report injected spam");
        foreach (var argument in Table.Arguments) command.Arguments.Add(argument);
        foreach (var option in Table.Options) command.Options.Add(option);
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
        catch (ArgumentException e)
        {
            foreach (var line in e.Message.Split('\n', StringSplitOptions.TrimEntries)) Console.Error.WriteLine($"error: {line}");
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

    /// <summary>
    /// The settings of one scan: each option from the command line when it was given there, else from the
    /// configuration file, else its default.
    /// </summary>
    /// <exception cref="ArgumentException">A bad option value, or no targets anywhere.</exception>
    /// <exception cref="ConfigException">The configuration file is missing or invalid.</exception>
    public static ScanSettings Settings(ParseResult parse)
    {
        var config = LoadConfig(parse.GetValue(Config));
        var input = new ScanInput(parse, config, Table);

        Gate.TryParse(input.Get(FailOn)!, out var gate);
        var engine = input.Get(Engine)!.ToLowerInvariant();
        var profiles = Core.Loading.FetchProfiles.Parse(input.Get(Profiles));
        var concurrency = input.IsSet(Concurrency) ? input.Get(Concurrency) : DefaultConcurrency.For(engine);

        var targets = input.Get(Targets) ?? [];
        if (targets.Length == 0)
            throw new ArgumentException($"No targets: give URLs, files or folders to scan, or list them under 'targets:' in {ScannerConfig.DefaultFileName} (or --config FILE).");

        var rulePaths = input.Get(NoDefaultRules) ? [] : new List<string> { RuleSetLoader.DefaultRulesDirectory };
        rulePaths.AddRange(input.Get(RulePaths) ?? []);

        var reports = ReportRequest.Pair(input.Get(Formats) ?? [], input.Get(Outputs) ?? []);
        var screenshots = !input.Get(NoScreenshots) && (input.IsSet(Screenshots) ? input.Get(Screenshots) : reports.Any(r => r.Format == "html"));
        var (policy, origins) = PolicyOptions.Policy(input, SeverityOverrides, DisabledRules);

        var history = input.Get(History);
        var failOnNew = input.Get(FailOnNew);
        if (failOnNew is not null)
        {
            Core.Model.SeverityNames.TryParse(failOnNew, out var newThreshold);
            if (history is null) throw new ArgumentException("--fail-on-new needs --history FILE (or 'history:' in scanner.yml): new is judged against the previous run.");
            // --fail-on-new alone gates on new findings only; with an explicit --fail-on both apply.
            gate = (input.IsSet(FailOn) ? gate : new Gate((Core.Model.Severity?)null)) with { NewThreshold = newThreshold };
        }
        var notify = (input.Get(Notify) ?? []).Select(n => global::Scanner.Engine.Alerts.WebhookTarget.Parse(n)).ToList();
        if (notify.Count > 0 && history is null) throw new ArgumentException("--notify needs --history FILE (or 'history:' in scanner.yml): an alert says what is new since the previous run.");
        var notifyOn = Core.Model.Severity.High;
        if (input.Get(NotifyOn) is { } notifyOnWord) Core.Model.SeverityNames.TryParse(notifyOnWord, out notifyOn);
        var remote = RemoteBrowserSetting(input.Get(BrowserEndpoint), input.Get(CdpEndpoint), engine, input.Get(BrowserPath));
        return new ScanSettings
        {
            HistoryPath = history,
            Notify = notify,
            NotifyOn = notifyOn,
            Targets = targets,
            Reports = reports,
            Gate = gate,
            Rules = new RuleSources { RulePaths = rulePaths, KeywordLists = input.Get(Keywords) ?? [] },
            Policy = policy,
            PolicyOrigins = origins,
            BaselinePath = input.Get(BaselineFile),
            Screenshots = screenshots,
            FetchSubresources = !input.Get(NoSubresources),
            ConfigFile = config?.SourceFile,
            Engine = engine,
            Profiles = profiles,
            BrowserPath = input.Get(BrowserPath),
            RemoteBrowser = remote,
            Concurrency = concurrency,
            PageTimeout = TimeSpan.FromSeconds(input.Get(Timeout)),
            LogFile = input.Get(LogFile),
            Crawl = new CrawlOptions
            {
                MaxDepth = input.Get(MaxDepth),
                MaxPages = input.Get(MaxPages),
                Scope = Enum.Parse<Core.Crawling.ScopeKind>(input.Get(Scope)!, ignoreCase: true),
                Include = (input.Get(Include) ?? []).Select(Core.Crawling.UrlPattern.Parse).ToList(),
                Exclude = (input.Get(Exclude) ?? []).Select(Core.Crawling.UrlPattern.Parse).ToList(),
                RespectRobots = !input.Get(IgnoreRobots),
                PerHostConcurrency = input.Get(HostConcurrency),
                PerHostDelay = TimeSpan.FromSeconds(input.Get(Delay)),
                Retries = input.Get(Retries),
                CheckLinks = input.Get(CheckLinks),
            },
            AllowPrivate = input.Get(AllowPrivate),
            Shard = parse.GetValue(ShardOption) is { } shard ? Core.Crawling.Shard.Parse(shard) : null,
            ConsoleLogLevel = input.Get(Verbose) ? LogEventLevel.Debug : input.Get(Quiet) ? LogEventLevel.Warning : LogEventLevel.Information,
            Presentation = Presentation(input),
        };
    }

    /// <summary>The history database a scanner.yml names (<c>history:</c>, relative to the file's folder), or null.</summary>
    public static string? HistoryIn(ScannerConfig config) => config.Values.GetValue(History);

    /// <summary>The browser to connect to instead of starting one, if --browser-endpoint or --cdp-endpoint names one.</summary>
    private static RemoteBrowser? RemoteBrowserSetting(string? playwrightEndpoint, string? cdpEndpoint, string engine, string? browserPath)
    {
        if (playwrightEndpoint is null && cdpEndpoint is null) return null;
        if (playwrightEndpoint is not null && cdpEndpoint is not null)
            throw new ArgumentException("give either --browser-endpoint (a Playwright server) or --cdp-endpoint (a DevTools endpoint), not both.");
        if (engine != "browser") throw new ArgumentException("--browser-endpoint and --cdp-endpoint need the browser engine (--engine browser).");
        if (browserPath is not null) throw new ArgumentException("--browser names a Chromium to start here; it cannot go with --browser-endpoint or --cdp-endpoint, which connect to one running elsewhere.");
        return playwrightEndpoint is not null ? RemoteBrowser.PlaywrightServer(playwrightEndpoint) : RemoteBrowser.DevTools(cdpEndpoint!);
    }

    /// <summary>The reports' language (--lang, lang:) and how much the console lists (--console-min-severity, -v: everything).</summary>
    private static ReportPresentation Presentation(ScanInput input)
    {
        ReportLanguage.TryParse(input.Get(Language) ?? "en", out var language);
        Core.Model.Severity? minimum = input.Get(ConsoleMinSeverity) is { } word && Core.Model.SeverityNames.TryParse(word, out var severity) ? severity
            : input.Get(Verbose) ? Core.Model.Severity.Info : null;
        return new ReportPresentation(language, minimum);
    }

    /// <summary>The explicit --config file (which must exist), else the nearest scanner.yml (<see cref="ConfigFinder"/>), else none.</summary>
    private static ScannerConfig? LoadConfig(string? explicitPath)
    {
        if (explicitPath is not null)
            return File.Exists(explicitPath) ? ScannerConfig.Load(explicitPath, Table) : throw new ConfigException($"the configuration file {explicitPath} does not exist.");
        return ConfigFinder.Find(Environment.CurrentDirectory) is { } found ? ScannerConfig.Load(found, Table) : null;
    }
}
