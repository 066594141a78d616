using Scanner.Core.Text;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Decides whether two hosts belong to the same site: the same registrable domain by the public-suffix list
/// (<see cref="PublicSuffixList"/>, Debian's package). Without the list installed we treat the last two labels as
/// the site (example.com), or the last three under the common two-level suffixes (yongzhou.gov.cn, bbc.co.uk).
/// </summary>
public static class SiteDomain
{
    private static readonly HashSet<string> SecondLevelLabels = ["com", "net", "org", "gov", "edu", "ac", "co", "mil", "gob", "go", "or", "ne"];

    // Every page asks for the same few hosts again and again (issue 20: a tenth of the static engine's allocations).
    private static readonly BoundedMemo<string> Domains = new(Compute);
    private static readonly BoundedMemo<string?> Hosts = new(ComputeHttpHost);

    public static string Of(string host) => Domains[host];

    private static string Compute(string host)
    {
        if (System.Net.IPAddress.TryParse(host, out _)) return host;
        if (PublicSuffixList.Default is { } list) return list.RegistrableDomain(host);
        var labels = host.ToLowerInvariant().TrimEnd('.').Split('.');
        if (labels.Length <= 2) return string.Join('.', labels);
        var take = labels[^1].Length == 2 && SecondLevelLabels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^Math.Min(take, labels.Length)..]);
    }

    public static bool SameSite(string hostA, string hostB) =>
        string.Equals(Of(hostA), Of(hostB), StringComparison.OrdinalIgnoreCase);

    /// <summary>The host of an absolute http(s) URL, or null for other links (mailto:, javascript:, relative garbage).</summary>
    public static string? HttpHost(string url) => Hosts[url];

    private static string? ComputeHttpHost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.Host
            : null;

    public static bool IsExternal(string linkUrl, string pageUrl)
    {
        var linkHost = HttpHost(linkUrl);
        var pageHost = HttpHost(pageUrl);
        return linkHost is not null && pageHost is not null && !SameSite(linkHost, pageHost);
    }
}
