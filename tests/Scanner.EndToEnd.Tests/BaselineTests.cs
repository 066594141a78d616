using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Cli.Commands;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Fingerprints through the real browser, and the baseline workflow: accept today's findings once, then only new
/// spam fails the gate. One URL serves successive versions of a page, as a site does from one night to the next.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BaselineTests(BrowserFixture browser) : IDisposable
{
    private const string Spam = "亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情,人妻系列精品无码视频在线";
    private const string NewSpam = "澳门新葡京娱乐场 真人百家乐 网上赌场 时时彩平台";
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-baseline-").FullName;
    private string _page = "";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Version(int news, string? extra = null) => $"""
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>某市人民政府</title></head><body>
        {string.Concat(Enumerable.Range(0, news / 3).Select(i => $"<div class=\"notice\">公告 {i}</div>"))}
        <div class="news">{string.Concat(Enumerable.Range(0, news).Select(i => $"<p>第{i}条 政务要闻：关于第{i * 7}期教育强市建设的通知。</p>"))}</div>
        <div class="banner"><img alt="" width="10" height="10"><span>今日访问 {news * 31} 次</span></div>
        <ul class="footer"><li>主办单位：某市人民政府办公室</li><li>{Spam}</li></ul>
        <div style="display:none"><a href="http://spam.example/">{Spam}</a></div>
        {(extra is null ? "" : $"<p>{extra}</p>")}
        </body></html>
        """;

    /// <summary>Scans the first version of the page and accepts its findings: `scanner baseline create --from report.json`.</summary>
    private async Task<(ScannerRun First, string BaselineFile)> AcceptAsync(string url, params string[] options)
    {
        var report = Path.Combine(_folder, "report.json");
        var baselineFile = Path.Combine(_folder, ".scanner-baseline.json");
        _page = Version(news: 3);
        var first = await ScannerRun.ScanAsync(browser, [url, .. options, "--format", "json", "--output", report]);
        Assert.Equal(0, BaselineCommand.Run(report, baselineFile, TextWriter.Null, TextWriter.Null));
        return (first, baselineFile);
    }

    private async Task<LoopbackServer> ServeAsync() => await LoopbackServer.StartAsync(app =>
        app.MapGet("/index.html", () => Results.Content(_page, "text/html; charset=utf-8", Encoding.UTF8)));

    [Fact]
    public async Task Fingerprints_stay_the_same_when_unrelated_content_changes()
    {
        await using var server = await ServeAsync();
        _page = Version(news: 3);
        var before = await ScannerRun.ScanAsync(browser, server.Url("index.html"));
        _page = Version(news: 9); // more news above the spam: its selectors and positions move, its text does not
        var after = await ScannerRun.ScanAsync(browser, server.Url("index.html"));

        var fingerprintsBefore = before.Findings.Select(f => f.GetProperty("fingerprint").GetString()).Order().ToList();
        var fingerprintsAfter = after.Findings.Select(f => f.GetProperty("fingerprint").GetString()).Order().ToList();
        Assert.True(fingerprintsBefore.Count >= 2, "the fixture should give a visible and a hidden finding");
        Assert.Equal(fingerprintsBefore, fingerprintsAfter);
        Assert.NotEqual(
            before.Findings.Select(f => f.GetProperty("selector").GetString()).Order(),
            after.Findings.Select(f => f.GetProperty("selector").GetString()).Order());
    }

    [Fact]
    public async Task A_local_folder_keeps_its_fingerprints_although_each_run_serves_it_on_a_new_port()
    {
        var hacked = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", "hacked.html");
        var first = await ScannerRun.ScanAsync(browser, hacked);
        var second = await ScannerRun.ScanAsync(browser, hacked);
        Assert.NotEqual(first.Pages[0].GetProperty("url").GetString(), second.Pages[0].GetProperty("url").GetString());
        Assert.Equal(first.Findings.Select(f => f.GetProperty("fingerprint").GetString()), second.Findings.Select(f => f.GetProperty("fingerprint").GetString()));
    }

    [Fact]
    public async Task With_a_baseline_only_new_findings_trip_the_gate()
    {
        await using var server = await ServeAsync();
        var url = server.Url("index.html");
        var (first, baselineFile) = await AcceptAsync(url);
        Assert.Equal(1, first.ExitCode);

        _page = Version(news: 5);
        var known = await ScannerRun.ScanAsync(browser, url, "--baseline", baselineFile, "--console-min-severity", "info");
        Assert.Equal(0, known.ExitCode);
        Assert.All(known.Findings, f => Assert.Equal("unchanged", f.GetProperty("baselineState").GetString()));
        var summary = known.Report!.RootElement.GetProperty("summary");
        Assert.Equal(known.Findings.Length, summary.GetProperty("suppressed").GetInt32());
        Assert.False(known.Report.RootElement.GetProperty("gateTripped").GetBoolean());
        Assert.Contains("[baseline: unchanged]", known.Output);

        _page = Version(news: 5, extra: NewSpam);
        var fresh = await ScannerRun.ScanAsync(browser, url, "--baseline", baselineFile);
        Assert.Equal(1, fresh.ExitCode);
        // The new block may fire more than one rule (keywords, and the structural detectors); all of them are new, nothing else is.
        var added = fresh.Findings.Where(f => f.GetProperty("baselineState").GetString() == "new").ToList();
        Assert.NotEmpty(added);
        Assert.All(added, f => Assert.Contains("澳门新葡京", f.GetProperty("evidence").GetString()));
        Assert.Equal(known.Findings.Length, fresh.Findings.Length - added.Count);
    }

    [Fact]
    public async Task A_known_finding_that_became_more_severe_is_updated_and_trips_the_gate_while_a_milder_one_does_not()
    {
        await using var server = await ServeAsync();
        var url = server.Url("index.html");
        var (_, baselineFile) = await AcceptAsync(url, "--severity", "keyword.porn=medium");

        // Milder than accepted: updated, still suppressed (the gate is lowered to low so it would trip otherwise).
        var milder = await ScannerRun.ScanAsync(browser, url, "--baseline", baselineFile, "--severity", "keyword.porn=low", "--fail-on", "low");
        Assert.Equal(0, milder.ExitCode);
        var porn = milder.Findings.Where(f => f.GetProperty("ruleId").GetString() == "keyword.porn").ToList();
        Assert.NotEmpty(porn);
        Assert.All(porn, f => Assert.Equal("updated", f.GetProperty("baselineState").GetString()));
        Assert.All(milder.Findings.Except(porn), f => Assert.Equal("unchanged", f.GetProperty("baselineState").GetString()));
        Assert.Equal(porn.Count, milder.Report!.RootElement.GetProperty("summary").GetProperty("baseline").GetProperty("updated").GetInt32());

        // More severe than accepted: updated, and it fails the gate like a new finding.
        var worse = await ScannerRun.ScanAsync(browser, url, "--baseline", baselineFile, "--severity", "keyword.porn=high");
        Assert.Equal(1, worse.ExitCode);
        Assert.All(worse.Findings.Where(f => f.GetProperty("ruleId").GetString() == "keyword.porn"),
            f => Assert.Equal("updated", f.GetProperty("baselineState").GetString()));
        Assert.Contains("[baseline: updated (severity medium → high, fails like a new finding)]", worse.Output);
        Assert.DoesNotContain(worse.Findings, f => f.GetProperty("baselineState").GetString() == "new");
    }

    [Fact]
    public async Task A_missing_or_unreadable_baseline_exits_2_and_says_how_to_make_one()
    {
        var seed = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", "cleaned.html");
        var missing = await ScannerRun.ScanAsync(browser, seed, "--baseline", Path.Combine(_folder, "nope.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("scanner baseline create", missing.Error);

        var bad = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"pages\": []}");
        var unreadable = await ScannerRun.ScanAsync(browser, seed, "--baseline", bad);
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("findings", unreadable.Error);
    }
}
