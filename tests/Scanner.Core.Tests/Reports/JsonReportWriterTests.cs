using System.Text.Json;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Core.Tests.Reports;

public sealed class JsonReportWriterTests
{
    private static ScanReport Report(params Finding[] findings) => new()
    {
        StartedAt = DateTimeOffset.Parse("2026-11-29T00:00:00Z"),
        FinishedAt = DateTimeOffset.Parse("2026-11-29T00:00:05Z"),
        Engine = "browser",
        Gate = Gate.Default,
        Pages = [new PageResult("https://a/", "https://a/", 200, null, TimeSpan.FromSeconds(1), findings.Length),
                 new PageResult("https://b/", null, null, "net::ERR_CONNECTION_REFUSED", TimeSpan.Zero, 0)],
        Findings = findings,
    };

    private static Finding Finding(Severity severity, string evidence = "x") => new()
    {
        RuleId = "keyword.porn", Title = "t", Severity = severity, Category = "porn", Url = "https://a/",
        Selector = "p", Evidence = evidence, Fingerprint = "f",
    };

    private static JsonElement Write(ScanReport report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement;
    }

    [Fact]
    public void Follows_the_contract()
    {
        var json = Write(Report(Finding(Severity.High), Finding(Severity.Medium)));
        Assert.Equal("1.0", json.GetProperty("schemaVersion").GetString());
        Assert.Equal("scanner", json.GetProperty("tool").GetProperty("name").GetString());
        var failed = json.GetProperty("pages")[1];
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("status").ValueKind);
        Assert.Equal("net::ERR_CONNECTION_REFUSED", failed.GetProperty("error").GetString());
        var finding = json.GetProperty("findings")[0];
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.False(finding.GetProperty("hidden").GetBoolean());
        var summary = json.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("high").GetInt32());
        Assert.Equal(1, summary.GetProperty("medium").GetInt32());
        Assert.Equal(0, summary.GetProperty("critical").GetInt32());
        Assert.Equal(1, summary.GetProperty("pagesFailed").GetInt32());
        Assert.True(json.GetProperty("gateTripped").GetBoolean());
    }

    [Fact]
    public void Evidence_is_kept_as_the_page_wrote_it()
    {
        const string hostile = "<script>alert(1)</script> AⅤ & \"quotes\"";
        var json = Write(Report(Finding(Severity.Low, hostile)));
        Assert.Equal(hostile, json.GetProperty("findings")[0].GetProperty("evidence").GetString());
    }

    [Theory]
    [InlineData("high", Severity.High, true)]
    [InlineData("high", Severity.Medium, false)]
    [InlineData("critical", Severity.High, false)]
    [InlineData("info", Severity.Info, true)]
    [InlineData("none", Severity.Critical, false)]
    public void The_gate_trips_at_or_above_its_threshold(string failOn, Severity severity, bool trips)
    {
        Assert.True(Gate.TryParse(failOn, out var gate));
        Assert.Equal(trips, gate.Trips(Finding(severity)));
    }
}
