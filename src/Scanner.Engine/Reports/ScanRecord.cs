using Scanner.Core.Model;
using Scanner.Core.Reports;
using Serilog;

namespace Scanner.Engine.Reports;

/// <summary>
/// The whole run, kept for the reports that need it: pages in discovery order (a page waits only for the pages found
/// before it), findings spooled to a temporary file in the same order (memory does not grow with the site), and the
/// counts kept as they arrive (<see cref="FindingTally"/>). <see cref="Close"/> ends it: pages still waiting for an
/// earlier page that never finished (an interrupted scan) are added in their order.
/// </summary>
public sealed class ScanRecord(ScanStart start, ILogger log) : IDisposable
{
    private readonly Dictionary<int, CompletedPage> _waiting = [];
    private readonly List<PageResult> _pages = [];
    private readonly FindingSpool _spool = new();
    private readonly FindingTally _tally = new(start.Gate, start.Baseline?.Compare([]));
    private int _next;

    public void Add(CompletedPage page)
    {
        _waiting[page.Sequence] = page;
        while (_waiting.Remove(_next, out var ready))
        {
            Record(ready);
            _next++;
        }
    }

    public void Close()
    {
        foreach (var sequence in _waiting.Keys.Order().ToList()) Record(_waiting[sequence]);
        _waiting.Clear();
    }

    /// <summary>The report of the run, once <see cref="Close"/>d. Its findings are read back from the spool: read them before disposing.</summary>
    public ScanReport Report(ScanConclusion end) => new()
    {
        StartedAt = start.StartedAt,
        FinishedAt = end.FinishedAt,
        Engine = start.Engine,
        Gate = start.Gate,
        Pages = _pages,
        Findings = _spool,
        Tally = _tally,
        Rules = end.Rules,
        Baseline = start.Baseline?.Compare(_spool),
        Screenshots = end.End.Screenshots,
        Links = end.End.Links,
        LocalFiles = LocalFiles(end.LocalFileOf, end.SourceRoot),
        SourceRoot = end.SourceRoot,
        Interrupted = end.End.Interrupted,
        Shard = start.Shard is { } shard ? shard with { PagesLoadedForLinks = end.End.PagesLoadedForLinks } : null,
        History = end.End.History,
    };

    /// <summary>A page and its findings into the record; findings that cannot be written are the page's error.</summary>
    private void Record(CompletedPage completed)
    {
        var page = completed.Page;
        try
        {
            _spool.Add(completed.Findings);
            _tally.Add(completed.Findings);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Debug(e, "Scanning {Url}: recording the page's findings failed", page.Url);
            log.Warning("Scanning {Url}: recording the page's findings failed ({Error}); the page is reported with this error", page.Url, e.Message);
            var problem = $"recording the page's findings failed: {e.GetType().Name}: {e.Message}";
            page = page with { FindingCount = 0, Error = page.Error is null ? problem : $"{page.Error}; {problem}" };
        }
        _pages.Add(page);
    }

    /// <summary>
    /// Local pages (and findings) by URL → their file relative to <paramref name="root"/>, also when the folder is outside
    /// it (../site/index.html): the loopback URL is dead after the run, the file is not.
    /// </summary>
    private Dictionary<string, string> LocalFiles(Func<string, string?> localFileOf, string root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = _pages.SelectMany(p => new[] { p.Url, p.FinalUrl }).Concat(_spool.Select(f => f.Url));
        foreach (var url in urls.OfType<string>().Distinct())
            if (RelativeFile(localFileOf, root, url) is { } relative) files[url] = relative;
        return files;
    }

    /// <summary>The local file <paramref name="url"/> was served from, relative to <paramref name="root"/> with '/' separators; null for a page of the web.</summary>
    public static string? RelativeFile(Func<string, string?> localFileOf, string root, string url)
    {
        if (localFileOf(url) is not { } file) return null;
        var relative = Path.GetRelativePath(root, file);
        return Path.IsPathRooted(relative) ? null : relative.Replace(Path.DirectorySeparatorChar, '/'); // another drive: no relative path
    }

    public void Dispose() => _spool.Dispose();
}
