namespace Scanner.Core.Rules;

/// <summary>Which link targets are trusted, which are known spam, and which top-level domains deserve a look.</summary>
public sealed record LinkPolicy
{
    public IReadOnlySet<string> AllowedDomains { get; init; } = Set([]);
    public IReadOnlySet<string> DeniedDomains { get; init; } = Set([]);
    public IReadOnlySet<string> SuspiciousTlds { get; init; } = Set([]);
    /// <summary>
    /// Social platforms, analytics services and CDNs (rules/well-known-hosts.yaml): links to them are share buttons,
    /// trackers and libraries, never the targets of a link farm. Unlike allowedDomains they are not "trusted" content:
    /// a denied domain still wins.
    /// </summary>
    public IReadOnlySet<string> WellKnownDomains { get; init; } = Set([]);
    public IReadOnlyList<string> SourceFiles { get; init; } = [];

    public static LinkPolicy Empty { get; } = new();

    public static IReadOnlySet<string> Set(IEnumerable<string> items) =>
        new HashSet<string>(items.Select(i => i.Trim().TrimStart('.').ToLowerInvariant()).Where(i => i.Length > 0),
            StringComparer.OrdinalIgnoreCase);

    public LinkPolicy Merge(LinkPolicy other) => new()
    {
        AllowedDomains = Set(AllowedDomains.Concat(other.AllowedDomains)),
        DeniedDomains = Set(DeniedDomains.Concat(other.DeniedDomains)),
        SuspiciousTlds = Set(SuspiciousTlds.Concat(other.SuspiciousTlds)),
        WellKnownDomains = Set(WellKnownDomains.Concat(other.WellKnownDomains)),
        SourceFiles = SourceFiles.Concat(other.SourceFiles).ToArray(),
    };

    public bool IsAllowed(string host) => FindDomain(host, AllowedDomains) is not null;

    /// <summary>A social platform, analytics service or CDN from the well-known list (and not denied).</summary>
    public bool IsWellKnown(string host) => FindDomain(host, WellKnownDomains) is not null && DeniedDomainFor(host) is null;

    /// <summary>The denied domain that <paramref name="host"/> is, or is a subdomain of; null when none.</summary>
    public string? DeniedDomainFor(string host) => FindDomain(host, DeniedDomains);

    public string? SuspiciousTldOf(string host)
    {
        var dot = host.LastIndexOf('.');
        if (dot < 0) return null;
        var tld = host[(dot + 1)..];
        return SuspiciousTlds.Contains(tld) ? tld : null;
    }

    /// <summary>Walks www.a.example.com → a.example.com → example.com → com: one set lookup per label.</summary>
    private static string? FindDomain(string host, IReadOnlySet<string> domains)
    {
        if (domains.Count == 0) return null;
        var candidate = host.TrimEnd('.');
        while (true)
        {
            if (domains.Contains(candidate)) return candidate.ToLowerInvariant();
            var dot = candidate.IndexOf('.');
            if (dot < 0) return null;
            candidate = candidate[(dot + 1)..];
        }
    }
}
