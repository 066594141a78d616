using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests;

/// <summary>73 real, clean news and portal pages (../shared/corpus/clean) must not trip the default gate, with either engine.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CleanCorpusTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_clean_corpus_passes_the_default_gate()
    {
        var corpus = SharedFolder.Path("corpus", "clean");
        var run = await ScannerRun.ScanAsync(browser, corpus, "--concurrency", "4");

        foreach (var finding in run.Findings)
            output.WriteLine($"{finding.GetProperty("severity").GetString(),-8} {finding.GetProperty("ruleId").GetString(),-22} " +
                             $"{Path.GetFileName(finding.GetProperty("url").GetString())}  {finding.GetProperty("evidence").GetString()}");
        Assert.Equal(Directory.GetFiles(corpus, "*.html").Length, run.Pages.Length);
        Assert.Empty(run.FindingsAtLeast("high"));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task The_clean_corpus_passes_the_default_gate_with_the_static_engine()
    {
        var corpus = SharedFolder.Path("corpus", "clean");
        var run = await ScannerRun.ScanAsync(browser, corpus, "--engine", "static", "--concurrency", "4");

        foreach (var finding in run.FindingsAtLeast("high"))
            output.WriteLine($"{finding.GetProperty("severity").GetString(),-8} {finding.GetProperty("ruleId").GetString(),-22} " +
                             $"{Path.GetFileName(finding.GetProperty("url").GetString())}  {finding.GetProperty("evidence").GetString()}");
        Assert.Equal(Directory.GetFiles(corpus, "*.html").Length, run.Pages.Length);
        Assert.Empty(run.FindingsAtLeast("high"));
        Assert.Equal(0, run.ExitCode);
    }
}
