namespace Scanner.Core.Reports;

/// <summary>
/// A report made by one shard of a scan (`--shard I/N`): which shard, and of which scan. <paramref name="Scan"/> is a
/// digest of the targets and of the options that decide which pages exist (depth, scope, patterns, limits, engine),
/// the same in every shard of one command: `scanner merge` refuses to join shards of different scans.
/// <paramref name="PagesLoadedForLinks"/>: pages of other shards this shard loaded only to follow their links (a
/// crawl's shared discovery work); null until the run ends.
/// </summary>
public sealed record ShardInfo(int Index, int Count, string Scan, int? PagesLoadedForLinks = null);
