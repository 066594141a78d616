using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.Core.Reports;

namespace Scanner.EndToEnd.Tests.Sharding;

/// <summary>
/// `scanner merge` on reports written here by hand (the JSON report's contract): what it refuses to join and why, and
/// the gate and the baseline applied to the merged findings. The merge of real shard reports is
/// <see cref="ShardMergeProcessTests"/>.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-merge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Page(string Url, params (string Severity, string Fingerprint)[] Findings);

    /// <summary>A JSON report as `scanner scan --format json` writes it (the fields merge reads).</summary>
    private string Report(string name, Page[] pages, string? shard = null, string scan = "scan-a", string version = "", string engine = "static",
        string schema = "1.0", bool baselineStates = false, bool interrupted = false)
    {
        var shardJson = shard is null ? "" : $"\"shard\": {{ \"index\": {shard.Split('/')[0]}, \"count\": {shard.Split('/')[1]}, \"scan\": \"{scan}\", \"pagesLoadedForLinks\": 2 }},";
        var findings = pages.SelectMany(p => p.Findings.Select(f => $$"""
            { "ruleId": "keyword.gambling", "title": "Spam terms (gambling)", "severity": "{{f.Severity}}", "category": "gambling", "url": "{{p.Url}}",
              "selector": "body > p", "hidden": false, "hiddenReasons": [], "evidence": "澳门新葡京", "matchedTerm": "新葡京", "reasons": [],
              "fingerprint": "{{f.Fingerprint}}"{{(baselineStates ? ", \"baselineState\": \"unchanged\"" : "")}} }
            """));
        var text = $$"""
            { "schemaVersion": "{{schema}}", "tool": { "name": "scanner", "version": "{{(version == "" ? ScanReport.ToolVersion : version)}}" },
              "startedAt": "2026-12-03T10:00:00+00:00", "finishedAt": "2026-12-03T10:01:00+00:00", "engine": "{{engine}}", "failOn": "none",
              "gateTripped": false, "interrupted": {{(interrupted ? "true" : "false")}}, {{shardJson}}
              "pages": [ {{string.Join(",", pages.Select(p => $$"""{ "url": "{{p.Url}}", "finalUrl": "{{p.Url}}", "status": 200, "error": null, "loadTimeMs": 12, "findings": {{p.Findings.Length}} }"""))}} ],
              "findings": [ {{string.Join(",", findings)}} ],
              "summary": { "critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0, "total": 0, "pages": {{pages.Length}}, "pagesFailed": 0, "durationMs": 60000, "suppressed": 0 } }
            """;
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int Exit, string Output, string Error) Merge(string[] reports, params string[] options)
    {
        var formats = new List<string>();
        var outputs = new List<string>();
        var failOn = "high";
        string? baseline = null;
        for (var i = 0; i < options.Length; i += 2)
            switch (options[i])
            {
                case "--format": formats.Add(options[i + 1]); break;
                case "--output": outputs.Add(options[i + 1]); break;
                case "--fail-on": failOn = options[i + 1]; break;
                case "--baseline": baseline = options[i + 1]; break;
            }
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = MergeCommand.Run(reports, formats, outputs, failOn, baseline, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Page[] Pages(string site, int from, int to, string severity = "medium") =>
        Enumerable.Range(from, to - from).Select(i => new Page($"https://{site}/p/{i}", (severity, $"{site}-fp{i}"))).ToArray();

    [Fact]
    public void A_missing_shard_is_refused_naming_it()
    {
        var (exit, _, error) = Merge([Report("a.json", Pages("a.gov.cn", 0, 2), "1/3"), Report("c.json", Pages("a.gov.cn", 2, 4), "3/3")]);
        Assert.Equal(2, exit);
        Assert.Contains("shard 2/3 of scan scan-a is missing", error);
    }

    [Fact]
    public void A_shard_given_twice_is_refused_as_reports_of_two_runs()
    {
        var (exit, _, error) = Merge([Report("a.json", Pages("a.gov.cn", 0, 2), "1/2"), Report("b.json", Pages("a.gov.cn", 2, 4), "2/2"),
            Report("b-yesterday.json", Pages("a.gov.cn", 4, 6), "2/2")]);
        Assert.Equal(2, exit);
        Assert.Contains("shard 2/2 of scan scan-a is there twice", error);
        Assert.Contains("b-yesterday.json", error);
    }

    [Fact]
    public void Reports_of_different_versions_engines_or_schemas_are_refused()
    {
        var a = Report("a.json", Pages("a.gov.cn", 0, 2));
        var (exit, _, error) = Merge([a, Report("b.json", Pages("b.gov.cn", 0, 2), version: "0.0.9")]);
        Assert.Equal(2, exit);
        Assert.Contains("different scanner versions", error);
        Assert.Contains("0.0.9: ", error);

        (exit, _, error) = Merge([a, Report("c.json", Pages("c.gov.cn", 0, 2), engine: "browser")]);
        Assert.Equal(2, exit);
        Assert.Contains("different engines", error);

        (exit, _, error) = Merge([a, Report("d.json", Pages("d.gov.cn", 0, 2), schema: "2.0")]);
        Assert.Equal(2, exit);
        Assert.Contains("schemaVersion 2.0", error);

        File.WriteAllText(Path.Combine(_folder, "e.sarif"), """{ "version": "2.1.0", "runs": [] }""");
        (exit, _, error) = Merge([a, Path.Combine(_folder, "e.sarif")]);
        Assert.Equal(2, exit);
        Assert.Contains("is not a report of scanner", error);
    }

    [Fact]
    public void A_page_in_two_reports_is_refused()
    {
        var (exit, _, error) = Merge([Report("a.json", Pages("a.gov.cn", 0, 3)), Report("b.json", Pages("a.gov.cn", 2, 4))]);
        Assert.Equal(2, exit);
        Assert.Contains("https://a.gov.cn/p/2 is in both", error);
    }

    [Fact]
    public void Shards_scanned_with_a_baseline_need_it_at_the_merge_too()
    {
        var (exit, _, error) = Merge([Report("a.json", Pages("a.gov.cn", 0, 2), baselineStates: true)]);
        Assert.Equal(2, exit);
        Assert.Contains("--baseline", error);
    }

    [Fact]
    public void The_gate_and_the_baseline_apply_to_the_merged_findings()
    {
        // Two sites scanned apart with --fail-on none, one medium finding each: merged, the gate decides.
        string[] reports = [Report("a.json", Pages("a.gov.cn", 0, 1)), Report("b.json", Pages("b.gov.cn", 0, 1))];
        Assert.Equal(1, Merge(reports, "--fail-on", "medium").Exit);
        Assert.Equal(0, Merge(reports, "--fail-on", "high").Exit);

        var merged = Path.Combine(_folder, "merged.json");
        var (exit, _, _) = Merge(reports, "--fail-on", "medium", "--format", "json", "--output", merged);
        Assert.Equal(1, exit);
        var json = JsonDocument.Parse(File.ReadAllText(merged)).RootElement;
        Assert.Equal(2, json.GetProperty("summary").GetProperty("medium").GetInt32());
        Assert.Equal("medium", json.GetProperty("failOn").GetString());
        Assert.True(json.GetProperty("gateTripped").GetBoolean());
        Assert.Equal(["a.gov.cn-fp0", "b.gov.cn-fp0"], json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("fingerprint").GetString()));

        // The merged report is a baseline like any report: with it, the same findings no longer trip the gate.
        (exit, _, _) = Merge(reports, "--fail-on", "medium", "--baseline", merged);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void A_killed_shard_makes_the_merge_partial_which_exits_2_unless_the_gate_trips()
    {
        var whole = Report("a.json", Pages("a.gov.cn", 0, 1, "low"), "1/2");
        // Shard 2 wrote JSON Lines and was killed: no summary line.
        var killed = Path.Combine(_folder, "b.jsonl");
        File.WriteAllLines(killed, [
            $$$"""{"type":"header","schemaVersion":"1.0","tool":{"name":"scanner","version":"{{{ScanReport.ToolVersion}}}"},"startedAt":"2026-12-03T10:00:00+00:00","engine":"static","failOn":"none","shard":{"index":2,"count":2,"scan":"scan-a"}}""",
            """{"type":"page","page":{"url":"https://a.gov.cn/p/9","finalUrl":"https://a.gov.cn/p/9","status":200,"error":null,"loadTimeMs":5,"findings":1},"findings":[{"ruleId":"keyword.gambling","title":"t","severity":"high","category":"gambling","url":"https://a.gov.cn/p/9","selector":"body","hidden":false,"hiddenReasons":[],"evidence":"澳门新葡京","matchedTerm":"新葡京","reasons":[],"fingerprint":"fp9"}]}""",
            """{"type":"page","page":{"url":"https://a.gov.cn/p/1""", // cut short by the kill
        ]);
        var (exit, _, error) = Merge([whole, killed], "--fail-on", "critical");
        Assert.Equal(2, exit);
        Assert.Contains("b.jsonl was interrupted (or killed)", error);
        Assert.Contains("2 page(s)", error);
        Assert.Equal(1, Merge([whole, killed], "--fail-on", "high").Exit);
    }
}
