using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The real hacked page of ../shared/seed, rebuilt as HTML (fixtures/seed): its footer's last item is porn spam
/// whose "V" is U+2164 ROMAN NUMERAL FIVE.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SeedPageTests(BrowserFixture browser)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", name);

    [Fact]
    public async Task The_hacked_page_trips_the_gate_with_the_original_text_as_evidence()
    {
        var run = await ScannerRun.ScanAsync(browser, Fixture("hacked.html"));

        Assert.Equal(1, run.ExitCode);
        // The spam line is reported twice: as porn terms (keyword.porn) and as the comma-separated template of mass
        // SEO spam (signature.spam-phrase-list, critical); the page's pinyin annotations add a medium mirror signature.
        Assert.Equal(["keyword.porn", "signature.spam-phrase-list"],
            run.FindingsAtLeast("high").Select(f => f.GetProperty("ruleId").GetString()).Order(StringComparer.Ordinal));
        var finding = run.FindingsAtLeast("high").Single(f => f.GetProperty("ruleId").GetString() == "keyword.porn");
        var signature = run.FindingsAtLeast("critical").Single();
        Assert.Equal(finding.GetProperty("selector").GetString(), signature.GetProperty("selector").GetString());
        Assert.Contains(run.Findings, f => f.GetProperty("ruleId").GetString() == "signature.pinyin-annotations" && f.GetProperty("severity").GetString() == "medium");
        var evidence = finding.GetProperty("evidence").GetString()!;
        Assert.Contains("AⅤ一区", evidence); // U+2164 exactly as the page has it, not a normalised "AV"
        Assert.StartsWith("亚洲综合性色", evidence);
        Assert.Contains("li:nth-of-type(5)", finding.GetProperty("selector").GetString());
        Assert.False(finding.GetProperty("hidden").GetBoolean());
        Assert.NotEmpty(finding.GetProperty("fingerprint").GetString()!);
        Assert.Contains(finding.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("\"AⅤ一区\" (as \"av一区\")"));
        Assert.Contains("keyword.porn", run.Output);
    }

    [Fact]
    public async Task The_spam_line_is_located_by_line_and_column_in_the_json_and_the_validated_sarif()
    {
        var sarifPath = Path.Combine(Path.GetTempPath(), $"scanner-seed-{Guid.NewGuid():N}.sarif");
        try
        {
            var run = await ScannerRun.ScanAsync(browser, Fixture("hacked.html"), "-f", "sarif", "-o", sarifPath);

            // hacked.html line 45 is "    <li>亚洲综合性色AⅤ…": the evidence starts after 4 spaces and "<li>", at column 9.
            foreach (var rule in new[] { "keyword.porn", "signature.spam-phrase-list" })
            {
                var finding = run.Findings.Single(f => f.GetProperty("ruleId").GetString() == rule);
                Assert.Equal(45, finding.GetProperty("line").GetInt32());
                Assert.Equal(9, finding.GetProperty("column").GetInt32());
            }
            // Both rules fired on that one element: the console shows it once, with both rules and their reasons.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.Output, @"source  \S*hacked\.html:45:9"));
            Assert.Contains("[signature.spam-phrase-list] ", run.Output);
            Assert.Contains("[keyword.porn] ", run.Output);

            var sarifText = await File.ReadAllTextAsync(sarifPath);
            var schema = await NJsonSchema.JsonSchema.FromFileAsync(SharedFolder.Path("schemas", "sarif-schema-2.1.0.json"));
            var errors = schema.Validate(sarifText);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
            using var sarif = System.Text.Json.JsonDocument.Parse(sarifText);
            var result = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Single(r => r.GetProperty("ruleId").GetString() == "keyword.porn");
            var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(45, region.GetProperty("startLine").GetInt32());
            Assert.Equal(9, region.GetProperty("startColumn").GetInt32());
            Assert.StartsWith("亚洲综合性色AⅤ一区", region.GetProperty("snippet").GetProperty("text").GetString());
        }
        finally
        {
            File.Delete(sarifPath);
        }
    }

    [Fact]
    public async Task The_same_page_without_the_spam_line_passes()
    {
        var run = await ScannerRun.ScanAsync(browser, Fixture("cleaned.html"));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.FindingsAtLeast("high"));
        var page = Assert.Single(run.Pages);
        Assert.Equal(200, page.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_json_report_follows_the_contract()
    {
        var run = await ScannerRun.ScanAsync(browser, Fixture("hacked.html"), "--fail-on", "critical");

        Assert.Equal(1, run.ExitCode); // the spam-phrase-list signature is critical, and so is the gate
        var root = run.Report!.RootElement;
        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("scanner", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("tool").GetProperty("version").GetString()));
        foreach (var key in new[] { "url", "finalUrl", "status", "error" })
            Assert.True(run.Pages[0].TryGetProperty(key, out _), $"page lacks '{key}'");
        foreach (var key in new[] { "ruleId", "severity", "category", "url", "selector", "hidden", "evidence", "fingerprint" })
            Assert.True(run.Findings[0].TryGetProperty(key, out _), $"finding lacks '{key}'");
        var summary = root.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("critical").GetInt32());
        Assert.Equal(1, summary.GetProperty("high").GetInt32());
        Assert.Equal(1, summary.GetProperty("medium").GetInt32());
        foreach (var severity in new[] { "low", "info" })
            Assert.Equal(0, summary.GetProperty(severity).GetInt32());
    }
}
