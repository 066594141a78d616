using System.CommandLine;
using Scanner.Browser.Loading;
using Scanner.Cli.Logging;
using Scanner.Cli.Scanning;
using Scanner.Engine.Scanning;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Serilog.Events;

namespace Scanner.Cli.Commands;

/// <summary>`scanner eval PAGES --labels LABELS.tsv`: recall, false alarms and misses per technique, at the gate.</summary>
public static class EvalCommand
{
    private static readonly Argument<string> Pages = new("pages") { Description = "The folder of labelled pages (the labels' file column is relative to it)" };
    private static readonly Option<string> Labels = new("--labels")
    {
        Description = "Tab-separated labels with a header: file, label (spam|clean), technique; further columns may be selected with --where",
        Required = true,
    };
    private static readonly Option<string?> Where = new("--where") { Description = "Score only the rows whose COLUMN=VALUE, e.g. split=dev" };
    private static readonly Option<string> Engine = new("--engine") { Description = "browser (default) or static", DefaultValueFactory = _ => "browser" };
    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "A page counts as flagged when a finding on it is at or above this severity (default high)",
        DefaultValueFactory = _ => "high",
    };
    private static readonly Option<string> Format = new("--format", "-f") { Description = "console (default) or json", DefaultValueFactory = _ => "console" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "File for the result (default: standard output)" };
    private static readonly Option<string[]> RulePaths = new("--rules") { Description = "Extra rule files or folders (YAML), added to the default packs" };
    private static readonly Option<bool> NoDefaultRules = new("--no-default-rules") { Description = "Do not load the rule packs shipped with the scanner" };
    private static readonly Option<string?> BrowserPath = new("--browser") { Description = "Chromium/Chrome executable" };
    private static readonly Option<int?> Concurrency = new("--concurrency", "-j") { Description = "Pages loaded at once (default as for scan)" };
    private static readonly Option<int> Timeout = new("--timeout") { Description = "Seconds to wait for a page to load", DefaultValueFactory = _ => 30 };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show the scan's progress on standard error" };

    public static Command Create()
    {
        var command = new Command("eval", "Scan a labelled folder and print recall, false alarms and misses per technique at the gate");
        command.Arguments.Add(Pages);
        foreach (var option in new Option[] { Labels, Where, Engine, FailOn, Format, Output, RulePaths, NoDefaultRules, BrowserPath, Concurrency, Timeout, Verbose })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            EvalSettings settings;
            try
            {
                settings = Settings(parse);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.CannotRun;
            }
            var log = LogSetup.Create(settings.Scan.ConsoleLogLevel, null);
            try
            {
                return await new EvalApplication(Console.Out, Console.Error, log).RunAsync(settings, ScanApplication.DefaultLoaderFactory(log), ct);
            }
            finally
            {
                (log as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <exception cref="ArgumentException">A bad option value.</exception>
    public static EvalSettings Settings(ParseResult parse)
    {
        if (!Gate.TryParse(parse.GetValue(FailOn)!, out var gate) || gate.Threshold is null)
            throw new ArgumentException($"--fail-on must be one of: {string.Join(", ", Core.Model.SeverityNames.AllWords)}.");
        var engine = parse.GetValue(Engine)!.ToLowerInvariant();
        if (engine is not ("browser" or "static")) throw new ArgumentException("--engine must be 'browser' or 'static'.");
        var format = parse.GetValue(Format)!.ToLowerInvariant();
        if (format is not ("console" or "json")) throw new ArgumentException("--format must be 'console' or 'json'.");
        (string, string)? where = null;
        if (parse.GetValue(Where) is { } w)
        {
            var parts = w.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0) throw new ArgumentException($"--where '{w}': expected COLUMN=VALUE, e.g. split=dev.");
            where = (parts[0], parts[1]);
        }
        var concurrency = parse.GetValue(Concurrency) ?? DefaultConcurrency.For(engine);
        if (concurrency < 1) throw new ArgumentException("--concurrency must be at least 1.");
        var timeout = parse.GetValue(Timeout);
        if (timeout < 1) throw new ArgumentException("--timeout must be at least 1 second.");
        var rulePaths = parse.GetValue(NoDefaultRules) ? new List<string>() : [RuleSetLoader.DefaultRulesDirectory];
        rulePaths.AddRange(parse.GetValue(RulePaths) ?? []);
        return new EvalSettings
        {
            PagesFolder = parse.GetValue(Pages)!,
            LabelsFile = parse.GetValue(Labels)!,
            Where = where,
            Format = format,
            OutputPath = parse.GetValue(Output),
            Scan = new ScanSettings
            {
                Targets = [],
                Reports = [],
                Gate = gate,
                Rules = new RuleSources { RulePaths = rulePaths },
                Engine = engine,
                BrowserPath = parse.GetValue(BrowserPath),
                Concurrency = concurrency,
                PageTimeout = TimeSpan.FromSeconds(timeout),
                ConsoleLogLevel = parse.GetValue(Verbose) ? LogEventLevel.Information : LogEventLevel.Warning,
            },
        };
    }
}
