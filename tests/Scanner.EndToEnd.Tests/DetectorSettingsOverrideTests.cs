using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// A user's rules folder overrides single detector settings (rules/detectors.yaml) and the scan follows them. The page is
/// a real clean portal page (../shared/corpus/clean/gne-njxfhn-1.html) whose hidden 174,000-character "hot searches"
/// list holds a few spam terms: keywords.sparseShare keeps it at medium. Set to 0, every such block is a verdict.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DetectorSettingsOverrideTests(BrowserFixture browser) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("scanner-user-rules-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task An_override_in_a_users_rules_folder_changes_the_verdict_on_a_real_page()
    {
        var page = SharedFolder.Path("corpus", "clean", "gne-njxfhn-1.html");

        var shipped = await ScannerRun.ScanAsync(browser, page, "--engine", "static");
        Assert.Equal(0, shipped.ExitCode);
        Assert.Contains(shipped.Findings, f => f.GetProperty("ruleId").GetString() == "keyword.porn" && f.GetProperty("severity").GetString() == "medium");
        Assert.Empty(shipped.FindingsAtLeast("high"));

        File.WriteAllText(Path.Combine(_folder.FullName, "my-detectors.yaml"), "kind: detector-settings\nkeywords:\n  sparseShare: 0   # no padding excuses spam on our site\n");
        var overridden = await ScannerRun.ScanAsync(browser, page, "--engine", "static", "--rules", _folder.FullName);
        Assert.Equal(1, overridden.ExitCode);
        var porn = Assert.Single(overridden.Findings, f => f.GetProperty("ruleId").GetString() == "keyword.porn");
        Assert.Equal("critical", porn.GetProperty("severity").GetString());
        Assert.DoesNotContain(porn.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("a keyword list that contains them"));
    }

    [Fact]
    public async Task The_static_engines_moderate_offset_is_read_from_the_users_settings()
    {
        // A business-link farm at position:absolute;top:-300px (fixtures/realworld/wild): off the page at the shipped
        // staticVisibility.aboveThePagePixels (200), on it when a user sets 400.
        var page = Path.Combine(AppContext.BaseDirectory, "fixtures", "realworld", "wild", "offscreen-top-300-business-links.html");

        var shipped = await ScannerRun.ScanAsync(browser, page, "--engine", "static");
        Assert.Contains(shipped.Findings, f => f.GetProperty("ruleId").GetString() == "hidden.external-links" && f.GetProperty("severity").GetString() == "critical");

        File.WriteAllText(Path.Combine(_folder.FullName, "my-detectors.yaml"), "kind: detector-settings\nstaticVisibility:\n  aboveThePagePixels: 400\n");
        var overridden = await ScannerRun.ScanAsync(browser, page, "--engine", "static", "--rules", _folder.FullName);
        Assert.DoesNotContain(overridden.Findings, f => f.GetProperty("ruleId").GetString() == "hidden.external-links");
    }

    [Fact]
    public async Task A_malformed_settings_file_stops_the_scan_with_its_file_and_line()
    {
        var file = Path.Combine(_folder.FullName, "my-detectors.yaml");
        File.WriteAllText(file, "kind: detector-settings\nlinkFarm:\n  minLinks: 8\n  minSites: many\n");
        var run = await ScannerRun.ScanAsync(browser, SharedFolder.Path("corpus", "clean", "gne-njxfhn-1.html"), "--engine", "static", "--rules", _folder.FullName);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:4:13: 'linkFarm.minSites' must be a whole number from 1 to 100000, not 'many'", run.Error);
    }
}
