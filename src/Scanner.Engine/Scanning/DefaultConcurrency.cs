namespace Scanner.Engine.Scanning;

/// <summary>
/// The default --concurrency (pages loaded at once): one per core, at least 2 because a page spends much of its time
/// waiting on the network. The browser engine's pages wait longer still (scripts and stylesheets on slow or dead hosts),
/// so it runs two per core: on the 2-core test machine 4 pages in flight scanned the clean corpus 1.27× faster than 2
/// (docs/performance.md, issue 20). For the browser engine, also no more than memory holds: each page runs in its own browser
/// context, whose renderer process takes 100–200 MiB on the pages we scan (plus, per page, one spare context made ahead
/// with a blank page, a few tens of MiB: <c>WarmPages</c>), so each page is budgeted
/// <see cref="BrowserPageBudgetBytes"/> of the memory the runtime reports as available (physical memory, or the
/// container's limit). The static engine's pages cost a few MiB each: cores alone decide.
/// </summary>
public static class DefaultConcurrency
{
    public const long BrowserPageBudgetBytes = 256L * 1024 * 1024;

    public static int For(string engine) =>
        For(engine, Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <param name="availableBytes">Memory the process may use; 0 or less when unknown (then cores alone decide).</param>
    public static int For(string engine, int processors, long availableBytes)
    {
        if (engine != "browser") return Math.Max(2, processors);
        var byCores = Math.Max(2, 2 * processors);
        if (availableBytes <= 0) return byCores;
        var byMemory = (int)Math.Clamp(availableBytes / BrowserPageBudgetBytes, 1, int.MaxValue);
        return Math.Min(byCores, byMemory);
    }
}
