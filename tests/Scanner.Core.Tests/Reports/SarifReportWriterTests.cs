using System.Text.Json;
using NJsonSchema;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Core.Tests.Reports;

public sealed class SarifReportWriterTests
{
    private static string Sarif(ScanReport report)
    {
        using var stream = new MemoryStream();
        SarifReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ScanReport Sample()
    {
        var known = ReportSamples.Finding(Severity.High, "aaa", line: 12);
        var fresh = ReportSamples.Finding(Severity.Critical, "bbb", ReportSamples.Hostile, "https://b.gov.cn/", "link.denied-domain", hidden: true);
        var gone = ReportSamples.Finding(Severity.Medium, "ccc");
        return ReportSamples.Report([known, fresh], Baseline.FromFindings([known, gone]));
    }

    [Fact]
    public async Task Validates_against_the_official_SARIF_2_1_0_schema()
    {
        var schema = await JsonSchema.FromFileAsync(SharedFolder.Path("schemas", "sarif-schema-2.1.0.json"));
        foreach (var report in new[] { Sample(), ReportSamples.Report([]), ReportSamples.Report([ReportSamples.Finding(Severity.Low, "x")]) })
        {
            var errors = schema.Validate(Sarif(report));
            Assert.True(errors.Count == 0, "SARIF does not validate:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e.Property}")));
        }
    }

    [Fact]
    public void Carries_rules_locations_fingerprints_and_baseline_states()
    {
        using var doc = JsonDocument.Parse(Sarif(Sample()));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var porn = rules.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "keyword.porn");
        Assert.Contains("injected", porn.GetProperty("help").GetProperty("text").GetString());
        Assert.Equal("error", porn.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("id").GetString() == "link.denied-domain"); // described from the finding

        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        var known = results[0];
        var location = known.GetProperty("locations")[0];
        Assert.Equal("https://a.gov.cn/", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(12, location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(17, location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal("body > div:nth-of-type(3) > ul > li:nth-of-type(5)", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("aaa", known.GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString());
        Assert.Equal("unchanged", known.GetProperty("baselineState").GetString());
        Assert.False(known.GetProperty("properties").GetProperty("tripsGate").GetBoolean());

        var fresh = results[1];
        Assert.Equal("new", fresh.GetProperty("baselineState").GetString());
        Assert.Equal(ReportSamples.Hostile, fresh.GetProperty("properties").GetProperty("evidence").GetString());
        Assert.False(fresh.GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _)); // no line known
        Assert.Equal("absent", results[2].GetProperty("baselineState").GetString());
        Assert.Equal("ccc", results[2].GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString());
    }

    [Fact]
    public async Task A_local_page_is_its_file_relative_to_the_scans_folder()
    {
        var report = ReportSamples.Report([ReportSamples.Finding(Severity.High, "a", url: "http://127.0.0.1:4711/news/a b.html")]) with
        {
            LocalFiles = new Dictionary<string, string> { ["http://127.0.0.1:4711/news/a b.html"] = "site/news/a b.html" },
            SourceRoot = "/work/repo",
        };
        var sarif = Sarif(report);
        var schema = await JsonSchema.FromFileAsync(SharedFolder.Path("schemas", "sarif-schema-2.1.0.json"));
        Assert.Empty(schema.Validate(sarif));
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var artifact = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("site/news/a%20b.html", artifact.GetProperty("uri").GetString());
        Assert.Equal(SarifReportWriter.SourceRootId, artifact.GetProperty("uriBaseId").GetString());
        Assert.Equal("file:///work/repo/", run.GetProperty("originalUriBaseIds").GetProperty(SarifReportWriter.SourceRootId).GetProperty("uri").GetString());
        Assert.Equal("http://127.0.0.1:4711/news/a b.html", run.GetProperty("results")[0].GetProperty("properties").GetProperty("url").GetString());
    }

    [Fact]
    public void Without_a_baseline_there_is_no_baseline_state()
    {
        using var doc = JsonDocument.Parse(Sarif(ReportSamples.Report([ReportSamples.Finding(Severity.High, "a")])));
        Assert.False(doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].TryGetProperty("baselineState", out _));
    }
}
