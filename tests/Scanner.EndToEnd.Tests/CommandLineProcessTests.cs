using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>The real executable, for what only a process shows: argument errors and a missing browser give exit 2.</summary>
public sealed class CommandLineProcessTests
{
    private static Task<(int Exit, string Output, string Error)> RunAsync(IDictionary<string, string>? env, params string[] args) =>
        ScannerProcess.RunAsync(args, env);

    [Fact]
    public async Task Unknown_options_exit_2()
    {
        var (exit, _, error) = await RunAsync(null, "scan", "--no-such-option", "http://127.0.0.1/");
        Assert.Equal(2, exit);
        Assert.Contains("--no-such-option", error);
    }

    [Fact]
    public async Task A_browser_that_does_not_exist_exits_2_and_says_what_to_do()
    {
        var page = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", "cleaned.html");
        var (exit, _, error) = await RunAsync(new Dictionary<string, string> { ["SCANNER_BROWSER"] = "/nonexistent/chromium" }, "scan", page);
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/chromium", error);
    }

    [Fact]
    public async Task Rules_test_runs_every_pack_case()
    {
        var (exit, output, _) = await RunAsync(null, "rules", "test");
        Assert.Equal(0, exit);
        Assert.Matches(@"\d+ pack\(s\), \d+ case\(s\), 0 failure\(s\)", output);
    }

    [Fact]
    public async Task The_static_engine_needs_no_browser_and_writes_structured_logs()
    {
        var page = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", "hacked.html");
        var log = Path.Combine(Path.GetTempPath(), $"scanner-log-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output, error) = await RunAsync(new Dictionary<string, string> { ["SCANNER_BROWSER"] = "/nonexistent/chromium" },
                "scan", page, "--engine", "static", "--log-file", log);
            Assert.Equal(1, exit);
            Assert.Contains("keyword.porn", output);
            Assert.Contains("Scan finished", error); // human-readable progress on standard error
            var events = File.ReadAllLines(log).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Scan finished"));
            Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _)));
        }
        finally
        {
            File.Delete(log);
        }
    }
}
