using System.Diagnostics;
using AngleSharp.Html.Parser;
using Scanner.Core.Loading;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Core.Rules;

namespace Scanner.Baseline;

/// <summary>
/// `scanner-baseline stages FOLDER`: the static engine's steps on every *.html of FOLDER, in process and warm, each
/// timed over all pages (best of 3 rounds), to see which step the static engine's time goes to.
/// </summary>
public static class StaticStages
{
    public static int Run(string folder)
    {
        var pages = Directory.EnumerateFiles(folder, "*.html").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var url = new Uri("http://127.0.0.1/page.html");
        var shared = new HtmlParser();
        var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.GetFullPath("rules")] }); // run from the repository root
        var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, rules);
        var built = new Dictionary<string, PageSnapshot>(ReferenceEqualityComparer.Instance);
        PageSnapshot Snapshot(string html) => built.TryGetValue(html, out var s) ? s
            : built[html] = StaticSnapshotBuilder.Build(html, url, new PageSnapshot { RequestedUrl = url.AbsoluteUri, FinalUrl = url.AbsoluteUri, Status = 200 });
        var steps = new (string Name, Action<string> Step)[]
        {
            ("parse: new HtmlParser, sync", html => new HtmlParser().ParseDocument(html).Dispose()),
            ("parse: shared HtmlParser, sync", html => shared.ParseDocument(html).Dispose()),
            ("parse: new HtmlParser, async", html => new HtmlParser().ParseDocumentAsync(html, CancellationToken.None).GetAwaiter().GetResult().Dispose()),
            ("parse: keeping source references", html => new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true }).ParseDocument(html).Dispose()),
            ("StaticSnapshotBuilder.Build (parse + walk)", html => StaticSnapshotBuilder.Build(html, url, new Scanner.Core.Model.PageSnapshot { RequestedUrl = url.AbsoluteUri })),
            ("CssVisibility (on a parsed page)", html => { using var d = shared.ParseDocument(html); new CssVisibility(d); }),
            ("CssSelectors (on a parsed page)", html => { using var d = shared.ParseDocument(html); new CssSelectors(d); }),
            ("MarkupSnapshot.Of (on a parsed page)", html => { using var d = shared.ParseDocument(html); MarkupSnapshot.Of(d, url); }),
            ("MarkupSnapshot.NoScriptBlocks", html => MarkupSnapshot.NoScriptBlocks(html, url)),
            ("ServedDocument.TitleOf", html => ServedDocument.TitleOf(html)),
            ("analysis: every analyzer (on a built snapshot)", html => analysis.Analyze(Snapshot(html))),
        };
        // Each analyzer alone, on snapshots built once: which detector the analysis time goes to.
        steps = [.. steps, .. analysis.Analyzers.Select(a => ($"analyzer: {a.GetType().Name}", (Action<string>)(html => a.Analyze(Snapshot(html), rules).ToList())))];
        var only = Environment.GetEnvironmentVariable("STAGE");
        foreach (var (name, step) in steps)
        {
            if (only is not null && !name.Contains(only, StringComparison.Ordinal)) continue;
            foreach (var html in pages) step(html); // warm
            var best = double.MaxValue;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var html in pages) step(html);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 3.0 / pages.Count / 1024;
            Console.WriteLine($"{name,-45} {best,8:F0} ms for {pages.Count} pages, {allocated,7:F0} KiB allocated per page");
        }
        Console.WriteLine($"GCs: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms; allocated {GC.GetTotalAllocatedBytes() >> 20} MiB");
        {
        }
        return 0;
    }
}
