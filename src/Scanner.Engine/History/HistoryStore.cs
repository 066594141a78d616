using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Scanner.Core.Analyzers;
using Scanner.Core.History;
using Scanner.Core.Model;

namespace Scanner.Engine.History;

/// <summary>
/// The scan history: one SQLite database (Microsoft.Data.Sqlite, WAL mode) holding runs, their pages and their
/// findings. Each page is written in a transaction of its own, so a run killed mid-way (kill -9, power) leaves the
/// pages written so far and every earlier run intact; the run stays "running" and the next open marks it incomplete
/// once its process is gone. Several scans may write to one database at once: SQLite serialises the short write
/// transactions (a writer waits up to <see cref="BusyTimeout"/> for another).
/// One store is used from one thread at a time.
/// </summary>
public sealed class HistoryStore : IDisposable
{
    /// <summary>The schema this build writes (PRAGMA user_version); <see cref="Migrations"/> bring older ones here.</summary>
    public const int SchemaVersion = 1;
    /// <summary>PRAGMA application_id of a scanner history ('SCNH'): tells our database from another program's.</summary>
    public const int ApplicationId = 0x53434E48;
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _db;

    public string Path { get; }

    private HistoryStore(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    /// <summary>Opens (or creates) the history at <paramref name="path"/>, migrating an older schema.</summary>
    /// <exception cref="HistoryException">Not a SQLite database, another program's database, a newer schema, or not writable. The file is left as it was.</exception>
    public static HistoryStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new HistoryException($"{path} is a folder; --history wants a database file (it is created when missing).");
        var folder = System.IO.Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) throw new HistoryException($"cannot create the history {path}: the folder {folder} does not exist.");
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            db.Open();
            var store = new HistoryStore(path, db);
            store.Prepare();
            return store;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new HistoryException(e.SqliteErrorCode switch
            {
                26 => $"{path} is not a scanner history: the file is not a SQLite database. It was left as it is; give --history a new file name.",
                11 => $"{path} is damaged (SQLite: {e.Message}). Move it aside and start a new history.",
                5 or 6 => $"{path} is locked by another program for longer than {BusyTimeout.TotalSeconds:0} s; try again when it is done.",
                8 or 14 => $"cannot write the history {path}: {e.Message}. Check the file's and its folder's permissions.",
                _ => $"cannot use the history {path}: {e.Message}",
            });
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Checks the file is ours (before writing anything), migrates it, and marks runs whose process is gone as incomplete.</summary>
    private void Prepare()
    {
        // The first statements only read: a file that is not SQLite fails here (SQLITE_NOTADB) and is not touched.
        var version = Scalar<long>("PRAGMA user_version");
        var application = Scalar<long>("PRAGMA application_id");
        var tables = Scalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        if (tables > 0 && application != ApplicationId)
            throw new HistoryException($"{Path} is a SQLite database of another program (it has {tables} table(s) but is no scanner history). It was left as it is; give --history a new file name.");
        if (version > SchemaVersion)
            throw new HistoryException($"{Path} was written by a newer scanner (history schema {version}; this one reads up to {SchemaVersion}). Upgrade the scanner, or give --history a new file.");
        Execute("PRAGMA journal_mode = WAL");
        Execute("PRAGMA synchronous = NORMAL"); // WAL + NORMAL: a commit survives a killed process; only a power cut may lose the last ones
        if (version < SchemaVersion)
        {
            using var tx = _db.BeginTransaction();
            for (var v = (int)version; v < SchemaVersion; v++)
                foreach (var statement in Migrations[v]) Execute(statement, tx);
            Execute($"PRAGMA application_id = {ApplicationId}", tx);
            Execute($"PRAGMA user_version = {SchemaVersion}", tx);
            tx.Commit();
        }
        MarkAbandonedRuns();
    }

    /// <summary>Migrations[v]: the statements that take schema v to v+1. Migrations[0] creates the database.</summary>
    private static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                targets_key TEXT NOT NULL,   -- the targets, sorted, one a line: runs of the same targets are compared
                targets TEXT NOT NULL,       -- JSON array, as given
                options TEXT NOT NULL,       -- JSON object: engine, gate, crawl limits...
                started_at TEXT NOT NULL,
                finished_at TEXT,
                exit_code INTEGER,
                status TEXT NOT NULL,        -- running, complete, interrupted, incomplete (its process died)
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                heartbeat TEXT NOT NULL,     -- the time of its last write: a run of another host silent for an hour is dead
                pages INTEGER NOT NULL DEFAULT 0,
                findings INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX runs_targets ON runs (targets_key, status, id)",
            """
            CREATE TABLE pages (
                run_id INTEGER NOT NULL,
                page_key TEXT NOT NULL,      -- the URL without fragment (and without a loopback port)
                url TEXT NOT NULL,
                final_url TEXT,
                status INTEGER,
                error TEXT,
                title TEXT,
                text_hash TEXT,
                facts TEXT,                  -- JSON PageFacts: scripts, iframes, link domains, text sketch...
                finding_count INTEGER NOT NULL,
                clean INTEGER NOT NULL,      -- loaded and no findings but tamper ones: tonight's page is the reference for later nights
                PRIMARY KEY (run_id, page_key))
            """,
            "CREATE INDEX pages_clean ON pages (page_key, clean, run_id)",
            """
            CREATE TABLE findings (
                run_id INTEGER NOT NULL,
                fingerprint TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                severity TEXT NOT NULL,
                url TEXT NOT NULL,
                title TEXT NOT NULL,
                evidence TEXT NOT NULL,      -- the first 500 characters
                state TEXT NOT NULL)         -- new, unchanged, reappeared
            """,
            "CREATE INDEX findings_run ON findings (run_id, fingerprint)",
            "CREATE INDEX findings_fingerprint ON findings (fingerprint, run_id)",
        ],
    ];

    /// <summary>A run of another machine that wrote nothing for this long is dead (a page takes at most a few minutes).</summary>
    public static readonly TimeSpan SilentRunIsDead = TimeSpan.FromHours(1);

    /// <summary>
    /// A "running" run was killed when it is of this machine and its process is gone (or is another process now), or of
    /// another machine (a Kubernetes pod) and silent for <see cref="SilentRunIsDead"/>: it is marked incomplete.
    /// </summary>
    private void MarkAbandonedRuns()
    {
        var abandoned = new List<long>();
        using (var select = Command("SELECT id, pid, started_at, host, heartbeat FROM runs WHERE status = 'running'"))
        {
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var dead = reader.GetString(3) == Environment.MachineName
                    ? !IsAlive(reader.GetInt32(1), DateTimeOffset.Parse(reader.GetString(2)))
                    : DateTimeOffset.Now - DateTimeOffset.Parse(reader.GetString(4)) > SilentRunIsDead;
                if (dead) abandoned.Add(reader.GetInt64(0));
            }
        }
        foreach (var id in abandoned)
        {
            using var update = Command("UPDATE runs SET status = 'incomplete' WHERE id = $id AND status = 'running'");
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
        }
    }

    private static bool IsAlive(int pid, DateTimeOffset runStarted)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime <= runStarted.LocalDateTime.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The targets as one key: runs with the same key are compared with each other.</summary>
    public static string TargetsKey(IEnumerable<string> targets) => string.Join('\n', targets.Order(StringComparer.Ordinal));

    /// <summary>Records the start of a run and reads what the history knows of its targets.</summary>
    public HistoryBaseline BeginRun(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string> options, DateTimeOffset startedAt)
    {
        var key = TargetsKey(targets);
        long runId;
        using (var insert = Command("""
            INSERT INTO runs (targets_key, targets, options, started_at, status, host, pid, heartbeat)
            VALUES ($key, $targets, $options, $started, 'running', $host, $pid, $started) RETURNING id
            """))
        {
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$targets", JsonSerializer.Serialize(targets, Json));
            insert.Parameters.AddWithValue("$options", JsonSerializer.Serialize(options, Json));
            insert.Parameters.AddWithValue("$started", startedAt.ToString("O"));
            insert.Parameters.AddWithValue("$host", Environment.MachineName);
            insert.Parameters.AddWithValue("$pid", Environment.ProcessId);
            runId = (long)insert.ExecuteScalar()!;
        }
        return Baseline(runId, key);
    }

    private HistoryBaseline Baseline(long runId, string key)
    {
        long? previous;
        using (var select = Command("SELECT max(id) FROM runs WHERE targets_key = $key AND status = 'complete' AND id < $run"))
        {
            select.Parameters.AddWithValue("$key", key);
            select.Parameters.AddWithValue("$run", runId);
            previous = select.ExecuteScalar() is long id ? id : null;
        }
        if (previous is null) return HistoryBaseline.FirstRun(runId);

        var findings = FindingsOf(previous.Value).GroupBy(f => f.Fingerprint).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        using (var select = Command("""
            SELECT DISTINCT f.fingerprint FROM findings f JOIN runs r ON r.id = f.run_id
            WHERE r.targets_key = $key AND r.status = 'complete' AND r.id < $previous
            """))
        {
            select.Parameters.AddWithValue("$key", key);
            select.Parameters.AddWithValue("$previous", previous.Value);
            using var reader = select.ExecuteReader();
            while (reader.Read()) earlier.Add(reader.GetString(0));
        }
        var clean = new Dictionary<string, PageFacts>(StringComparer.Ordinal);
        // Each page as it was on the last complete run of these targets in which it was clean.
        using (var select = Command("""
            SELECT p.page_key, p.facts FROM pages p
            JOIN (SELECT p2.page_key AS k, max(p2.run_id) AS run FROM pages p2 JOIN runs r ON r.id = p2.run_id
                  WHERE r.targets_key = $key AND r.status = 'complete' AND p2.clean = 1 GROUP BY p2.page_key) last
              ON last.k = p.page_key AND last.run = p.run_id
            WHERE p.facts IS NOT NULL
            """))
        {
            select.Parameters.AddWithValue("$key", key);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                if (JsonSerializer.Deserialize<PageFacts>(reader.GetString(1), Json) is { } facts) clean[reader.GetString(0)] = facts;
        }
        return new HistoryBaseline(runId, previous, findings, earlier, clean);
    }

    /// <summary>One page and its findings, in a transaction of its own (a killed run keeps what it wrote).</summary>
    public void RecordPage(long runId, PageResult page, PageFacts? facts, IReadOnlyList<Finding> findings)
    {
        using var tx = _db.BeginTransaction();
        using (var insert = Command("""
            INSERT OR REPLACE INTO pages (run_id, page_key, url, final_url, status, error, title, text_hash, facts, finding_count, clean)
            VALUES ($run, $key, $url, $final, $status, $error, $title, $hash, $facts, $count, $clean)
            """, tx))
        {
            insert.Parameters.AddWithValue("$run", runId);
            insert.Parameters.AddWithValue("$key", Fingerprint.PageKey(page.Url));
            insert.Parameters.AddWithValue("$url", page.Url);
            insert.Parameters.AddWithValue("$final", (object?)page.FinalUrl ?? DBNull.Value);
            insert.Parameters.AddWithValue("$status", (object?)page.Status ?? DBNull.Value);
            insert.Parameters.AddWithValue("$error", (object?)page.Error ?? DBNull.Value);
            insert.Parameters.AddWithValue("$title", (object?)facts?.Title ?? DBNull.Value);
            insert.Parameters.AddWithValue("$hash", (object?)facts?.TextHash ?? DBNull.Value);
            insert.Parameters.AddWithValue("$facts", facts is null ? DBNull.Value : JsonSerializer.Serialize(facts, Json));
            insert.Parameters.AddWithValue("$count", findings.Count);
            insert.Parameters.AddWithValue("$clean", page.Error is null && facts is not null && findings.All(f => TamperRules.IsTamperRule(f.RuleId)) ? 1 : 0);
            insert.ExecuteNonQuery();
        }
        if (findings.Count > 0)
        {
            using var insert = Command("""
                INSERT INTO findings (run_id, fingerprint, rule_id, severity, url, title, evidence, state)
                VALUES ($run, $fingerprint, $rule, $severity, $url, $title, $evidence, $state)
                """, tx);
            var fingerprint = insert.Parameters.Add("$fingerprint", SqliteType.Text);
            var rule = insert.Parameters.Add("$rule", SqliteType.Text);
            var severity = insert.Parameters.Add("$severity", SqliteType.Text);
            var url = insert.Parameters.Add("$url", SqliteType.Text);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var evidence = insert.Parameters.Add("$evidence", SqliteType.Text);
            var state = insert.Parameters.Add("$state", SqliteType.Text);
            insert.Parameters.AddWithValue("$run", runId);
            foreach (var f in findings)
            {
                fingerprint.Value = f.Fingerprint;
                rule.Value = f.RuleId;
                severity.Value = f.Severity.ToWord();
                url.Value = f.Url;
                title.Value = f.Title;
                evidence.Value = f.Evidence.Length > 500 ? f.Evidence[..500] + "…" : f.Evidence;
                state.Value = (f.HistoryState ?? HistoryState.New).ToWord();
                insert.ExecuteNonQuery();
            }
        }
        using (var count = Command("UPDATE runs SET pages = pages + 1, findings = findings + $n, heartbeat = $now WHERE id = $run", tx))
        {
            count.Parameters.AddWithValue("$now", DateTimeOffset.Now.ToString("O"));
            count.Parameters.AddWithValue("$n", findings.Count);
            count.Parameters.AddWithValue("$run", runId);
            count.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The run's end: complete (it can be compared with), or interrupted (it cannot: its pages are a part of the site).</summary>
    public void FinishRun(long runId, DateTimeOffset finishedAt, int exitCode, bool interrupted)
    {
        using var update = Command("UPDATE runs SET finished_at = $finished, exit_code = $code, status = $status WHERE id = $run");
        update.Parameters.AddWithValue("$finished", finishedAt.ToString("O"));
        update.Parameters.AddWithValue("$code", exitCode);
        update.Parameters.AddWithValue("$status", interrupted ? "interrupted" : "complete");
        update.Parameters.AddWithValue("$run", runId);
        update.ExecuteNonQuery();
    }

    // ---- reading, for `scanner history` -------------------------------------------------------------------------------

    public IReadOnlyList<RunSummary> Runs()
    {
        using var select = Command($"SELECT {RunColumns} FROM runs ORDER BY id DESC");
        return ReadRuns(select);
    }

    public RunSummary? Run(long id)
    {
        using var select = Command($"SELECT {RunColumns} FROM runs WHERE id = $id");
        select.Parameters.AddWithValue("$id", id);
        return ReadRuns(select).FirstOrDefault();
    }

    public IReadOnlyList<StoredFinding> Findings(long runId)
    {
        using var select = Command("SELECT fingerprint, rule_id, severity, url, title, evidence, state FROM findings WHERE run_id = $run ORDER BY rowid");
        select.Parameters.AddWithValue("$run", runId);
        using var reader = select.ExecuteReader();
        var findings = new List<StoredFinding>();
        while (reader.Read())
            findings.Add(new StoredFinding(reader.GetString(0), reader.GetString(1), SeverityNames.TryParse(reader.GetString(2), out var s) ? s : Severity.Info,
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        return findings;
    }

    public IReadOnlyList<StoredPage> Pages(long runId)
    {
        using var select = Command("SELECT url, final_url, status, error, title, finding_count, clean, text_hash FROM pages WHERE run_id = $run ORDER BY url");
        select.Parameters.AddWithValue("$run", runId);
        using var reader = select.ExecuteReader();
        var pages = new List<StoredPage>();
        while (reader.Read())
            pages.Add(new StoredPage(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6) == 1,
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        return pages;
    }

    /// <summary>Deletes all but the <paramref name="keep"/> latest runs of each set of targets; returns the ids deleted.</summary>
    public IReadOnlyList<long> Prune(int keep)
    {
        var doomed = new List<long>();
        using (var select = Command("""
            SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY targets_key ORDER BY id DESC) AS n FROM runs WHERE status <> 'running') WHERE n > $keep
            """))
        {
            select.Parameters.AddWithValue("$keep", keep);
            using var reader = select.ExecuteReader();
            while (reader.Read()) doomed.Add(reader.GetInt64(0));
        }
        using var tx = _db.BeginTransaction();
        foreach (var table in new[] { "findings", "pages" })
            foreach (var id in doomed)
            {
                using var delete = Command($"DELETE FROM {table} WHERE run_id = $id", tx);
                delete.Parameters.AddWithValue("$id", id);
                delete.ExecuteNonQuery();
            }
        foreach (var id in doomed)
        {
            using var delete = Command("DELETE FROM runs WHERE id = $id", tx);
            delete.Parameters.AddWithValue("$id", id);
            delete.ExecuteNonQuery();
        }
        tx.Commit();
        if (doomed.Count > 0) Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return doomed;
    }

    private const string RunColumns = "id, targets, options, started_at, finished_at, exit_code, status, pages, findings, " +
        "(SELECT count(*) FROM findings f WHERE f.run_id = runs.id AND f.state IN ('new', 'reappeared'))";

    private static List<RunSummary> ReadRuns(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var runs = new List<RunSummary>();
        while (reader.Read())
            runs.Add(new RunSummary(reader.GetInt64(0), JsonSerializer.Deserialize<List<string>>(reader.GetString(1), Json) ?? [],
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2), Json) ?? [],
                DateTimeOffset.Parse(reader.GetString(3)), reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9)));
        return runs;
    }

    private List<ResolvedFinding> FindingsOf(long runId) =>
        Findings(runId).Select(f => new ResolvedFinding(f.Fingerprint, f.RuleId, f.Severity, f.Url, f.Title, f.Evidence, runId)).ToList();

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var command = Command(sql, tx);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var command = Command(sql);
        return (T)command.ExecuteScalar()!;
    }

    public void Dispose() => _db.Dispose();
}

/// <summary>A history that cannot be used: the scan exits 2 with this message, and the file is left as it was.</summary>
public sealed class HistoryException(string message) : Exception(message);

/// <summary>A run as `scanner history list` shows it.</summary>
/// <param name="NewFindings">Its findings that were new or reappeared against its previous run.</param>
public sealed record RunSummary(long Id, IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Options, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, int? ExitCode, string Status, int Pages, int Findings, int NewFindings);

public sealed record StoredFinding(string Fingerprint, string RuleId, Severity Severity, string Url, string Title, string Evidence, string State);

public sealed record StoredPage(string Url, string? FinalUrl, int? Status, string? Error, string? Title, int FindingCount, bool Clean, string? TextHash);
