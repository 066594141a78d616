using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>--format jsonl: a header, one line per page with its findings, a summary; the JSON report's field names and values.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JsonLinesReportTests(BrowserFixture browser)
{
    private static readonly string Seed = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed");

    [Theory]
    [InlineData("static")]
    [InlineData("browser")]
    public async Task The_lines_hold_what_the_json_report_holds(string engine)
    {
        var lines = Path.Combine(Path.GetTempPath(), $"scanner-jsonl-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await ScannerRun.ScanAsync(browser, Seed, "--engine", engine, "--no-screenshots", "-f", "jsonl", "-o", lines);
            Assert.Equal(1, run.ExitCode);

            var parsed = (await File.ReadAllLinesAsync(lines)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var report = run.Report!.RootElement;
            var header = parsed[0];
            Assert.Equal("header", header.GetProperty("type").GetString());
            foreach (var field in new[] { "schemaVersion", "engine", "failOn", "startedAt" })
                Assert.Equal(report.GetProperty(field).GetString(), header.GetProperty(field).GetString());
            var summary = parsed[^1];
            Assert.Equal("summary", summary.GetProperty("type").GetString());
            Assert.Equal(report.GetProperty("gateTripped").GetBoolean(), summary.GetProperty("gateTripped").GetBoolean());
            Assert.False(summary.GetProperty("interrupted").GetBoolean());
            Assert.Equal(Without(report.GetProperty("summary"), "durationMs"), Without(summary.GetProperty("summary"), "durationMs"));

            var pages = parsed[1..^1];
            Assert.All(pages, p => Assert.Equal("page", p.GetProperty("type").GetString()));
            Assert.Equal(run.Pages.Select(Compact).Order(), pages.Select(p => Compact(p.GetProperty("page"))).Order());
            Assert.Equal(run.Findings.Select(Compact).Order(),
                pages.SelectMany(p => p.GetProperty("findings").EnumerateArray()).Select(Compact).Order());
            Assert.NotEmpty(run.Findings);
        }
        finally
        {
            File.Delete(lines);
        }
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    /// <summary>The object's JSON text without one property (compact, so both reports' indentation does not matter).</summary>
    private static string Without(JsonElement element, string property) =>
        JsonSerializer.Serialize(element.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));
}
