using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>Bad rules and bad arguments exit 2 with a message that says what is wrong; --keywords adds a user's list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RulesAndOptionsTests(BrowserFixture browser) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-rules-").FullName;
    private static readonly string Seed = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", "cleaned.html");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task An_unknown_severity_names_the_file_the_line_and_the_problem()
    {
        var file = Write("bad.yaml", "kind: keywords\nid: mine\ncategory: custom\nseverity: extreme\nkeywords: [a]\n");
        var run = await ScannerRun.ScanAsync(browser, Seed, "--rules", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:4:", run.Error);
        Assert.Contains("unknown severity 'extreme'", run.Error);
    }

    [Fact]
    public async Task Broken_yaml_names_the_file_and_the_line()
    {
        var file = Write("broken.yaml", "kind: keywords\nid: mine\nkeywords:\n  - one\n  - [unclosed\n");
        var run = await ScannerRun.ScanAsync(browser, Seed, "--rules", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(file)}:[56]:\d+: invalid YAML", run.Error);
    }

    [Fact]
    public async Task A_misspelt_key_is_reported_where_it_is()
    {
        var file = Write("typo.yaml", "kind: keywords\nid: mine\nkeyword:\n  - one\n");
        var run = await ScannerRun.ScanAsync(browser, Seed, "--rules", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:3:1: unknown key 'keyword'", run.Error);
    }

    [Fact]
    public async Task A_plain_word_list_adds_custom_high_rules()
    {
        // 教育强市 is on the seed page; a user's own list makes it a finding of category custom.
        var list = Write("mine.txt", "# my words\n教育強市\n\nnot-on-the-page\n");
        var run = await ScannerRun.ScanAsync(browser, Seed, "--keywords", list);

        Assert.Equal(1, run.ExitCode);
        var custom = run.Findings.Where(f => f.GetProperty("ruleId").GetString() == "keyword.custom").ToList();
        Assert.NotEmpty(custom);
        Assert.All(custom, f => Assert.Equal("custom", f.GetProperty("category").GetString()));
        Assert.All(custom, f => Assert.Equal("high", f.GetProperty("severity").GetString()));
        Assert.All(custom, f => Assert.Contains("教育強市", f.GetProperty("evidence").GetString()));
    }

    [Fact]
    public async Task A_wrong_rule_file_ends_the_scan_without_waiting_on_its_targets()
    {
        // The targets resolve while the rules load. A sitemap whose server takes the connection and never answers must
        // not hold the exit: the scan used to wait out --timeout (here 600 s) for it before saying the rules were wrong.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var file = Write("bad.yaml", "kind: keywords\nid: mine\ncategory: custom\nseverity: extreme\nkeywords: [a]\n");

        var scan = ScannerRun.ScanAsync(browser, $"http://127.0.0.1:{port}/sitemap.xml", "--allow-private", "--timeout", "600", "--rules", file);
        var run = await scan.WaitAsync(TimeSpan.FromMinutes(3)); // a guard against a hang, far from the ~1 s it takes

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown severity 'extreme'", run.Error);
    }

    [Fact]
    public async Task A_bad_fail_on_value_exits_2()
    {
        var run = await ScannerRun.ScanAsync(browser, Seed, "--fail-on", "severe");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--fail-on", run.Error);
    }

    [Fact]
    public async Task A_missing_target_exits_2()
    {
        var run = await ScannerRun.ScanAsync(browser, Path.Combine(_folder, "no-such-page.html"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-page.html", run.Error);
    }
}
