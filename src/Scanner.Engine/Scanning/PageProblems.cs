using Serilog;

namespace Scanner.Engine.Scanning;

/// <summary>
/// What went wrong while scanning one page, gathered so that it becomes the page's error in the report instead of
/// ending the scan. Each problem is logged with its stack trace (the log file, or standard error with -v); the
/// report gets one line per problem.
/// </summary>
public sealed class PageProblems(string url, ILogger log)
{
    private readonly List<string> _problems = [];
    private readonly Lock _lock = new();

    public void Add(string stage, Exception e)
    {
        log.Debug(e, "Scanning {Url}: {Stage} failed", url, stage);
        log.Warning("Scanning {Url}: {Stage} failed ({Error}); the page is reported with this error", url, stage, e.Message);
        lock (_lock) _problems.Add($"{stage} failed: {e.GetType().Name}: {e.Message}");
    }

    public void Try(string stage, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Add(stage, e);
        }
    }

    public async Task TryAsync(string stage, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Add(stage, e);
        }
    }

    /// <summary>The page's error: the load's own (if any) and then every problem, or null when nothing went wrong.</summary>
    public string? Describe(string? loadError)
    {
        lock (_lock)
        {
            if (_problems.Count == 0) return loadError;
            return string.Join("; ", loadError is null ? _problems : [loadError, .. _problems]);
        }
    }
}
