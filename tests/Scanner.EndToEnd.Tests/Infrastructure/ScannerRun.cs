using System.CommandLine;
using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.Cli.Scanning;
using Scanner.Core.Analyzers;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>The outcome of one in-process `scanner scan` run.</summary>
public sealed record ScannerRun(int ExitCode, string Output, string Error, JsonDocument? Report)
{
    public JsonElement[] Findings => Report!.RootElement.GetProperty("findings").EnumerateArray().ToArray();
    public JsonElement[] Pages => Report!.RootElement.GetProperty("pages").EnumerateArray().ToArray();

    public IEnumerable<JsonElement> FindingsAtLeast(string severity)
    {
        var order = new[] { "info", "low", "medium", "high", "critical" };
        var min = Array.IndexOf(order, severity);
        return Findings.Where(f => Array.IndexOf(order, f.GetProperty("severity").GetString()) >= min);
    }

    /// <summary>
    /// Runs `scanner scan ARGS` in this process with the shared browser, exactly as the command line parses it,
    /// and always asks for a JSON report too so tests can read the findings.
    /// </summary>
    public static Task<ScannerRun> ScanAsync(BrowserFixture browser, params string[] args) =>
        ScanAsync(browser, PageAnalysis.DefaultAnalyzers, honourTimeout: false, args);

    /// <param name="honourTimeout">Whether the browser engine uses the scan's --timeout (the shared loader keeps 20 s).</param>
    public static Task<ScannerRun> ScanAsync(BrowserFixture browser, bool honourTimeout, params string[] args) =>
        ScanAsync(browser, PageAnalysis.DefaultAnalyzers, honourTimeout, args);

    /// <summary>As <see cref="ScanAsync(BrowserFixture, string[])"/>, with these analyzers instead of the shipped ones.</summary>
    public static Task<ScannerRun> ScanAsync(BrowserFixture browser, IReadOnlyList<IPageAnalyzer> analyzers, params string[] args) =>
        ScanAsync(browser, analyzers, honourTimeout: false, args);

    private static async Task<ScannerRun> ScanAsync(BrowserFixture browser, IReadOnlyList<IPageAnalyzer> analyzers, bool honourTimeout, string[] args)
    {
        var jsonPath = Path.Combine(Path.GetTempPath(), $"scanner-test-{Guid.NewGuid():N}.json");
        var root = new RootCommand();
        root.Subcommands.Add(ScanCommand.Create());
        var parse = root.Parse(["scan", .. args, "--format", "console", "--format", "json", "--output", "-", "--output", jsonPath]);
        // The words Program prints for a usage error.
        if (Scanner.Cli.CommandLine.UsageErrors.Of(parse) is { Count: > 0 } usage) return new ScannerRun(2, "", string.Join("\n", usage.Select(l => $"error: {l}")), null);

        var output = new StringWriter();
        var error = new StringWriter();
        int exit;
        try
        {
            var settings = ScanCommand.Settings(parse);
            exit = await new ScanApplication(output, error, browser.Log) { Analyzers = analyzers }.RunAsync(settings, (s, guard) => s.Engine == "static"
                // As the CLI's own factory (ScanApplication.DefaultLoaderFactory) makes them, on the shared browser.
                ? Task.FromResult<Core.Loading.IPageLoader>(new Core.Loading.StaticPageLoader(s.PageTimeout, guard, fetchStyleSheets: s.FetchSubresources, settings: s.Detectors))
                : Task.FromResult(browser.LoaderWith(new Browser.Loading.BrowserLoaderOptions { PageTimeout = honourTimeout ? s.PageTimeout : TimeSpan.FromSeconds(20), Guard = guard, Detectors = s.Detectors })),
                CancellationToken.None);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            exit = 2;
        }
        JsonDocument? report = null;
        if (File.Exists(jsonPath))
        {
            report = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
            File.Delete(jsonPath);
        }
        return new ScannerRun(exit, output.ToString(), error.ToString(), report);
    }
}
