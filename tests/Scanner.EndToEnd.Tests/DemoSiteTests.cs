using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>The README's first command scans samples/demo-site: its clean page stays clean, its hacked page trips the gate.</summary>
[Collection(BrowserCollection.Name)]
public class DemoSiteTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task The_demo_sites_hacked_page_trips_the_gate_and_its_clean_page_has_no_findings(string engine)
    {
        var run = await ScannerRun.ScanAsync(browser, DemoSite.Folder, "--engine", engine);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Error}");
        Assert.Equal(2, run.Pages.Length);
        Assert.DoesNotContain(run.Findings, f => f.GetProperty("url").GetString()!.EndsWith("/index.html", StringComparison.Ordinal));
        var hacked = run.Findings.Where(f => f.GetProperty("url").GetString()!.EndsWith("/notice.html", StringComparison.Ordinal))
            .Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.Contains("keyword.porn", hacked);
        Assert.Contains("link.spam-anchor", hacked);
        Assert.Contains(run.FindingsAtLeast("high"), f => f.GetProperty("url").GetString()!.EndsWith("/notice.html", StringComparison.Ordinal));
    }
}
