using System.Security.Cryptography;
using System.Text;
using Scanner.Core.Crawling;
using Scanner.Core.Reports;

namespace Scanner.Engine.Sharding;

/// <summary>
/// What every shard of one scan command has in common, for its report (<see cref="ShardInfo"/>): `scanner merge`
/// joins only shards whose scans match, so that yesterday's shard 2 of another site is not taken for today's.
/// </summary>
public static class ShardedScan
{
    /// <summary>
    /// A digest of the targets as given and of what decides which pages exist and are scanned: the engine, depth,
    /// page limit, scope, patterns, robots.txt and profiles. Options that change only how fast or how politely (per-host
    /// concurrency, delay, retries) are left out: shards on different machines may tune them.
    /// </summary>
    public static string KeyOf(ScanOptions options, string engine)
    {
        var crawl = options.Crawl;
        string[] parts =
        [
            "targets", .. options.Targets,
            "engine", engine,
            "depth", crawl.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "max-pages", crawl.MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "scope", crawl.Scope.ToString(),
            "include", .. crawl.Include.Select(p => p.Text),
            "exclude", .. crawl.Exclude.Select(p => p.Text),
            "robots", crawl.RespectRobots ? "obeyed" : "ignored",
            "profiles", .. options.Profiles,
            "check-links", crawl.CheckLinks ? "yes" : "no",
        ];
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>The report's shard facts for a run of <paramref name="options"/>, or null when the run is not a shard.</summary>
    public static ShardInfo? InfoOf(ScanOptions options, string engine) =>
        options.Shard is { } shard ? new ShardInfo(shard.Index, shard.Count, KeyOf(options, engine)) : null;
}
