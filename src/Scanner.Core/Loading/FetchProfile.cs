namespace Scanner.Core.Loading;

/// <summary>Who the loader pretends to be when it fetches a page: an ordinary visitor, a spider, a mobile phone...</summary>
public sealed record FetchProfile(string Name, string? UserAgent, string? Referer = null, bool Mobile = false)
{
    /// <summary>An ordinary desktop visitor with no referrer: the browser's own user agent.</summary>
    public static FetchProfile Visitor { get; } = new("visitor", null);
}
