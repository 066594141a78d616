using Scanner.Core.Crawling;
using Scanner.Core.Policy;
using Scanner.Core.Reports;
using Scanner.Engine.Reports;

namespace Scanner.Engine.Sharding;

/// <summary>Reports that must not be joined (different versions or engines, a shard missing or twice, a page in two reports).</summary>
public sealed class ReportMergeException(string message) : Exception(message);

/// <summary>
/// `scanner merge`: joins reports (the shards of one scan, or scans of different sites) into one run fed to the usual
/// report sinks, so every format, the gate and the baseline apply to the merged findings exactly as to one scan's.
/// Everything is checked before a page is written: the same scanner version and engine in every report, each shard of a
/// sharded scan there exactly once, and no page in two reports (that would count its findings twice).
/// Memory: one report's pages at a time (the sinks spool findings to disk as a scan's do).
/// </summary>
public sealed class ReportMerge
{
    private readonly IReadOnlyList<ReportFile> _files;

    private ReportMerge(IReadOnlyList<ReportFile> files) => _files = files;

    /// <summary>The reports in merge order: unsharded reports and shard sets in the order first named, shards by index.</summary>
    public IReadOnlyList<ReportFile> Files => _files;

    public int PageCount => _files.Sum(f => f.PageUrls.Count);

    /// <summary>Pages the shards loaded only to follow links (their shared discovery work), when any report says.</summary>
    public int PagesLoadedForLinks => _files.Sum(f => f.Shard?.PagesLoadedForLinks ?? 0);

    public bool Interrupted => _files.Any(f => f.Interrupted);

    /// <summary>Reads and checks the reports' headers and page lists (not yet their findings).</summary>
    /// <param name="haveBaseline">The merge has a --baseline: needed when the scans had one.</param>
    /// <exception cref="ReportFileException">A report cannot be read.</exception>
    /// <exception cref="ReportMergeException">The reports must not be joined; the message says why and what to do.</exception>
    public static ReportMerge Check(IReadOnlyList<string> paths, bool haveBaseline)
    {
        if (paths.Count == 0) throw new ReportMergeException("no reports to merge: give the JSON reports of the shards (scanner merge shard-*.json ...).");
        var files = paths.Select(p => ReportFile.Read(p, withPages: false)).ToList();
        Same(files, f => f.ToolVersion, "scanner versions", "rules and fingerprints may differ between versions; scan every shard with one version");
        Same(files, f => f.Engine, "engines", "a page scanned by the browser and by the static engine can have different findings; scan every shard with one --engine");
        if (!haveBaseline && files.FirstOrDefault(f => f.HadBaseline) is { } withBaseline)
            throw new ReportMergeException($"{withBaseline.Path} was scanned with a --baseline: give merge the same --baseline FILE, "
                + "or findings the baseline accepts would fail the merged gate.");
        var ordered = Order(files);
        CheckShardSets(ordered);
        CheckOverlap(ordered);
        return new ReportMerge(ordered);
    }

    /// <summary>Feeds the merged run to <paramref name="sinks"/>: Start, every page in merge order, Complete.</summary>
    public void WriteTo(IReportSink sinks, Gate gate, Baseline? baseline, string sourceRoot)
    {
        var started = _files.Min(f => f.StartedAt);
        sinks.Start(new ScanStart(started, _files[0].Engine, gate, baseline));
        var sequence = 0;
        foreach (var file in _files)
            foreach (var page in ReportFile.Read(file.Path, withPages: true).Pages)
                sinks.OnPage(new CompletedPage(sequence++, page.Page, page.Findings));
        var finished = _files.Select(f => f.FinishedAt ?? f.StartedAt).Max();
        var end = new ScanEnd(Interrupted, [], SumLinks(), new Dictionary<string, FindingScreenshot>());
        sinks.Complete(new ScanConclusion(finished, end, [], _ => null, sourceRoot));
    }

    /// <summary>
    /// Link totals add up over the reports: a target linked from pages of two shards was checked by each, so it is
    /// counted twice (the totals are of checks made, not of distinct targets across shards).
    /// </summary>
    private LinkTotals? SumLinks()
    {
        var links = _files.Select(f => f.Links).OfType<LinkTotals>().ToList();
        return links.Count == 0 ? null : new LinkTotals(links.Sum(l => l.Checked), links.Sum(l => l.Ok), links.Sum(l => l.Broken),
            links.Sum(l => l.CouldNotVerify), links.Sum(l => l.ServingSpam));
    }

    private static void Same(List<ReportFile> files, Func<ReportFile, string> value, string what, string advice)
    {
        var groups = files.GroupBy(value).ToList();
        if (groups.Count > 1)
            throw new ReportMergeException($"the reports come from different {what} ({string.Join("; ", groups.Select(g => $"{g.Key}: {string.Join(", ", g.Select(f => f.Path))}"))}): {advice}.");
    }

    private static List<ReportFile> Order(List<ReportFile> files) =>
        files.Select((f, i) => (File: f, Group: f.Shard is { } s ? $"{s.Scan}/{s.Count}" : $"#{i}", Index: f.Shard?.Index ?? 0, Position: i))
            .GroupBy(x => x.Group)
            .OrderBy(g => g.Min(x => x.Position))
            .SelectMany(g => g.OrderBy(x => x.Index).ThenBy(x => x.Position).Select(x => x.File))
            .ToList();

    /// <summary>Every shard of a sharded scan exactly once: a missing shard's pages would be missing from the merged gate.</summary>
    private static void CheckShardSets(List<ReportFile> files)
    {
        foreach (var set in files.Where(f => f.Shard is not null).GroupBy(f => (f.Shard!.Scan, f.Shard.Count)))
        {
            var (scan, count) = set.Key;
            if (set.GroupBy(f => f.Shard!.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new ReportMergeException($"shard {twice.Key}/{count} of scan {scan} is there twice ({string.Join(", ", twice.Select(f => f.Path))}): "
                    + "reports of two runs of the same scan; give one report per shard, all from the same run.");
            var missing = Enumerable.Range(1, count).Except(set.Select(f => f.Shard!.Index)).ToList();
            if (missing.Count > 0)
                throw new ReportMergeException($"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{count}"))} of scan {scan} "
                    + $"{(missing.Count > 1 ? "are" : "is")} missing (have {string.Join(", ", set.Select(f => $"{f.Shard!.Index}/{count} in {f.Path}"))}): "
                    + "their pages would be left out of the merged report and its gate. Give every shard's report.");
        }
    }

    /// <summary>No page in two reports: a page scanned twice would count its findings twice and appear twice in every format.</summary>
    private static void CheckOverlap(List<ReportFile> files)
    {
        var owner = new Dictionary<string, ReportFile>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var url in file.PageUrls)
            {
                var key = Shard.KeyOf(url);
                if (owner.TryGetValue(key, out var other) && other != file)
                    throw new ReportMergeException($"the page {url} is in both {other.Path} and {file.Path}: "
                        + (other.Shard is not null && file.Shard is not null && other.Shard.Scan == file.Shard.Scan
                            ? "these shards do not split one scan (different --shard counts?); merge the shards of one run."
                            : "the reports' scans overlap; merge reports of different pages (the shards of one scan, or scans of different sites)."));
                owner.TryAdd(key, file);
            }
    }
}
