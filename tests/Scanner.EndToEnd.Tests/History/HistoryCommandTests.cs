using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.History;

/// <summary>`scanner history list|show|diff|prune` on a database two real scans (and a third for prune) recorded.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryCommandTests(BrowserFixture browser) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-history-cmd-").FullName;

    [Fact]
    public async Task List_show_diff_and_prune_read_what_the_scans_recorded_as_tables_and_json()
    {
        var db = Path.Combine(_folder, "scanner.db");
        await using var site = await NightSite.StartAsync(new Dictionary<string, string>
        {
            ["/"] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>永州市人民政府</title></head><body><h1>政务公开</h1><p>市政府召开常务会议。</p><a href=\"/a.html\">通知</a></body></html>",
            ["/a.html"] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知公告</title></head><body><p>关于做好安全生产工作的通知。</p></body></html>",
        });
        string[] scan = [site.Url("/"), "--engine", "static", "--max-depth", "1", "--fail-on", "none", "--history", db];
        Assert.Equal(0, (await ScannerRun.ScanAsync(browser, scan)).ExitCode);
        site["/a.html"] = site["/a.html"].Replace("<title>通知公告</title>", "<title>澳门新葡京娱乐城_百家乐</title>");
        Assert.Equal(0, (await ScannerRun.ScanAsync(browser, scan)).ExitCode);

        using (var list = Json(HistoryCommand.ListRuns))
        {
            var runs = list.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal([2L, 1L], runs.Select(r => r.GetProperty("id").GetInt64()));
            Assert.All(runs, r => Assert.Equal("complete", r.GetProperty("status").GetString()));
            Assert.True(runs[0].GetProperty("newFindings").GetInt32() >= 2);
            Assert.Equal(0, runs[1].GetProperty("newFindings").GetInt32());
        }
        var table = Text(HistoryCommand.ListRuns);
        Assert.Contains("complete", table);
        Assert.Contains("│", table);

        using (var show = Json((s, j, o) => HistoryCommand.ShowRun(s, 2, j, o)))
        {
            var findings = show.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.Contains(findings, f => f.GetProperty("ruleId").GetString() == "tamper.title-changed" && f.GetProperty("historyState").GetString() == "new");
            Assert.Equal(2, show.RootElement.GetProperty("pages").GetArrayLength());
        }
        Assert.Contains("澳门新葡京娱乐城", Text((s, j, o) => HistoryCommand.ShowRun(s, 2, j, o)));

        using (var diff = Json((s, j, o) => HistoryCommand.DiffRuns(s, 1, 2, j, o)))
        {
            Assert.Empty(diff.RootElement.GetProperty("onlyInA").EnumerateArray());
            Assert.Contains(diff.RootElement.GetProperty("onlyInB").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "tamper.title-changed");
            var changed = Assert.Single(diff.RootElement.GetProperty("changedPages").EnumerateArray());
            Assert.Equal(("通知公告", "澳门新葡京娱乐城_百家乐"), (changed.GetProperty("titleBefore").GetString(), changed.GetProperty("titleAfter").GetString()));
        }

        Assert.Equal(0, (await ScannerRun.ScanAsync(browser, scan)).ExitCode);
        using (var prune = Json((s, j, o) => HistoryCommand.PruneRuns(s, 1, j, o)))
            Assert.Equal([1L, 2L], prune.RootElement.GetProperty("deleted").EnumerateArray().Select(d => d.GetInt64()).Order());
        using (var after = Json(HistoryCommand.ListRuns))
            Assert.Equal([3L], after.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));

        var error = new StringWriter();
        Assert.Equal(2, HistoryCommand.Execute(Path.Combine(_folder, "missing.db"), "table", new StringWriter(), error, HistoryCommand.ListRuns));
        Assert.Contains("there is no history", error.ToString());
        Assert.False(File.Exists(Path.Combine(_folder, "missing.db")));

        JsonDocument Json(Func<Engine.History.HistoryStore, bool, TextWriter, int> action)
        {
            var output = new StringWriter();
            Assert.Equal(0, HistoryCommand.Execute(db, "json", output, new StringWriter(), action));
            return JsonDocument.Parse(output.ToString());
        }

        string Text(Func<Engine.History.HistoryStore, bool, TextWriter, int> action)
        {
            var output = new StringWriter();
            Assert.Equal(0, HistoryCommand.Execute(db, "table", output, new StringWriter(), action));
            return output.ToString();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
