using System.Text.RegularExpressions;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>scanner.yml through the real executable: bad values with file, line and problem; the example runs as it
/// is; `scanner init`; the file found in the current folder or above it, up to the repository's root.</summary>
public sealed class ConfigurationProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-yml-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string HackedPage(string relative) => Write(relative, File.ReadAllText(Path.Combine(DemoSite.Folder, "notice.html")));

    [Fact]
    public async Task Bad_values_and_unknown_keys_are_reported_with_file_line_and_problem_each_once()
    {
        HackedPage("page.html");
        var config = Write("scanner.yml", """
            targets: [page.html]
            failOn: extreme
            maxDepth: abc
            checkLinks: yes
            maxdepth: 2
            rules:
              severity: { keyword.porn: severe }
            """);
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", "--config", config]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {config}:2:9: failOn: 'extreme' is not one of: info, low, medium, high, critical, none", error);
        Assert.Contains($"error: {config}:3:11: maxDepth: expected a whole number, got 'abc'", error);
        Assert.Contains($"error: {config}:4:13: checkLinks: expected true or false, got 'yes'", error);
        Assert.Contains($"error: {config}:5:1: unknown key 'maxdepth' (did you mean maxDepth?", error);
        Assert.Contains($"error: {config}:7:15: rules.severity: 'keyword.porn=severe': unknown severity 'severe'", error);
        Assert.DoesNotContain("--fail-on", error); // a key of the file is not reported as a flag
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal(5, lines.Length);
    }

    /// <summary>maxDepth and checkLinks were refused as unknown keys once; now a crawl and a link check come from the file.</summary>
    [Fact]
    public async Task Crawl_and_link_check_keys_of_the_file_drive_the_scan()
    {
        await using var site = await LoopbackServer.ServingAsync(new Dictionary<string, string>
        {
            ["/"] = "<html><body><p>政务公开</p><a href=\"/a.html\">a</a></body></html>",
            ["/a.html"] = "<html><body><p>通知公告</p><a href=\"/b.html\">b</a><a href=\"/gone.html\">gone</a></body></html>",
            ["/b.html"] = "<html><body><p>办事指南</p></body></html>",
        });
        var report = Path.Combine(_folder, "report.json");
        var config = Write("scanner.yml", $$"""
            targets: ["{{site.Url("/")}}"]
            engine: static
            maxDepth: 1
            checkLinks: true
            reports: [{ format: json, output: report.json }]
            """);
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", "--config", config, "-q"]);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
        var pages = json.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("url").GetString()).ToList();
        Assert.Equal([site.Url("/"), site.Url("/a.html")], pages); // depth 1: b.html is two clicks away
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "link.broken");
    }

    /// <summary>docs/scanner.example.yml, beside the demo site as in the repository, scans it on the first try (exit 1:
    /// the hacked page trips the gate; never 2) and writes its reports.</summary>
    [Fact]
    public async Task The_example_configuration_runs_on_the_first_try()
    {
        var root = ConfigKeyTests.RepositoryRoot();
        var example = Write(Path.Combine("docs", "scanner.example.yml"), File.ReadAllText(Path.Combine(root, "docs", "scanner.example.yml")));
        foreach (var file in Directory.GetFiles(DemoSite.Folder))
            Write(Path.Combine("samples", "demo-site", Path.GetFileName(file)), File.ReadAllText(file));

        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", "--config", example], workingDirectory: _folder);
        Assert.True(exit == 1, $"exit {exit}: {error}");
        Assert.Contains("notice.html", output);
        foreach (var report in new[] { "scanner.sarif", "scanner.junit.xml", "scanner.html" })
            Assert.True(File.Exists(Path.Combine(_folder, "docs", "reports", report)), report);
    }

    [Fact]
    public async Task Init_writes_a_commented_starter_that_scans_and_never_overwrites_a_file_unasked()
    {
        HackedPage("site/page.html");
        var folder = Path.Combine(_folder, "site");
        var (exit, output, _) = await ScannerProcess.RunAsync(["init", "page.html"], workingDirectory: folder);
        Assert.Equal(0, exit);
        Assert.Contains("Wrote scanner.yml", output);
        var written = File.ReadAllText(Path.Combine(folder, "scanner.yml"));
        Assert.Contains("targets:\n  - page.html", written);
        Assert.Matches(new Regex(@"^# Follow links this many clicks.*\n#maxDepth: 0$", RegexOptions.Multiline), written);
        Assert.Contains("#checkLinks: false", written);

        (exit, _, var error) = await ScannerProcess.RunAsync(["init"], workingDirectory: folder);
        Assert.Equal(2, exit);
        Assert.Contains("scanner.yml already exists", error);
        Assert.Equal(written, File.ReadAllText(Path.Combine(folder, "scanner.yml")));

        // The starter as written, with only its targets: filled in by init, runs.
        (exit, output, error) = await ScannerProcess.RunAsync(["scan", "--engine", "static"], workingDirectory: folder);
        Assert.True(exit == 1, $"exit {exit}: {error}");
        Assert.Contains("keyword.porn", output);
    }

    /// <summary>Like Lighthouse CI: the current folder's scanner.yml, else the nearest above it up to the repository's
    /// root (the folder with .git); above the root, none is read.</summary>
    [Fact]
    public async Task The_configuration_is_found_in_the_current_folder_or_above_it_up_to_the_repository_root()
    {
        HackedPage("repo/page.html");
        Directory.CreateDirectory(Path.Combine(_folder, "repo", ".git"));
        Write("repo/scanner.yml", "targets: [page.html]\nengine: static\n");
        var deep = Path.Combine(_folder, "repo", "src", "web");
        Directory.CreateDirectory(deep);
        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", "-q"], workingDirectory: deep);
        Assert.True(exit == 1, $"exit {exit}: {error}");
        Assert.Contains("keyword.porn", output);

        // A file above the repository's root is not the repository's.
        Write("scanner.yml", "targets: [repo/page.html]\nengine: static\n");
        File.Delete(Path.Combine(_folder, "repo", "scanner.yml"));
        (exit, _, error) = await ScannerProcess.RunAsync(["scan", "-q"], workingDirectory: deep);
        Assert.Equal(2, exit);
        Assert.Contains("No targets", error);
    }
}
