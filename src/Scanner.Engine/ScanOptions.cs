using Scanner.Core.Analyzers;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Scanner.Engine.Crawling;

namespace Scanner.Engine;

/// <summary>What one scan does, as the engine sees it: no command line, no report formats, no exit codes.</summary>
public sealed record ScanOptions
{
    /// <summary>URLs, sitemaps, URL-list files, local .html files and folders (see <see cref="Targets.TargetResolver"/>).</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    public required RuleSet Rules { get; init; }
    /// <summary>Severity overrides and disabled rules, applied to every finding of every rule family.</summary>
    public RulePolicy Policy { get; init; } = RulePolicy.None;
    /// <summary>The analyzers every page goes through (the shipped ones; a test may add its own).</summary>
    public IReadOnlyList<IPageAnalyzer> Analyzers { get; init; } = PageAnalysis.DefaultAnalyzers;
    /// <summary>Fetch profiles, visitor first (see <see cref="FetchProfiles"/>).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [FetchProfiles.VisitorName];
    /// <summary>Pages loaded at once (see <see cref="Scanning.DefaultConcurrency"/>).</summary>
    public int Concurrency { get; init; } = 2;
    /// <summary>How long a server may take to deliver a document (page loads, static spider fetches, link checks, sitemaps).</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Depth, limits, scope, robots.txt, politeness, retries, link checking.</summary>
    public CrawlOptions Crawl { get; init; } = new();
    /// <summary>
    /// Links, redirects, sitemaps and link checks may reach loopback, private, link-local and metadata addresses too.
    /// Without it only the hosts the targets name (and a local scan's own server) may be private.
    /// </summary>
    public bool AllowPrivate { get; init; }
    /// <summary>
    /// --shard I/N: scan only the pages whose normalised URL hashes to this shard. In a crawl the other pages are
    /// still loaded (not analysed, not reported) to follow their links, so every shard finds the same pages.
    /// </summary>
    public Shard? Shard { get; init; }
    /// <summary>Photograph the elements of findings (when the loader can).</summary>
    public bool Screenshots { get; init; }
    /// <summary>Static pages get their external scripts' code (and the static loader its linked stylesheets); off: the served HTML only.</summary>
    public bool FetchSubresources { get; init; } = true;
    /// <summary>
    /// What the scan history knows of these targets (--history): the run then adds tamper signals and gives every
    /// finding its <see cref="Core.Model.HistoryState"/>; null without a history.
    /// </summary>
    public History.HistoryBaseline? History { get; init; }
}
