using Scanner.Core.Analyzers.Emulation;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>
/// Runs remembered per script text (issue 20, fifth pass): a run that ended on its own is given again to the next page
/// of the same origin and visitor, and charged as a fresh run; anything else runs again. Each test's scripts carry a
/// fresh id, so the process-wide memory holds nothing of them before. <c>Math.random()</c> written by the script tells a
/// remembered run (the same number) from a fresh one (another number).
/// </summary>
public sealed class RememberedRunsTests
{
    private static string Script(string body) => $"/* {Guid.NewGuid()} */ {body}";

    private static EmulationTrace Run(string script, string pageUrl, EmulationBudget? budget = null, TimeSpan? perScript = null,
        VisitorProfile? visitor = null) =>
        ScriptEmulator.Run(script, pageUrl, budget ?? new EmulationBudget(TimeSpan.FromSeconds(120)), perScript ?? TimeSpan.FromSeconds(60), visitor);

    private static string Written(EmulationTrace trace) =>
        Assert.Single(trace.Of("markup")).Text;

    [Fact]
    public void A_finished_run_is_given_again_to_another_page_of_the_same_origin_and_charged_as_a_fresh_run()
    {
        var script = Script("document.write('<b>' + Math.random() + '</b>');");
        var first = Run(script, "https://www.example.gov.cn/news/1.html");
        var budget = new EmulationBudget(TimeSpan.FromSeconds(120));
        var second = Run(script, "https://www.example.gov.cn/other/2.html?x=1", budget);

        Assert.Null(first.Stop);
        Assert.Equal(Written(first), Written(second));
        Assert.Equal(1, budget.ScriptsRun);
        Assert.Equal(first.Elapsed, budget.Spent);
    }

    [Fact]
    public void Another_origin_or_another_visitor_runs_the_script_again()
    {
        var script = Script("document.write('<b>' + location.hostname + ' ' + Math.random() + '</b>');");
        var first = Run(script, "https://www.example.gov.cn/news/1.html");
        var otherSite = Run(script, "https://www.example.edu.cn/news/1.html");
        var otherVisitor = Run(script, "https://www.example.gov.cn/news/1.html", visitor: VisitorProfile.ChinesePhoneFromSearch);

        Assert.StartsWith("<b>www.example.edu.cn ", Written(otherSite), StringComparison.Ordinal);
        Assert.NotEqual(Written(first), Written(otherVisitor));
    }

    [Fact]
    public void A_visitor_at_another_hour_runs_again()
    {
        // The same visitor but for its clock (VisitorClock): what the prelude reads of it is the same.
        var script = Script("document.write('<b>' + new Date().getHours() + '</b>');");
        var late = Run(script, "https://www.example.gov.cn/news/1.html", visitor: VisitorProfile.ChinesePhoneFromSearch);
        var morning = Run(script, "https://www.example.gov.cn/news/1.html",
            visitor: VisitorProfile.ChinesePhoneFromSearch with { LocalTime = new TimeOnly(9, 0) });

        Assert.Equal("<b>23</b>", Written(late));
        Assert.Equal("<b>9</b>", Written(morning));
    }

    [Fact]
    public void A_run_cut_by_a_limit_is_not_remembered()
    {
        // Cut by the statement limit, twice: each page gets its own run.
        var script = Script("document.write('<b>' + Math.random() + '</b>'); for (;;) {}");
        var first = Run(script, "https://www.example.gov.cn/news/1.html");
        var second = Run(script, "https://www.example.gov.cn/news/1.html");

        Assert.True(first.Stop is not null && !first.Stop.StartsWith("the script threw", StringComparison.Ordinal), $"stopped by: {first.Stop}");
        Assert.NotEqual(Written(first), Written(second));
    }

    [Fact]
    public void A_remembered_run_longer_than_what_the_page_has_left_is_not_given()
    {
        // Busy for a measurable while with few statements and no garbage (a native search of a long array per turn; not a
        // regular expression, which on a loaded machine can outlast the emulator's 200 ms regex limit), then done:
        // remembered with its time. A page whose allowance is shorter than that time runs the script itself, as without
        // the memory.
        var script = Script("var a = new Array(100000).fill(1), t = Date.now(); while (Date.now() - t < 300) { a.indexOf(2); } document.write('<b>' + Math.random() + '</b>');");
        var first = Run(script, "https://www.example.gov.cn/news/1.html");
        var shortOfTime = Run(script, "https://www.example.gov.cn/news/2.html", perScript: TimeSpan.FromMilliseconds(50));

        Assert.True(first.Stop is null && first.Elapsed > TimeSpan.FromMilliseconds(50), $"the first run: {first.Stop}, {first.Elapsed}");
        Assert.DoesNotContain(Written(first), shortOfTime.Of("markup").Select(e => e.Text));
    }

    [Theory]
    [InlineData("https://www.example.gov.cn/a/b.html?q=1#top", "https://www.example.gov.cn/checkout/onepage/")]
    [InlineData("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/checkout/onepage/")]
    [InlineData("file:///tmp/page.html", "file:///tmp/page.html")]
    [InlineData("https://a.example/\nb", "https://a.example/\nb")]
    public void The_page_as_a_run_sees_it_is_its_origin(string pageUrl, string seen) =>
        Assert.Equal(seen, RememberedRuns.PageAsSeen(pageUrl));
}
