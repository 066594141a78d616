using Scanner.Core.Analyzers;

namespace Scanner.Core.Crawling;

/// <summary>How far links are followed from the start pages.</summary>
public enum ScopeKind
{
    /// <summary>The start pages' hosts (and ports); "www." is ignored, http and https are the same. The default.</summary>
    Host,
    /// <summary>The start pages' sites: every subdomain of yongzhou.gov.cn when the scan starts on www.yongzhou.gov.cn.</summary>
    Site,
    /// <summary>Any http(s) URL (use with --max-depth and --max-pages).</summary>
    Any,
}

/// <summary>Decides which discovered URLs belong to the crawl: scope, then --include (any), then --exclude (none).</summary>
public sealed class CrawlScope(ScopeKind kind, IEnumerable<string> startUrls, IReadOnlyList<UrlPattern> includes, IReadOnlyList<UrlPattern> excludes)
{
    private readonly HashSet<string> _hosts = startUrls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? HostKey(uri) : null)
        .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _sites = startUrls.Select(SiteDomain.HttpHost).OfType<string>().Select(SiteDomain.Of)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public ScopeKind Kind => kind;

    /// <summary>Whether the URL is on the sites the scan was started on (ignoring patterns).</summary>
    public bool IsInternal(Uri url) => kind switch
    {
        ScopeKind.Site => _sites.Contains(SiteDomain.Of(url.Host)) || _hosts.Contains(HostKey(url)),
        _ => _hosts.Contains(HostKey(url)),
    };

    public bool InScope(Uri url) => kind == ScopeKind.Any || IsInternal(url);

    /// <summary>Why a URL is not followed, or null when it is.</summary>
    public string? Rejects(Uri url)
    {
        if (!InScope(url)) return "out of scope";
        if (includes.Count > 0 && !includes.Any(p => p.IsMatch(url))) return "not included";
        if (excludes.FirstOrDefault(p => p.IsMatch(url)) is { } excluded) return $"excluded by {excluded.Text}";
        return null;
    }

    /// <summary>host[:port], without a leading "www.", and without the port when it is the scheme's default.</summary>
    public static string HostKey(Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        return url.IsDefaultPort ? host : $"{host}:{url.Port}";
    }
}
