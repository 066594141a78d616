using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Scanner.Engine.History;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.History;

/// <summary>
/// The history database under stress: a scanner process killed with SIGKILL in the middle of its writes, two scans
/// writing at once, a database of a newer schema or of another program, and a file that is not SQLite at all.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryReliabilityTests(BrowserFixture browser) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-history-").FullName;

    private string Db => Path.Combine(_folder, "scanner.db");

    private static string Page(int i) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>第{i}页_永州市人民政府</title></head><body><h1>政务公开 {i}</h1>" +
        $"<p>市政府召开常务会议，研究部署安全生产和民生实事等工作。第{i}期。</p>" +
        string.Concat(Enumerable.Range(1, 4).Select(k => $"<a href=\"/p/{i * 4 + k}.html\">下一页</a> ")) + "</body></html>";

    /// <summary>A site of pages /p/N.html linking on to more, each answered after <paramref name="delay"/>.</summary>
    private static Task<LoopbackServer> SiteAsync(TimeSpan delay) => LoopbackServer.StartAsync(app => app.MapGet("/p/{n:int}.html", async (int n) =>
    {
        await Task.Delay(delay);
        return Results.Content(Page(n), "text/html; charset=utf-8", Encoding.UTF8);
    }));

    [Fact]
    public async Task A_scan_killed_with_sigkill_while_writing_leaves_earlier_runs_intact_and_its_run_marked_incomplete()
    {
        await using var site = await SiteAsync(TimeSpan.FromMilliseconds(150));
        string[] Scan(int pages) => ["scan", site.Url("/p/1.html"), "--engine", "static", "--max-depth", "3", "--max-pages", $"{pages}", "--fail-on", "none", "--history", Db, "-q"];

        var first = await ScannerProcess.RunAsync(Scan(5));
        Assert.True(first.Exit == 0, first.Error);

        using (var running = ScannerProcess.Start(Scan(60)))
        {
            // Kill it once it has written a few pages of its own run (a write may be under way at that moment).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (PagesOfRun(2) < 5 && DateTime.UtcNow < deadline && !running.HasExited) await Task.Delay(50);
            Assert.False(running.HasExited, "the scan finished before it could be killed");
            running.Kill();
        }

        using (var check = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false"))
        {
            check.Open();
            using var integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", integrity.ExecuteScalar());
        }
        using (var store = HistoryStore.Open(Db))
        {
            var runs = store.Runs();
            Assert.Equal(["incomplete", "complete"], runs.Select(r => r.Status));
            Assert.Equal(5, store.Pages(runs[1].Id).Count);
            Assert.InRange(store.Pages(runs[0].Id).Count, 5, 59);
        }

        // The next night compares with the last complete run, not with the killed one.
        var next = await ScannerRun.ScanAsync(browser, [site.Url("/p/1.html"), "--engine", "static", "--max-depth", "3", "--max-pages", "5", "--fail-on", "none", "--history", Db]);
        Assert.Equal(0, next.ExitCode);
        Assert.Equal(1, next.Report!.RootElement.GetProperty("history").GetProperty("previousRunId").GetInt64());
    }

    [Fact]
    public async Task Two_scans_writing_to_one_database_at_once_both_complete()
    {
        await using var site = await SiteAsync(TimeSpan.FromMilliseconds(5));
        string[] Scan(string start) => [site.Url(start), "--engine", "static", "--max-depth", "2", "--max-pages", "25", "--fail-on", "none", "--history", Db];

        var runs = await Task.WhenAll(ScannerRun.ScanAsync(browser, Scan("/p/1.html")), ScannerRun.ScanAsync(browser, Scan("/p/2.html")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
        using var store = HistoryStore.Open(Db);
        var recorded = store.Runs();
        Assert.Equal(["complete", "complete"], recorded.Select(r => r.Status));
        // 1 + 4 + 16 pages two clicks deep from each start, every one recorded with its own run.
        Assert.All(recorded, r => Assert.Equal(21, store.Pages(r.Id).Count));
        Assert.All(recorded, r => Assert.Equal(21, r.Pages));
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused_with_exit_2_and_left_as_it_was()
    {
        var bytes = Encoding.UTF8.GetBytes("# my notes, not a database\n" + new string('x', 5000));
        await File.WriteAllBytesAsync(Db, bytes);
        await using var site = await SiteAsync(TimeSpan.Zero);

        var run = await ScannerRun.ScanAsync(browser, [site.Url("/p/1.html"), "--engine", "static", "--history", Db]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a SQLite database", run.Error);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Db));
        Assert.False(File.Exists(Db + "-wal"));
    }

    [Fact]
    public async Task Another_programs_database_and_a_newer_schema_are_refused_and_left_as_they_were()
    {
        using (var other = new SqliteConnection($"Data Source={Db};Pooling=false"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三');";
            create.ExecuteNonQuery();
        }
        var before = await File.ReadAllBytesAsync(Db);
        await using var site = await SiteAsync(TimeSpan.Zero);

        var foreign = await ScannerRun.ScanAsync(browser, [site.Url("/p/1.html"), "--engine", "static", "--history", Db]);
        Assert.Equal(2, foreign.ExitCode);
        Assert.Contains("another program", foreign.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(Db));

        var newer = Path.Combine(_folder, "newer.db");
        HistoryStore.Open(newer).Dispose();
        using (var bump = new SqliteConnection($"Data Source={newer};Pooling=false"))
        {
            bump.Open();
            using var command = bump.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {HistoryStore.SchemaVersion + 1}";
            command.ExecuteNonQuery();
        }
        var future = await ScannerRun.ScanAsync(browser, [site.Url("/p/1.html"), "--engine", "static", "--history", newer]);
        Assert.Equal(2, future.ExitCode);
        Assert.Contains("newer scanner", future.Error);
        Assert.Contains("Upgrade the scanner", future.Error);
    }

    private int PagesOfRun(long runId)
    {
        if (!File.Exists(Db)) return 0;
        try
        {
            using var db = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=false");
            db.Open();
            using var count = db.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM pages WHERE run_id = {runId}";
            return Convert.ToInt32(count.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
