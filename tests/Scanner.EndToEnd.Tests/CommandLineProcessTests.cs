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

    /// <summary>`rules list` prints every rule any scan can report (cloaking.* and link checks too) with the severities
    /// the catalogue says it reports; `--format json` the same, with every field.</summary>
    [Fact]
    public async Task Rules_list_prints_every_rule_of_the_catalogue_with_the_severities_a_scan_reports()
    {
        var catalogue = Scanner.Core.Analyzers.RuleCatalogue.For(Scanner.Core.Rules.RuleSetLoader.Load(
            new Scanner.Core.Rules.RuleSources { RulePaths = [Scanner.Core.Rules.RuleSetLoader.DefaultRulesDirectory] }));
        var (exit, output, _) = await RunAsync(null, "rules", "list");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1) // the header
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(f => f[0]);
        Assert.Equal(catalogue.Select(r => r.Id).Order(StringComparer.Ordinal), lines.Keys.Order(StringComparer.Ordinal));
        Assert.All(catalogue, r =>
        {
            Assert.Equal(r.DefaultSeverity.ToString().ToLowerInvariant(), lines[r.Id][1]);
            Assert.Equal(Scanner.Core.Reports.RuleListWriter.SeverityList(r), lines[r.Id][2]);
        });
        Assert.Equal(["low", "low,critical"], lines["title.rewritten"][1..3]);
        Assert.Equal("info", lines["script.external-host"][1]);
        Assert.Contains("link.broken", lines.Keys);
        Assert.Contains("cloaking.spam", lines.Keys);

        (exit, output, _) = await RunAsync(null, "rules", "list", "--format", "json");
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rules = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(catalogue.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
        var title = rules.Single(r => r.GetProperty("id").GetString() == "title.rewritten");
        Assert.Equal("src/Scanner.Core/Analyzers/TitleHijackAnalyzer.cs", title.GetProperty("source").GetString());
        Assert.Contains("critical when", title.GetProperty("severityRule").GetString());
    }

    [Fact]
    public async Task Rules_import_makes_a_pack_of_the_chosen_category_and_severity_that_a_scan_loads()
    {
        var folder = Directory.CreateTempSubdirectory("scanner-import-").FullName;
        try
        {
            var list = Path.Combine(folder, "weapons.txt");
            File.WriteAllText(list, "# from a public list\n出售雷管\n出售雷管\n枪\n仿真枪: 出售\n");
            var pack = Path.Combine(folder, "weapons.yaml");
            var (exit, _, error) = await RunAsync(null, "rules", "import", list, "--id", "weapons", "--category", "weapons",
                "--severity", "medium", "--output", pack);
            Assert.Equal(0, exit);
            Assert.Contains("2 terms as keyword.weapons (category weapons, severity medium) from 4 entries; 1 duplicates", error);
            Assert.Contains("left out 1 single-character terms", error);

            var page = Path.Combine(folder, "page.html");
            File.WriteAllText(page, "<html><body><p>关于开展安全检查的通知</p><footer>出售雷管 电话 123</footer></body></html>");
            var report = Path.Combine(folder, "report.json");
            (exit, _, _) = await RunAsync(null, "scan", page, "--engine", "static", "--no-default-rules", "--rules", pack,
                "--fail-on", "medium", "--format", "json", "--output", report);
            Assert.Equal(1, exit);
            var finding = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("findings")[0];
            Assert.Equal(("keyword.weapons", "medium", "weapons"), (finding.GetProperty("ruleId").GetString(),
                finding.GetProperty("severity").GetString(), finding.GetProperty("category").GetString()));
            Assert.Contains("出售雷管", finding.GetProperty("evidence").GetString());

            (exit, _, error) = await RunAsync(null, "rules", "import", list, "--id", "Weapons");
            Assert.Equal(2, exit);
            Assert.Contains("--id 'Weapons' must be lower-case letters, digits and dashes", error);

            // Vetted against the site's clean pages: the term on the page is left out, the pack keeps the other.
            var output = "";
            (exit, output, error) = await RunAsync(null, "rules", "import", list, "--id", "weapons", "--clean-pages", folder);
            Assert.Equal(0, exit);
            Assert.Contains("left out 1 terms that occur in 1 clean pages (pages): 出售雷管 (1)", error);
            Assert.Contains("- 仿真枪: 出售", output.Replace("'", "").Replace("\"", ""));
            Assert.DoesNotContain("- 出售雷管", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
