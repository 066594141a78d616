using System.Text.Json;
using Scanner.Cli.Scanning;
using Scanner.Core.Loading;
using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// `scanner eval` with the static engine on the red-team sets (tests/corpus/redteam): hacked pages and hard negatives
/// written by people who never saw the scanner's code, rules or tests (docs/detectors.md, "Blind red-team sets"). Each
/// set was measured once blind and then used to find what generalised badly; the floors below are those later figures
/// with a margin of one page, so a detector change that loses a page or adds a false alarm more than that fails here.
/// </summary>
public sealed class RedTeamEvalTests(ITestOutputHelper output)
{
    [Theory]
    // set, least spam caught, most clean pages flagged (measured 2026-12-04, twelfth session: set-1 69 of 70 and 0 of
    // 33; set-2 53 of 53 and 0 of 49)
    [InlineData("set-1", 68, 1)]
    [InlineData("set-2", 52, 1)]
    // set-3 was scanned blind once (39 of 39, 8 of 54 flagged), then looked at: 39 of 39 and 0 of 54
    [InlineData("set-3", 38, 1)]
    // set-4 was scanned blind once (60 of 61, 10 of 64 flagged), then looked at: 61 of 61 and 0 of 64 (the same on the browser engine)
    [InlineData("set-4", 60, 1)]
    // set-5 was scanned blind once (56 of 62, 11 of 70 flagged), then looked at: 62 of 62 and 3 of 70 (docs/detectors.md, "Set 5, false alarms")
    [InlineData("set-5", 61, 4)]
    // set-6 was scanned blind once (58 of 59, 4 of 63 flagged, both engines), then looked at: 58 of 59 and 0 of 63
    [InlineData("set-6", 57, 1)]
    // set-7 was scanned blind once, at the twelfth session's end (51 of 51, 3 of 55 flagged, both engines), and not looked
    // at since: the next change's first honest measure is on it
    [InlineData("set-7", 50, 4)]
    public async Task The_static_engine_meets_the_floors_of_each_red_team_set(string set, int leastCaught, int mostFlagged)
    {
        var folder = RepoPath("tests", "corpus", "redteam", set);
        var settings = Scanner.Cli.Commands.EvalCommand.Settings(new System.CommandLine.RootCommand { Scanner.Cli.Commands.EvalCommand.Create() }
            .Parse(["eval", folder, "--labels", Path.Combine(folder, "labels.tsv"), "--engine", "static", "--format", "json", "--concurrency", "4", "--timeout", "20"]));
        var text = new StringWriter();
        var error = new StringWriter();
        var exit = await new EvalApplication(text, error, Serilog.Core.Logger.None).RunAsync(settings,
            (s, guard) => Task.FromResult<IPageLoader>(new StaticPageLoader(s.PageTimeout, guard)), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        var json = JsonDocument.Parse(text.ToString()).RootElement;
        foreach (var p in json.GetProperty("pages").EnumerateArray().Where(p => p.GetProperty("outcome").GetString() is "missed" or "false-alarm"))
            output.WriteLine($"{p.GetProperty("outcome").GetString(),-12} {p.GetProperty("file").GetString()}  {p.GetProperty("topSeverity")} {string.Join(",", p.GetProperty("topRules").EnumerateArray().Select(r => r.GetString()))}");
        var total = json.GetProperty("total");
        var caught = total.GetProperty("caught").GetInt32();
        var flagged = total.GetProperty("falseAlarms").GetInt32();
        Assert.True(caught >= leastCaught, $"{set}: {caught} of {total.GetProperty("spamPages")} spam pages caught, fewer than {leastCaught}");
        Assert.True(flagged <= mostFlagged, $"{set}: {flagged} of {total.GetProperty("cleanPages")} clean pages flagged, more than {mostFlagged}");
    }

    private static string RepoPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
