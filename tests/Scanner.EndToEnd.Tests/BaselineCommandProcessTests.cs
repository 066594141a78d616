using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>The real executable's `baseline create` and a scan with nothing to scan: exit codes and messages.</summary>
public sealed class BaselineCommandProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-process-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        ScannerProcess.RunAsync(args, workingDirectory: _folder);

    [Fact]
    public async Task Baseline_create_writes_the_known_fingerprints()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "report.json"), """
            { "schemaVersion": "1.0", "findings": [ { "ruleId": "keyword.porn", "url": "https://a/", "severity": "high", "evidence": "x", "fingerprint": "abc" } ] }
            """);
        var (exit, output, _) = await RunAsync("baseline", "create", "--from", "report.json");
        Assert.Equal(0, exit);
        Assert.Contains("1 known finding(s)", output);
        Assert.Contains("\"fingerprint\": \"abc\"", await File.ReadAllTextAsync(Path.Combine(_folder, ".scanner-baseline.json")));
    }

    [Fact]
    public async Task Baseline_create_from_nothing_exits_2_and_says_what_to_give_it()
    {
        var (exit, _, error) = await RunAsync("baseline", "create", "--from", "missing.json");
        Assert.Equal(2, exit);
        Assert.Contains("--format json", error);
        (exit, _, error) = await RunAsync("baseline", "create");
        Assert.Equal(2, exit);
        Assert.Contains("--from", error);
    }

    [Fact]
    public async Task Scan_with_no_targets_and_no_scanner_yml_exits_2()
    {
        var (exit, _, error) = await RunAsync("scan");
        Assert.Equal(2, exit);
        Assert.Contains("scanner.yml", error);
    }
}
