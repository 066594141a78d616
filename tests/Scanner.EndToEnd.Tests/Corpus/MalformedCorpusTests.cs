using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>
/// The html5lib tree-construction inputs (../shared/corpus/malformed: misnested tables and formatting tags, broken
/// references, NULs, foreign content…) and a dozen spam-bearing malformed pages, scanned as one local folder with
/// each engine: no exception escapes, every page is in the report, none of them fails inside the scanner, and on the
/// static engine every finding's line and column lie inside its file.
/// The static engine scans every input (about 10 s). Chromium takes about 1.4 s a page here, so in CI the browser
/// engine scans a fixed sample (every <see cref="BrowserCiStep"/>-th input, plus every spam page); with
/// SCANNER_MALFORMED_FULL=1 (bench/malformed/run.sh) every input. docs/performance.md has the times.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MalformedCorpusTests(BrowserFixture browser, ITestOutputHelper console) : IDisposable
{
    public const string FullRunVariable = "SCANNER_MALFORMED_FULL";
    public const int BrowserCiStep = 25;

    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-malformed-").FullName;

    private static int StepFor(string engine) =>
        engine == "static" || Environment.GetEnvironmentVariable(FullRunVariable) == "1" ? 1 : BrowserCiStep;

    /// <summary>Every step-th whole-document input (by position among them, so the sample never changes) and every spam page.</summary>
    private Dictionary<string, byte[]> WriteCorpus(int step)
    {
        var documents = Html5libTreeTests.ReadAll(SharedFolder.Path("corpus", "malformed", "html5lib")).Where(i => i.IsWholeDocument).ToList();
        Assert.Equal(1565, documents.Count); // what extract.py --documents-only counts
        var files = documents.Where((_, n) => n % step == 0).ToDictionary(i => i.FileName, i => i.Data);
        foreach (var (name, html) in MalformedSpamPages.All) files[$"{name}.html"] = Encoding.UTF8.GetBytes(html);
        foreach (var (name, data) in files) File.WriteAllBytes(Path.Combine(_folder, name), data);
        return files;
    }

    [Theory]
    [InlineData("static")]
    [InlineData("browser")]
    public async Task Every_malformed_document_is_scanned_and_in_the_report(string engine)
    {
        var files = WriteCorpus(StepFor(engine));
        var clock = Stopwatch.StartNew();
        var run = await ScannerRun.ScanAsync(browser, _folder, "--engine", engine, "--timeout", "10", "-q");
        console.WriteLine($"{engine}: {files.Count} page(s) in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode} (the spam pages trip the gate): {run.Error}");
        var pages = run.Pages.ToDictionary(p => FileOf(p.GetProperty("url").GetString()!), p => p);
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), pages.Keys.Order(StringComparer.Ordinal));
        // A page error that names a stage of the scan is the scanner failing on the page, not the page failing to load.
        var internalFailures = pages.Where(p => p.Value.GetProperty("error").GetString() is { } e && e.Contains(" failed: ", StringComparison.Ordinal))
            .Select(p => $"{p.Key}: {p.Value.GetProperty("error").GetString()}").ToList();
        Assert.True(internalFailures.Count == 0, string.Join("\n", internalFailures));
        var withFindings = run.Findings.Select(f => FileOf(f.GetProperty("url").GetString()!)).ToHashSet();
        var missed = MalformedSpamPages.All.Select(p => $"{p.Name}.html").Where(name => !withFindings.Contains(name)).ToList();
        Assert.True(missed.Count == 0, $"no findings on {string.Join(", ", missed)}");

        if (engine != "static") return;
        var located = run.Findings.Where(f => f.TryGetProperty("line", out _)).ToList();
        Assert.True(located.Count >= MalformedSpamPages.All.Count, $"only {located.Count} finding(s) have a source location");
        foreach (var f in located)
        {
            var file = FileOf(f.GetProperty("url").GetString()!);
            var column = f.TryGetProperty("column", out var c) ? c.GetInt32() : 1; // a page-level finding may give its line only
            AssertInside(files[file], f.GetProperty("line").GetInt32(), column, $"{file} {f.GetProperty("ruleId").GetString()}");
        }
    }

    /// <summary>
    /// Line and column (UTF-16 units) inside the file. Lines end at CR LF, CR or LF (bytes, in any ASCII-compatible
    /// charset); a line's length in UTF-16 units is at most its length in bytes, whichever charset decoded it.
    /// </summary>
    private static void AssertInside(byte[] data, int line, int column, string what)
    {
        var lines = new List<int>();
        var start = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '\r' && i + 1 < data.Length && data[i + 1] == '\n') continue;
            if (data[i] is (byte)'\n' or (byte)'\r') { lines.Add(i - start); start = i + 1; }
        }
        lines.Add(data.Length - start);
        Assert.True(line >= 1 && line <= lines.Count, $"{what}: line {line} of {lines.Count}");
        Assert.True(column >= 1 && column <= lines[line - 1], $"{what}: column {column} of a {lines[line - 1]}-byte line {line}");
    }

    private static string FileOf(string url) => Uri.UnescapeDataString(new Uri(url).Segments[^1]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
