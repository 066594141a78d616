using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Whatever breaks on one page becomes that page's error: the scan goes on, the report holds every page, and the
/// detectors that did not break still report what they found on it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageIsolationTests(BrowserFixture browser)
{
    private const string Marker = "detector-breaker";

    private const string SpamPage = "<html><head><meta charset=\"utf-8\"><title>新闻</title></head><body><p>今日新闻</p><p>澳门新葡京娱乐场，真人百家乐在线开户</p></body></html>";

    /// <summary>A detector with a bug that only this kind of page triggers, thrown while its findings are enumerated.</summary>
    private sealed class BrokenAnalyzer : IPageAnalyzer
    {
        public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [];

        public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
        {
            if (page.ServedHtml.Contains(Marker, StringComparison.Ordinal))
                throw new InvalidOperationException("a detector bug on purpose");
            yield break;
        }
    }

    [Theory]
    [InlineData("static")]
    [InlineData("browser")]
    public async Task A_detector_that_throws_on_one_page_becomes_that_pages_error_and_the_scan_goes_on(string engine)
    {
        var folder = Directory.CreateTempSubdirectory("scanner-isolation-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "a-spam.html"), SpamPage);
            await File.WriteAllTextAsync(Path.Combine(folder, "b-broken.html"), SpamPage.Replace("今日新闻", $"今日新闻 <span class=\"{Marker}\"></span>"));
            await File.WriteAllTextAsync(Path.Combine(folder, "c-clean.html"), "<html><body><p>全市教育大会召开</p></body></html>");

            var run = await ScannerRun.ScanAsync(browser, [.. PageAnalysis.DefaultAnalyzers, new BrokenAnalyzer()],
                folder, "--engine", engine, "--screenshots");

            Assert.True(run.ExitCode == 1, run.Output + run.Error);
            Assert.Equal(3, run.Pages.Length);
            var broken = Assert.Single(run.Pages, p => p.GetProperty("url").GetString()!.EndsWith("b-broken.html"));
            Assert.Contains("BrokenAnalyzer", broken.GetProperty("error").GetString());
            Assert.Contains("a detector bug on purpose", broken.GetProperty("error").GetString());
            Assert.All(run.Pages.Where(p => p.GetProperty("url").GetString()!.EndsWith("a-spam.html") || p.GetProperty("url").GetString()!.EndsWith("c-clean.html")),
                p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("error").ValueKind));
            // The other detectors still report the broken page's spam, as they do the intact spam page's.
            foreach (var name in new[] { "a-spam.html", "b-broken.html" })
                Assert.Contains(run.FindingsAtLeast("high"), f => f.GetProperty("url").GetString()!.EndsWith(name));
            Assert.DoesNotContain(" at Scanner.", run.Output + run.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
