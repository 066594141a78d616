using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 14's structural kinds and false alarms (fixtures/realworld): real-looking county government pages with
/// injections written the way attackers write them, and the legitimate look-alikes. The folder is scanned once per
/// engine through the CLI (`scanner scan FOLDER --engine browser|static`), and every page is checked against
/// fixtures/realworld/expectations.tsv. Hosts the pages name are *.localhost (loopback, port 9: refused at once).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RealWorldFixtureTests(BrowserFixture browser)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "realworld");
    private static readonly string[] Order = ["info", "low", "medium", "high", "critical"];

    private sealed record Expectation(string File, string Engine, string Rule, string Severity, int Count);

    private static IReadOnlyList<Expectation> Expectations() => File.ReadAllLines(Path.Combine(Folder, "expectations.tsv"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('\t'))
        .Select(c => new Expectation(c[0], c[1], c[2], c[3], c.Length > 4 ? int.Parse(c[4]) : 1))
        .ToList();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Expectations().Select(e => e.File).Distinct().Order(StringComparer.Ordinal))
        foreach (var engine in new[] { "browser", "static" })
            data.Add(file, engine);
        return data;
    }

    [Fact]
    public void Every_fixture_has_an_expectation()
    {
        var listed = Expectations().Select(e => e.File).ToHashSet();
        var files = Directory.GetFiles(Folder, "*.html", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'));
        Assert.All(files, f => Assert.Contains(f, listed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fixture_gives_its_expected_findings(string fixture, string engine)
    {
        var expectations = Expectations().Where(e => e.File == fixture && (e.Engine == "both" || e.Engine == engine)).ToList();
        if (expectations.Count == 0) return;
        var run = await ScanAsync(engine);
        var page = run.Pages.Single(p => p.GetProperty("url").GetString()!.EndsWith("/" + fixture, StringComparison.Ordinal));
        Assert.True(page.GetProperty("error").ValueKind == JsonValueKind.Null, $"{fixture} did not load: {page.GetProperty("error")}");
        var urls = new[] { page.GetProperty("url").GetString(), page.GetProperty("finalUrl").GetString() };
        var findings = run.Findings.Where(f => urls.Contains(f.GetProperty("url").GetString())).ToList();
        string Describe() => string.Join("\n", findings.Select(f =>
            $"  {f.GetProperty("severity").GetString()} {f.GetProperty("ruleId").GetString()} {f.GetProperty("selector")} — {string.Join("; ", f.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()))}"));
        int Rank(JsonElement f) => Array.IndexOf(Order, f.GetProperty("severity").GetString());

        foreach (var e in expectations)
        {
            if (e.Rule == "max")
            {
                var over = findings.Where(f => Rank(f) > Array.IndexOf(Order, e.Severity)).ToList();
                Assert.True(over.Count == 0, $"{fixture} ({engine}): nothing above {e.Severity} expected; got:\n{Describe()}");
                continue;
            }
            var ofRule = findings.Where(f => e.Rule == "*" || f.GetProperty("ruleId").GetString() == e.Rule).ToList();
            if (e.Severity == "none")
            {
                Assert.True(ofRule.Count == 0, $"{fixture} ({engine}): {e.Rule} must not fire; got:\n{Describe()}");
                continue;
            }
            var reaching = ofRule.Where(f => Rank(f) >= Array.IndexOf(Order, e.Severity)).ToList();
            Assert.True(reaching.Count >= e.Count, $"{fixture} ({engine}): expected {e.Count}× {e.Rule} at {e.Severity} or above; got:\n{Describe()}");
            Assert.All(reaching, f => Assert.NotEmpty(f.GetProperty("reasons").EnumerateArray()));
            // Every injection site is its own finding, with its own stable fingerprint.
            Assert.Equal(reaching.Count, reaching.Select(f => f.GetProperty("fingerprint").GetString()).Distinct().Count());
        }
    }

    private static readonly string GbkPage = Path.Combine(Folder, "charset", "gbk-no-meta-charset.html");

    [Fact]
    public async Task A_local_folder_is_served_with_the_charset_the_static_engine_detects()
    {
        await using var server = await Engine.Targets.LocalSiteServer.StartAsync(Path.GetDirectoryName(GbkPage)!);
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.UrlOf(GbkPage));
        Assert.Equal("gb18030", response.Content.Headers.ContentType?.CharSet, ignoreCase: true);
    }

    /// <summary>A server that declares no charset (as many do): Chromium falls back to windows-1252, and the loader reads the page again.</summary>
    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task A_gbk_page_from_a_server_that_declares_no_charset_is_read_right(string engine)
    {
        var bytes = await File.ReadAllBytesAsync(GbkPage);
        await using var server = await LoopbackServer.StartAsync(app =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/index.html", () => Microsoft.AspNetCore.Http.Results.Bytes(bytes, "text/html")));
        var run = await ScannerRun.ScanAsync(browser, server.Url("/index.html"), "--engine", engine, "--fail-on", "none");
        string Describe() => string.Join("\n", run.Findings.Select(f => $"  {f.GetProperty("severity")} {f.GetProperty("ruleId")} {f.GetProperty("evidence")}"));
        Assert.True(run.Findings.Any(f => f.GetProperty("ruleId").GetString() == "keyword.porn" && f.GetProperty("severity").GetString() == "critical"), Describe());
        Assert.DoesNotContain(run.Findings, f => f.GetProperty("ruleId").GetString() == "title.rewritten");
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task A_server_redirect_to_another_site_is_critical(string engine)
    {
        LoopbackServer? server = null;
        server = await LoopbackServer.StartAsync(app =>
        {
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/news/1.html",
                () => Microsoft.AspNetCore.Http.Results.Redirect($"http://localhost:{server!.BaseUri.Port}/landing.html"));
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/landing.html",
                () => Microsoft.AspNetCore.Http.Results.Content("<html><head><title>landing</title></head><body><p>欢迎</p></body></html>", "text/html; charset=utf-8"));
        });
        await using var _ = server;
        // The other "site" is a second loopback server: a private address the SSRF guard refuses unless allowed.
        var run = await ScannerRun.ScanAsync(browser, server.Url("/news/1.html"), "--engine", engine, "--fail-on", "none", "--allow-private");
        var finding = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "redirect.cross-domain");
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Contains(finding.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("the server redirected"));
    }

    /// <summary>Every rule id the real-world pages make either engine report is in the rule catalogue, at a severity it lists.</summary>
    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task Every_reported_rule_and_severity_is_in_the_catalogue(string engine) =>
        Assert.True(CatalogueCheck.AssertCatalogued(await ScanAsync(engine), $"fixtures/realworld ({engine})") > 0, "the fixtures reported nothing");

    private static readonly object Gate = new();
    private static readonly Dictionary<string, Task<ScannerRun>> Runs = [];

    /// <summary>The folder is scanned once per engine, as a user scans a built site, for all the cases.</summary>
    private Task<ScannerRun> ScanAsync(string engine)
    {
        lock (Gate)
        {
            if (!Runs.TryGetValue(engine, out var run))
                Runs[engine] = run = ScannerRun.ScanAsync(browser, Folder, "--engine", engine, "--fail-on", "none");
            return run;
        }
    }
}
