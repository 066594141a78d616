using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using Xunit.Abstractions;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// The numbers in docs/detectors.md: recall on ../shared/corpus/injected-js (each sample embedded in a clean page) and
/// the static findings on ../shared/corpus/clean, through the default analyzers and the shipped rules, without a
/// browser. Run with: dotnet test tests/Scanner.Core.Tests --filter CorpusMeasurement --logger "console;verbosity=detailed"
/// </summary>
public sealed class CorpusMeasurementTests(ITestOutputHelper output)
{
    private const string CleanPage = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>永州市人民政府 - 政务公开</title></head>
        <body><div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
        <div class="content"><h1>市政府召开常务会议</h1><p>会议研究部署了全市教育、交通和民生重点工作。</p></div>
        {0}
        <div class="footer"><p>主办：永州市人民政府办公室</p></div></body></html>
        """;

    private static readonly Lazy<RuleSet> Rules = new(() =>
        RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] }));

    /// <summary>A sample that is markup goes in as it is; a script goes inside &lt;script&gt;. Markup starts with a tag: a
    /// library that only mentions "&lt;script" in a string (Prototype's ScriptFragment) is still a script, and so is
    /// code that opens with the old "&lt;!--" guard (a saved page that opens with a comment has &lt;html&gt;).</summary>
    public static string Embed(string sample) =>
        string.Format(CleanPage, IsMarkup(sample) ? sample : "<script>" + sample + "</script>");

    private static bool IsMarkup(string sample)
    {
        var start = sample.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return (start.StartsWith('<') && !start.StartsWith("<!--", StringComparison.Ordinal)) || sample.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Recall_on_injected_scripts()
    {
        var folder = SharedFolder.Path("corpus", "injected-js");
        var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, Rules.Value);
        var samples = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var flagged = 0;
        var misses = new List<string>();
        foreach (var file in samples)
        {
            var page = Scanner.Core.Loading.StaticSnapshotBuilder.Build(Embed(File.ReadAllText(file)), "https://www.yongzhou.gov.cn/zwgk/" + Uri.EscapeDataString(Path.GetFileName(file)) + ".html");
            var findings = analysis.Analyze(page);
            var top = findings.Where(f => f.RuleId.StartsWith("script.", StringComparison.Ordinal) || f.Severity >= Severity.High)
                .OrderByDescending(f => f.Severity).FirstOrDefault();
            var hit = findings.Any(f => f.Severity >= Severity.High);
            if (hit) flagged++; else misses.Add($"{Path.GetFileName(file)} ({(top is null ? "nothing" : $"{top.RuleId} {top.Severity}")})");
            if (!hit && top is not null) output.WriteLine("     why: " + string.Join("; ", top.Reasons));
            output.WriteLine($"{(hit ? "HIT " : "MISS")} {Path.GetFileName(file),-50} {string.Join(", ", findings.Where(f => f.Severity >= Severity.Medium).Select(f => $"{f.RuleId}:{f.Severity}").Distinct())}");
        }
        var recall = (double)flagged / samples.Count;
        output.WriteLine($"recall at high or above: {flagged}/{samples.Count} = {recall:P1}");
        output.WriteLine("misses: " + string.Join("; ", misses));
        Assert.True(recall >= 0.78, $"recall fell to {recall:P1}; misses: {string.Join("; ", misses)}");
    }

    /// <summary>
    /// The emulator's cost on clean pages (docs/detectors.md): which inline scripts the gate sends to it, how long they
    /// run, and whether any run shows behaviour its text did not (a run-time layer). Bounded by the page budget.
    /// </summary>
    [Fact]
    public void Emulation_cost_on_the_clean_corpus()
    {
        var folder = SharedFolder.Path("corpus", "clean");
        int pages = 0, pagesWithRuns = 0, scripts = 0, runs = 0, layers = 0;
        var spent = TimeSpan.Zero;
        var slowest = TimeSpan.Zero;
        foreach (var file in Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal))
        {
            var html = Scanner.Core.Loading.HtmlDecoder.Decode(File.ReadAllBytes(file), null);
            var page = Scanner.Core.Loading.StaticSnapshotBuilder.Build(html, "http://127.0.0.1:8080/" + Path.GetFileName(file));
            var budget = new Scanner.Core.Analyzers.Emulation.EmulationBudget();
            pages++;
            foreach (var script in page.Scripts.Where(s => !string.IsNullOrWhiteSpace(s.InlineText)))
            {
                scripts++;
                var layersOf = ScriptDecoder.Layers(script.InlineText!);
                var readable = script.InlineText + "\n" + string.Join("\n", layersOf);
                var before = budget.Spent;
                var runTime = Scanner.Core.Analyzers.Emulation.RunTimeLayers.Of(script.InlineText!, readable, false, page.EffectiveUrl, budget);
                if (budget.Spent == before && runTime is null && !Scanner.Core.Analyzers.Emulation.RunTimeLayers.WorthRunning(script.InlineText!, false)) continue;
                if (runTime is not null) layers++;
                output.WriteLine($"{Path.GetFileName(file),-40} {script.InlineText!.Length,8:N0} chars {(budget.Spent - before).TotalMilliseconds,6:F0} ms {(runTime is null ? "" : runTime.Reason)}");
            }
            if (budget.ScriptsRun > 0) pagesWithRuns++;
            runs += budget.ScriptsRun;
            spent += budget.Spent;
            if (budget.Spent > slowest) slowest = budget.Spent;
        }
        output.WriteLine($"{pages} pages, {scripts} inline scripts; the gate sent {runs} script(s) on {pagesWithRuns} page(s) to the emulator; "
            + $"{spent.TotalMilliseconds:F0} ms in all, {spent.TotalMilliseconds / pages:F0} ms per page on average, {slowest.TotalMilliseconds:F0} ms on the slowest page; {layers} run(s) showed new behaviour");
        Assert.True(pages > 0);
    }

    [Fact]
    public void Clean_corpus_static_pass_has_nothing_at_high()
    {
        var folder = SharedFolder.Path("corpus", "clean");
        var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, Rules.Value);
        var high = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal))
        {
            var html = Scanner.Core.Loading.HtmlDecoder.Decode(File.ReadAllBytes(file), null);
            foreach (var f in analysis.Analyze(Scanner.Core.Loading.StaticSnapshotBuilder.Build(html, "http://127.0.0.1:8080/" + Path.GetFileName(file)))
                         .Where(f => f.Severity >= Severity.Medium))
            {
                var line = $"{f.Severity,-8} {f.RuleId,-32} {Path.GetFileName(file)}  {f.Evidence.ReplaceLineEndings(" ")[..Math.Min(160, f.Evidence.ReplaceLineEndings(" ").Length)]}  [{string.Join("; ", f.Reasons)}]";
                output.WriteLine(line);
                if (f.Severity >= Severity.High && !f.RuleId.StartsWith("keyword.", StringComparison.Ordinal)) high.Add(line); // keyword blocks differ without a browser (text nodes are joined differently)
            }
        }
        Assert.True(high.Count == 0, string.Join("\n", high));
    }
}
