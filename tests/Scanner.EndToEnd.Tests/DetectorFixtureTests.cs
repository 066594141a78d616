using System.Text.Json;
using AngleSharp.Html.Parser;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// One fixture page per injection technique and per legitimate look-alike (fixtures/detectors), scanned through real
/// Chromium. Each page states what it expects in its head:
/// <c>&lt;meta name="expect" content="RULE:SEVERITY"&gt;</c> (that rule fires at exactly that severity) or
/// <c>&lt;meta name="expect-max" content="SEVERITY"&gt;</c> (nothing above that severity, from any rule).
/// Hosts the pages load from are *.localhost (loopback): nothing leaves the machine.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DetectorFixtureTests(BrowserFixture browser)
{
    private static readonly string Folder = DetectorFixtureScans.Folder;
    private static readonly string[] Order = ["info", "low", "medium", "high", "critical"];

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Folder, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Each_fixture_gives_its_expected_findings(string fixture)
    {
        var document = new HtmlParser().ParseDocument(await File.ReadAllTextAsync(Path.Combine(Folder, fixture)));
        var expected = document.QuerySelectorAll("meta[name=expect]").Select(m => m.GetAttribute("content")!.Split(':')).ToList();
        var max = document.QuerySelector("meta[name=expect-max]")?.GetAttribute("content");
        Assert.True(expected.Count > 0 || max is not null, $"{fixture} declares no expectation");

        var run = await ScanAsync();
        var page = run.Pages.Single(p => p.GetProperty("url").GetString()!.EndsWith("/" + fixture.Replace('\\', '/'), StringComparison.Ordinal));
        Assert.True(page.GetProperty("error").ValueKind == JsonValueKind.Null, $"{fixture} did not load: {page.GetProperty("error")}");
        var finalUrl = page.GetProperty("finalUrl").GetString();
        var findings = run.Findings.Where(f => f.GetProperty("url").GetString() == finalUrl).ToList();
        string Describe() => string.Join("\n", findings.Select(f =>
            $"  {f.GetProperty("severity").GetString()} {f.GetProperty("ruleId").GetString()} {f.GetProperty("selector")} — {string.Join("; ", f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()))}"));

        foreach (var pair in expected)
        {
            var (rule, severity) = (pair[0], pair[1]);
            Assert.True(findings.Any(f => f.GetProperty("ruleId").GetString() == rule && f.GetProperty("severity").GetString() == severity),
                $"{fixture}: expected {rule} at {severity}; got:\n{Describe()}");
            var finding = findings.First(f => f.GetProperty("ruleId").GetString() == rule);
            Assert.False(string.IsNullOrEmpty(finding.GetProperty("evidence").GetString()), $"{rule} has no evidence");
            Assert.NotEmpty(finding.GetProperty("reasons").EnumerateArray());
        }
        if (max is not null)
        {
            var over = findings.Where(f => Array.IndexOf(Order, f.GetProperty("severity").GetString()) > Array.IndexOf(Order, max)).ToList();
            Assert.True(over.Count == 0, $"{fixture}: nothing above {max} expected; got:\n{Describe()}");
        }
    }

    /// <summary>Every rule id the fixtures make either engine report is in the rule catalogue, at a severity it lists.</summary>
    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task Every_reported_rule_and_severity_is_in_the_catalogue(string engine)
    {
        var run = engine == "browser" ? await ScanAsync() : await DetectorFixtureScans.Static(browser);
        Assert.True(CatalogueCheck.AssertCatalogued(run, $"fixtures/detectors ({engine})") > 0, "the fixtures reported nothing");
    }

    /// <summary>The whole folder is scanned once, as a user would scan a built site, for all the cases.</summary>
    private Task<ScannerRun> ScanAsync() => DetectorFixtureScans.Browser(browser);
}

/// <summary>The detector fixtures scanned once per engine, shared by the fixture tests and the engine comparison.</summary>
public static class DetectorFixtureScans
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "detectors");
    private static readonly object Gate = new();
    private static Task<ScannerRun>? _browser, _static;

    public static Task<ScannerRun> Browser(BrowserFixture browser)
    {
        lock (Gate) return _browser ??= ScannerRun.ScanAsync(browser, Folder, "--fail-on", "none");
    }

    public static Task<ScannerRun> Static(BrowserFixture browser)
    {
        lock (Gate) return _static ??= ScannerRun.ScanAsync(browser, Folder, "--engine", "static", "--fail-on", "none");
    }

}
