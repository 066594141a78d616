using Scanner.Engine.Targets;
using Scanner.Core.Crawling;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// When crawling, the sitemaps that the start hosts' robots.txt lists (<c>Sitemap:</c> lines) are seeds too, read as if
/// they had been named as targets: sites list there pages that no link may reach. Only sitemaps in scope are read (a
/// robots.txt cannot send the crawl to another site), and their pages still pass the frontier's scope, patterns and
/// robots.txt rules. An unreadable one is a warning, not a failed scan: the user did not name it.
/// </summary>
public sealed class RobotsSitemapSeeds(RobotsCache robots, TargetResolver sitemaps, CrawlScope scope, ILogger log)
{
    public async Task<IReadOnlyList<StartUrl>> FindAsync(IReadOnlyList<StartUrl> starts, CancellationToken ct)
    {
        var seeds = new List<StartUrl>();
        var read = new HashSet<string>(StringComparer.Ordinal);
        var origins = starts
            .Select(s => Uri.TryCreate(s.Url, UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .DistinctBy(UrlNormalizer.Origin, StringComparer.OrdinalIgnoreCase);
        foreach (var origin in origins)
        {
            foreach (var sitemap in (await robots.ForAsync(origin, ct)).Sitemaps)
            {
                if (UrlNormalizer.Normalize(sitemap) is not { } normal || !scope.InScope(new Uri(normal)))
                {
                    log.Debug("robots.txt of {Origin} lists the sitemap {Sitemap}, out of scope: not read", UrlNormalizer.Origin(origin), sitemap);
                    continue;
                }
                if (!read.Add(normal)) continue;
                try
                {
                    var pages = await sitemaps.ResolveSitemapAsync(normal, ct);
                    log.Information("robots.txt of {Origin} lists the sitemap {Sitemap}: {Count} page(s)", UrlNormalizer.Origin(origin), normal, pages.Count);
                    seeds.AddRange(pages);
                }
                catch (TargetException e)
                {
                    log.Warning("robots.txt of {Origin} lists a sitemap that cannot be read: {Problem}", UrlNormalizer.Origin(origin), e.Message);
                }
            }
        }
        return seeds;
    }
}
