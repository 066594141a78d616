using Scanner.Browser.Loading;
using System.CommandLine;
using Scanner.Cli.Logging;
using Scanner.Cli.Reports;
using Scanner.Cli.Scanning;
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
        Description = "URLs, local .html files or folders of them",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string[]> Formats = new("--format", "-f")
    {
        Description = "Report format: console, json (sarif, junit, markdown, html to come). Repeat for several reports.",
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
        Description = "browser (headless Chromium, default) or static (HttpClient + AngleSharp: no scripts, visibility from markup only)",
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
        Description = "Pages loaded at once, each in its own browser context",
        DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount),
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
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show debug messages on standard error" };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Show only warnings and errors on standard error" };

    public static Command Create()
    {
        var command = new Command("scan", "Load pages as a visitor's browser does and report injected spam");
        command.Arguments.Add(Targets);
        foreach (var option in new Option[] { Formats, Outputs, FailOn, Engine, Profiles, RulePaths, NoDefaultRules, Keywords, BrowserPath, Concurrency, Timeout, LogFile, Verbose, Quiet })
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
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.CannotRun;
        }
        var log = LogSetup.Create(settings.ConsoleLogLevel, settings.LogFile);
        try
        {
            return await new ScanApplication(Console.Out, Console.Error, log)
                .RunAsync(settings, ScanApplication.DefaultLoaderFactory(log), ct);
        }
        finally
        {
            (log as IDisposable)?.Dispose();
        }
    }

    public static ScanSettings Settings(ParseResult parse)
    {
        if (!Gate.TryParse(parse.GetValue(FailOn)!, out var gate))
            throw new ArgumentException($"--fail-on must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}, none.");
        var engine = parse.GetValue(Engine)!.ToLowerInvariant();
        if (engine is not ("browser" or "static")) throw new ArgumentException("--engine must be 'browser' or 'static'.");
        var profiles = Core.Loading.FetchProfiles.Parse(parse.GetValue(Profiles));
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1) throw new ArgumentException("--concurrency must be at least 1.");
        var timeout = parse.GetValue(Timeout);
        if (timeout < 1) throw new ArgumentException("--timeout must be at least 1 second.");
        var rulePaths = parse.GetValue(NoDefaultRules) ? [] : new List<string> { RuleSetLoader.DefaultRulesDirectory };
        rulePaths.AddRange(parse.GetValue(RulePaths) ?? []);
        return new ScanSettings
        {
            Targets = parse.GetValue(Targets)!,
            Reports = ReportRequest.Pair(parse.GetValue(Formats) ?? [], parse.GetValue(Outputs) ?? []),
            Gate = gate,
            Rules = new RuleSources { RulePaths = rulePaths, KeywordLists = parse.GetValue(Keywords) ?? [] },
            Engine = engine,
            Profiles = profiles,
            BrowserPath = parse.GetValue(BrowserPath),
            Concurrency = concurrency,
            PageTimeout = TimeSpan.FromSeconds(timeout),
            LogFile = parse.GetValue(LogFile),
            ConsoleLogLevel = parse.GetValue(Verbose) ? LogEventLevel.Debug : parse.GetValue(Quiet) ? LogEventLevel.Warning : LogEventLevel.Information,
        };
    }
}
