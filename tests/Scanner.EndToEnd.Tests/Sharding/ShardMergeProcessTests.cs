using System.Text.Json;
using System.Xml.Linq;
using Scanner.Core.Crawling;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Sharding;

/// <summary>
/// Issue 18's test: three `scanner scan --shard I/3` processes crawl one loopback site, `scanner merge` joins their
/// reports, and the result is the single process's: the same pages, the same findings with the same fingerprints, the
/// same counts and verdict, in every format.
/// </summary>
public sealed class ShardMergeProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-shards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => ScannerProcess.RunAsync(args, workingDirectory: _folder);

    private JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, file))).RootElement;

    [Fact]
    public async Task Three_shard_processes_merged_report_what_one_process_reports()
    {
        await using var site = await ShardSite.StartAsync();
        string[] crawl = ["scan", site.Home, "--engine", "static", "--max-depth", "3", "-j", "3", "-q"];
        // The shards let merge apply the gate (--fail-on none); shard 2 also writes JSON Lines, which merge reads too.
        var runs = await Task.WhenAll(
            RunAsync([.. crawl, "--format", "json", "--output", "single.json"]),
            RunAsync([.. crawl, "--fail-on", "none", "--shard", "1/3", "--format", "json", "--output", "shard-1.json"]),
            RunAsync([.. crawl, "--fail-on", "none", "--shard", "2/3", "--format", "jsonl", "--output", "shard-2.jsonl"]),
            RunAsync([.. crawl, "--fail-on", "none", "--shard", "3/3", "--format", "json", "--output", "shard-3.json"]));
        Assert.True(runs[0].Exit == 1, runs[0].Error); // spam on the site: the single process's gate trips
        Assert.All(runs.Skip(1), r => Assert.True(r.Exit == 0, r.Error));

        var merged = await RunAsync("merge", "shard-3.json", "shard-1.json", "shard-2.jsonl",
            "-f", "json", "-o", "merged.json", "-f", "sarif", "-o", "merged.sarif", "-f", "junit", "-o", "merged.xml",
            "-f", "markdown", "-o", "merged.md", "-f", "html", "-o", "merged.html", "-f", "jsonl", "-o", "merged.jsonl", "-f", "console");
        Assert.True(merged.Exit == 1, merged.Error); // the gate (default high) applies to the merged findings
        Assert.Contains("Merged 3 report(s) (3 shard(s))", merged.Error);

        var single = Json("single.json");
        var joined = Json("merged.json");
        Assert.Equal(site.CrawlPages, single.GetProperty("pages").GetArrayLength());
        Assert.Equal(Pages(single), Pages(joined));
        Assert.Equal(Findings(single), Findings(joined));
        Assert.NotEmpty(Findings(single));
        foreach (var count in new[] { "critical", "high", "medium", "low", "info", "total", "pages", "pagesFailed" })
            Assert.Equal(single.GetProperty("summary").GetProperty(count).GetInt32(), joined.GetProperty("summary").GetProperty(count).GetInt32());
        Assert.True(joined.GetProperty("gateTripped").GetBoolean());
        Assert.False(joined.TryGetProperty("shard", out _));

        // Each shard scanned only the pages that hash to it, and found the others' pages only to follow their links.
        var shards = new[] { Json("shard-1.json"), JsonLinesAsReport("shard-2.jsonl"), Json("shard-3.json") };
        for (var i = 0; i < 3; i++)
        {
            Assert.All(shards[i].GetProperty("pages").EnumerateArray(), p => Assert.Equal(i + 1, Shard.Of(p.GetProperty("url").GetString()!, 3)));
            Assert.Equal(i + 1, shards[i].GetProperty("shard").GetProperty("index").GetInt32());
            Assert.True(shards[i].GetProperty("shard").GetProperty("pagesLoadedForLinks").GetInt32() > 0);
        }
        Assert.Single(shards.Select(s => s.GetProperty("shard").GetProperty("scan").GetString()).Distinct());

        // Every other format says the same.
        var fingerprints = Findings(single).Select(f => f.Split('|')[0]).Order().ToList();
        var sarif = Json("merged.sarif").GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("scannerFingerprint/v1").GetString()!).Order().ToList();
        Assert.Equal(fingerprints, sarif);
        var junit = XDocument.Load(Path.Combine(_folder, "merged.xml"));
        Assert.Equal(site.CrawlPages, junit.Descendants("testcase").Count());
        var html = File.ReadAllText(Path.Combine(_folder, "merged.html"));
        Assert.All(fingerprints, fp => Assert.Contains(fp, html));
        Assert.Contains("FAIL", File.ReadAllText(Path.Combine(_folder, "merged.md")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(site.CrawlPages, File.ReadLines(Path.Combine(_folder, "merged.jsonl")).Count(l => l.Contains("\"type\":\"page\"")));
        Assert.Contains($"{site.CrawlPages} page(s) scanned", merged.Output);
        Assert.Contains("Gate (--fail-on high): FAILED", merged.Output);
    }

    /// <summary>url, final URL, status and error of every page, in URL order.</summary>
    private static List<string> Pages(JsonElement report) => report.GetProperty("pages").EnumerateArray()
        .Select(p => $"{p.GetProperty("url")}|{p.GetProperty("finalUrl")}|{p.GetProperty("status")}|{p.GetProperty("error")}|{p.GetProperty("findings")}")
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>Every finding by its fingerprint and what a reader sees of it, in fingerprint order.</summary>
    private static List<string> Findings(JsonElement report) => report.GetProperty("findings").EnumerateArray()
        .Select(f => string.Join("|", f.GetProperty("fingerprint"), f.GetProperty("ruleId"), f.GetProperty("severity"), f.GetProperty("url"),
            f.GetProperty("selector"), f.GetProperty("hidden"), f.GetProperty("evidence"), f.TryGetProperty("line", out var l) ? l.ToString() : "-"))
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>A JSON Lines report as a JSON report's pages and shard (enough for the checks above).</summary>
    private JsonElement JsonLinesAsReport(string file)
    {
        var lines = File.ReadLines(Path.Combine(_folder, file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var pages = lines.Where(l => l.GetProperty("type").GetString() == "page").Select(l => l.GetProperty("page").GetRawText());
        var shard = lines.Single(l => l.GetProperty("type").GetString() == "summary").GetProperty("shard").GetRawText();
        return JsonDocument.Parse($"{{\"pages\": [{string.Join(",", pages)}], \"shard\": {shard}}}").RootElement;
    }
}
