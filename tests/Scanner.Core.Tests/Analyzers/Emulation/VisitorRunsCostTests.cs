using Scanner.Core.Analyzers;
using Scanner.Core.Analyzers.Emulation;
using Xunit.Abstractions;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>
/// The figures in docs/detectors.md ("Scripts that pick their visitors"): which inline scripts of ../shared/corpus/clean
/// the redirect rule runs as each visitor (<see cref="VisitorRuns"/>), what it cost, and where they sent the visitor.
/// Run with: dotnet test tests/Scanner.Core.Tests --filter VisitorRunsCost --logger "console;verbosity=detailed"
/// </summary>
public sealed class VisitorRunsCostTests(ITestOutputHelper output)
{
    [Fact]
    public void Visitor_runs_on_the_clean_corpus()
    {
        var folder = SharedFolder.Path("corpus", "clean");
        int pages = 0, pagesWithRuns = 0, scripts = 0, runs = 0, navigations = 0;
        var spent = TimeSpan.Zero;
        var slowest = TimeSpan.Zero;
        foreach (var file in Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal))
        {
            var html = Scanner.Core.Loading.HtmlDecoder.Decode(File.ReadAllBytes(file), null);
            var page = Scanner.Core.Loading.StaticSnapshotBuilder.Build(html, "http://127.0.0.1:8080/" + Path.GetFileName(file));
            var budget = VisitorRuns.PageBudget();
            pages++;
            foreach (var script in page.Scripts.Where(s => !string.IsNullOrWhiteSpace(s.InlineText)))
            {
                scripts++;
                var text = script.InlineText!;
                var readable = text + "\n" + string.Join("\n", ScriptDecoder.Layers(text));
                var testsVisitor = VisitorTests.In(readable).Count > 0;
                if (!VisitorRuns.WorthRunning(text, readable)) continue;
                var before = budget.Spent;
                var found = VisitorRuns.Of(text, readable, testsVisitor, page.EffectiveUrl, budget);
                navigations += found.Count;
                output.WriteLine($"{Path.GetFileName(file),-40} {text.Length,8:N0} chars {(budget.Spent - before).TotalMilliseconds,6:F0} ms"
                    + $" {(testsVisitor ? "tests the visitor" : "")} {string.Join(", ", found.Select(f => $"{f.Url} as {f.Visitor.Name}{(f.OnEvent ? " (on an event)" : "")}"))}");
            }
            if (budget.ScriptsRun > 0) pagesWithRuns++;
            runs += budget.ScriptsRun;
            spent += budget.Spent;
            if (budget.Spent > slowest) slowest = budget.Spent;
        }
        output.WriteLine($"{pages} pages, {scripts} inline scripts; {runs} run(s) on {pagesWithRuns} page(s); {spent.TotalMilliseconds:F0} ms in all, "
            + $"{spent.TotalMilliseconds / pages:F0} ms per page on average, {slowest.TotalMilliseconds:F0} ms on the slowest page; {navigations} navigation(s) recorded");
        Assert.True(pages > 0);
    }
}
