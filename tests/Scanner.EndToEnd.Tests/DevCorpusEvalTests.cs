using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Scanner.Cli.Scanning;
using Scanner.Core.Loading;
using Scanner.EndToEnd.Tests.Corpus;
using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// `scanner eval` on the development corpus (tests/corpus/dev, generated from ../shared/corpus/clean): the static engine
/// on every page, the browser engine on a fixed sample (a hash of the file name), each asserting recall and false-alarm
/// floors at the default gate. The floors are the figures measured in docs/detectors.md minus a small margin: a
/// detector change that loses recall or adds false alarms fails here, and the new numbers go into the doc.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DevCorpusEvalTests(BrowserFixture browser, ITestOutputHelper output)
{
    // Measured (docs/detectors.md, "The development corpus") minus a margin of a few pages.
    // Static, all pages (2026-12-03): 193 of 193 spam caught (1.0), 0 of 139 clean flagged; each half alike (dev 103/103
    // and 0/60, holdout 90/90 and 0/79).
    private const double StaticRecallFloor = 0.95;
    private const double StaticFalseAlarmCeiling = 0.03;
    // Browser, the 52-page sample: 20 of 25 caught (0.80), 0 of 27 flagged, on a machine at load average 25; the five
    // misses were pages that timed out with no findings at all (each is caught when scanned alone). They count as not caught.
    private const double BrowserRecallFloor = 0.68;
    private const double BrowserFalseAlarmCeiling = 0.08;

    /// <summary>About one page in six, always the same ones (the first byte of SHA-256 of the file name).</summary>
    public static bool InBrowserSample(string file) => SHA256.HashData(Encoding.UTF8.GetBytes("browser-sample:" + file))[0] % 6 == 0;

    private static readonly Lazy<string> Corpus = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), $"scanner-dev-corpus-{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        new DevCorpusGenerator(SharedFolder.Path("corpus", "clean"), RepoPath("tests", "corpus", "dev")).Generate(folder);
        var labels = File.ReadAllLines(Path.Combine(folder, DevCorpusGenerator.LabelsFileName));
        File.WriteAllLines(Path.Combine(folder, "labels-browser-sample.tsv"), [labels[0], .. labels.Skip(1).Where(l => InBrowserSample(l.Split('\t')[0]))]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, true); } catch (IOException) { } };
        return folder;
    });

    private static string RepoPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }

    private async Task<JsonElement> EvalAsync(string engine, string labels)
    {
        var settings = Scanner.Cli.Commands.EvalCommand.Settings(new System.CommandLine.RootCommand { Scanner.Cli.Commands.EvalCommand.Create() }
            .Parse(["eval", Corpus.Value, "--labels", Path.Combine(Corpus.Value, labels), "--engine", engine, "--format", "json", "--concurrency", "4", "--timeout", "20"]));
        var text = new StringWriter();
        var error = new StringWriter();
        var exit = await new EvalApplication(text, error, browser.Log).RunAsync(settings, (s, guard) => s.Engine == "static"
            ? Task.FromResult<IPageLoader>(new StaticPageLoader(s.PageTimeout, guard))
            : Task.FromResult(browser.LoaderWith(new Scanner.Browser.Loading.BrowserLoaderOptions { PageTimeout = s.PageTimeout, Guard = guard })), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        var json = JsonDocument.Parse(text.ToString()).RootElement;
        foreach (var t in json.GetProperty("techniques").EnumerateArray())
            output.WriteLine($"{t.GetProperty("technique").GetString(),-28} spam {t.GetProperty("caught").GetInt32()}/{t.GetProperty("spamPages").GetInt32()}  false alarms {t.GetProperty("falseAlarms").GetInt32()}/{t.GetProperty("cleanPages").GetInt32()}");
        foreach (var p in json.GetProperty("pages").EnumerateArray().Where(p => p.GetProperty("outcome").GetString() is "missed" or "false-alarm"))
            output.WriteLine($"{p.GetProperty("outcome").GetString(),-12} {p.GetProperty("file").GetString()}  {p.GetProperty("topSeverity")} {string.Join(",", p.GetProperty("topRules").EnumerateArray().Select(r => r.GetString()))}");
        return json.GetProperty("total");
    }

    [Fact]
    public async Task Static_engine_on_the_whole_corpus_meets_its_floors()
    {
        var total = await EvalAsync("static", DevCorpusGenerator.LabelsFileName);
        Assert.True(total.GetProperty("spamPages").GetInt32() >= 120 && total.GetProperty("cleanPages").GetInt32() >= 120, total.ToString());
        Assert.True(total.GetProperty("recall").GetDouble() >= StaticRecallFloor, $"recall {total.GetProperty("recall")} < {StaticRecallFloor}");
        Assert.True(total.GetProperty("falseAlarmRate").GetDouble() <= StaticFalseAlarmCeiling, $"false alarms {total.GetProperty("falseAlarmRate")} > {StaticFalseAlarmCeiling}");
    }

    [Fact]
    public async Task Browser_engine_on_a_fixed_sample_meets_its_floors()
    {
        var total = await EvalAsync("browser", "labels-browser-sample.tsv");
        Assert.True(total.GetProperty("spamPages").GetInt32() >= 15 && total.GetProperty("cleanPages").GetInt32() >= 15, total.ToString());
        Assert.True(total.GetProperty("recall").GetDouble() >= BrowserRecallFloor, $"recall {total.GetProperty("recall")} < {BrowserRecallFloor}");
        Assert.True(total.GetProperty("falseAlarmRate").GetDouble() <= BrowserFalseAlarmCeiling, $"false alarms {total.GetProperty("falseAlarmRate")} > {BrowserFalseAlarmCeiling}");
    }
}
