using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>The static engine (no browser) on the same seed page gives the same verdict.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaticEngineTests(BrowserFixture browser)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "seed", name);

    [Fact]
    public async Task The_static_engine_flags_the_hacked_page_and_passes_the_cleaned_one()
    {
        var run = await ScannerRun.ScanAsync(browser, Fixture("hacked.html"), Fixture("cleaned.html"), "--engine", "static");

        Assert.Equal(1, run.ExitCode);
        // The spam line: porn terms (keyword.porn) and the comma-separated spam template (signature.spam-phrase-list).
        Assert.Equal(["keyword.porn", "signature.spam-phrase-list"],
            run.FindingsAtLeast("high").Select(f => f.GetProperty("ruleId").GetString()).Order(StringComparer.Ordinal));
        foreach (var finding in run.FindingsAtLeast("high"))
        {
            Assert.Contains("AⅤ一区", finding.GetProperty("evidence").GetString());
            Assert.Equal("body > div:nth-of-type(3) > ul > li:nth-of-type(5)", finding.GetProperty("selector").GetString());
            Assert.EndsWith("hacked.html", finding.GetProperty("url").GetString());
        }
        Assert.Equal("static", run.Report!.RootElement.GetProperty("engine").GetString());
    }
}
