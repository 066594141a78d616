using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 19's "console and reports", each through the command line on a local folder outside the working directory:
/// the console lists only what trips the gate (new first, evidence clipped, the rest on one line), every report names
/// the local file rather than the dead loopback URL, --lang zh-CN turns the reports people read into Chinese, and
/// --screenshots with a JSON report keeps the images beside it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsAtScaleTests(BrowserFixture browser) : IDisposable
{
    private readonly string _site = Directory.CreateTempSubdirectory("scanner-site-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("scanner-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_site, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    /// <summary>A hidden gambling block with links (critical), its text far longer than the console shows.</summary>
    private static string SpamPage(string name) => $"""
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{name}</title></head><body>
        <h1>市政府召开常务会议</h1><p>会议研究部署了今年的重点工作。</p>
        <div style="display:none">{string.Concat(Enumerable.Repeat("澳门新葡京娱乐场百家乐在线赌场时时彩计划网，", 40))}
        <a href="https://bet-casino.example/1">澳门新葡京</a><a href="https://bet-casino.example/2">百家乐在线赌场</a></div>
        </body></html>
        """;

    /// <summary>A visible link to a suspicious top-level domain: medium, below the default gate.</summary>
    private const string MediumPage = """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>友情链接</title></head><body>
        <h1>友情链接</h1><p>以下为合作单位网站。</p><a href="https://partner.xyz/">合作单位</a>
        </body></html>
        """;

    private void Page(string name, string html) => File.WriteAllText(Path.Combine(_site, name), html);

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path).Replace('\\', '/');

    [Fact]
    public async Task The_default_console_lists_what_trips_the_gate_clips_evidence_and_counts_the_rest_on_one_line()
    {
        Page("a.html", SpamPage("a"));
        Page("b.html", MediumPage);

        var run = await ScannerRun.ScanAsync(browser, _site, "--engine", "static");

        Assert.Equal(1, run.ExitCode);
        var medium = run.Findings.Where(f => f.GetProperty("severity").GetString() == "medium").ToList();
        Assert.NotEmpty(medium);
        Assert.DoesNotContain("link.suspicious-tld", run.Output); // below the gate: counted, not listed
        Assert.Contains($"Not listed: {medium.Count} medium", run.Output);
        Assert.Contains("--console-min-severity", run.Output);
        var evidence = run.Output.Split('\n').Where(l => l.TrimStart().StartsWith("evidence")).ToList();
        Assert.NotEmpty(evidence);
        Assert.All(evidence, l => Assert.True(l.Length < 300, $"evidence line of {l.Length} characters"));
        Assert.Contains(evidence, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"… \(\d+ more characters\)"));
        Assert.True(run.Output.Split('\n').Length < 60, run.Output);

        var more = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--console-min-severity", "medium");
        Assert.Contains("link.suspicious-tld", more.Output);
        Assert.DoesNotContain("Not listed", more.Output.Split('\n').Where(l => l.Contains("medium")));
        var verbose = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "-v");
        Assert.Contains("link.suspicious-tld", verbose.Output);

        var bad = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--console-min-severity", "severe");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--console-min-severity", bad.Error);
        Assert.Contains("'severe' is not one of: info, low, medium, high, critical", bad.Error);
    }

    [Fact]
    public async Task New_findings_against_the_baseline_are_tagged_and_listed_first()
    {
        Page("a.html", SpamPage("a"));
        var earlier = Path.Combine(_out, "earlier.json");
        var first = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--format", "json", "--output", earlier);
        Assert.Equal(1, first.ExitCode);

        Page("z.html", SpamPage("z")); // found after a.html, but new
        var run = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--baseline", earlier, "--console-min-severity", "info");

        Assert.Equal(1, run.ExitCode);
        var zAt = run.Output.IndexOf("z.html  (", StringComparison.Ordinal);
        var aAt = run.Output.IndexOf("a.html  (", StringComparison.Ordinal);
        Assert.True(zAt >= 0 && aAt >= 0, run.Output);
        Assert.True(zAt < aAt, "the page with new findings comes first");
        var tagged = run.Output.Split('\n').Where(l => l.Contains("[NEW]")).ToList();
        Assert.Equal(run.Findings.Count(f => f.GetProperty("baselineState").GetString() == "new"), tagged.Count);
        Assert.True(run.Output.IndexOf("[NEW]", StringComparison.Ordinal) > zAt && run.Output.IndexOf("[NEW]", StringComparison.Ordinal) < aAt);
        Assert.Contains("[baseline: unchanged]", run.Output);
    }

    [Fact]
    public async Task Every_report_names_the_local_file_relative_to_the_scans_folder_never_the_loopback_url()
    {
        Page("a.html", SpamPage("a"));
        var file = Relative(Path.Combine(_site, "a.html"));
        Assert.StartsWith("../", file); // the folder is outside the working directory, which is the point
        string Out(string name) => Path.Combine(_out, name);

        var run = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--format", "sarif", "--output", Out("r.sarif"),
            "--format", "html", "--output", Out("r.html"), "--format", "markdown", "--output", Out("r.md"), "--format", "junit", "--output", Out("r.xml"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"\n{file}  (200", run.Output);
        Assert.Contains($"source  {file}:", run.Output);
        Assert.DoesNotContain("127.0.0.1", run.Output);
        Assert.All(run.Pages, p => Assert.Equal(file, p.GetProperty("file").GetString()));
        Assert.All(run.Findings, f => Assert.Equal(file, f.GetProperty("file").GetString()));
        using var sarif = JsonDocument.Parse(File.ReadAllText(Out("r.sarif")));
        var uris = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()).Distinct();
        Assert.Equal([file], uris);
        var html = File.ReadAllText(Out("r.html"));
        Assert.Contains($"<span class=\"location\"><code>{file}</code></span>", html);
        Assert.DoesNotContain("href=\"http://127.0.0.1", html);
        Assert.Contains(MarkdownEscaped(file), File.ReadAllText(Out("r.md")));
        var junit = File.ReadAllText(Out("r.xml"));
        Assert.Contains($"source: {file}:", junit);
        Assert.Contains($"name=\"{file}\"", junit);
        Assert.DoesNotContain("127.0.0.1", junit);
    }

    private static string MarkdownEscaped(string text) => Scanner.Core.Reports.MarkdownReportWriter.Escape(text);

    [Fact]
    public async Task Lang_zh_CN_turns_the_console_html_and_markdown_into_Chinese_and_leaves_ids_and_json_as_they_are()
    {
        Page("a.html", SpamPage("a"));
        Page("b.html", MediumPage);
        var html = Path.Combine(_out, "r.html");
        var markdown = Path.Combine(_out, "r.md");

        var run = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--lang", "zh-CN", "--format", "html", "--output", html, "--format", "markdown", "--output", markdown);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("门禁（--fail-on high）：未通过", run.Output);
        Assert.Matches(@"发现：\d+ 严重，\d+ 高，\d+ 中，\d+ 低，\d+ 提示", run.Output);
        Assert.Contains("keyword.gambling  赌博垃圾词", run.Output); // rule id as it is, title in Chinese
        Assert.Contains("[隐藏: display:none 不显示", run.Output); // hidden reasons too
        Assert.Contains("未列出：", run.Output);
        Assert.DoesNotContain("Gate (", run.Output);
        Assert.Contains(run.Findings, f => f.GetProperty("severity").GetString() == "critical"); // JSON keeps its words
        Assert.Equal(["critical", "high", "medium", "low", "info", "total"], run.Report!.RootElement.GetProperty("summary").EnumerateObject().Select(p => p.Name).Take(6));

        var page = File.ReadAllText(html);
        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("门禁未通过", page);
        Assert.Contains("<h2>概览</h2>", page);
        Assert.Contains("<code>keyword.gambling</code> 赌博垃圾词", page);
        Assert.Contains(">严重</span>", page);
        var md = File.ReadAllText(markdown);
        Assert.Contains("❌ **门禁未通过**", md);
        Assert.Contains("| 严重程度 | 规则 |", md);

        // The same from scanner.yml, and a language we do not have is refused.
        var config = Path.Combine(_out, "scanner.yml");
        File.WriteAllText(config, "lang: zh-CN\n");
        var fromConfig = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--config", config);
        Assert.Contains("门禁（--fail-on high）：未通过", fromConfig.Output);
        var unknown = await ScannerRun.ScanAsync(browser, _site, "--engine", "static", "--lang", "fr");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--lang", unknown.Error);
        Assert.Contains("'fr' is not one of: en, zh-CN", unknown.Error);
    }

    [Fact]
    public async Task Screenshots_with_only_a_json_report_are_kept_beside_it_and_referenced_from_it()
    {
        Page("a.html", SpamPage("a"));
        var report = Path.Combine(_out, "report.json");

        var run = await ScannerRun.ScanAsync(browser, _site, "--screenshots", "--format", "json", "--output", report);

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var shots = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("screenshot", out _)).Select(f => f.GetProperty("screenshot").GetString()!).ToList();
        Assert.NotEmpty(shots);
        Assert.All(shots, s =>
        {
            Assert.StartsWith("report.screenshots/", s);
            var bytes = File.ReadAllBytes(Path.Combine(_out, s));
            byte[] magic = s.EndsWith(".png") ? [0x89, (byte)'P', (byte)'N', (byte)'G'] : [0xFF, 0xD8, 0xFF];
            Assert.Equal(magic, bytes.Take(magic.Length));
        });
        Assert.DoesNotContain("--screenshots", run.Error);
    }

    [Fact]
    public async Task A_folder_given_as_dot_dot_is_named_so_and_screenshots_no_report_would_keep_are_refused_with_a_warning()
    {
        Page("a.html", SpamPage("a"));
        var folder = Path.GetRelativePath(_out, _site); // ../scanner-site-…, as a user types it

        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", folder, "--engine", "static", "--screenshots"], workingDirectory: _out);

        Assert.Equal(1, exit);
        Assert.Contains($"\n{folder}/a.html  (200", output);
        Assert.DoesNotContain("127.0.0.1", output);
        Assert.Contains("warning: --screenshots: no report keeps them", error);
    }
}
