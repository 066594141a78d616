namespace Scanner.Core.Loading;

/// <summary>
/// The profiles a page can be fetched under (--profiles). Cloaked spam shows itself only to some of them:
/// spiders, visitors arriving from a search engine, phones.
/// </summary>
public static class FetchProfiles
{
    public const string VisitorName = "visitor";
    public const string SpiderName = "spider";
    public const string SearchReferrerName = "search-referrer";
    public const string MobileName = "mobile";

    public static IReadOnlyList<string> Names { get; } = [VisitorName, SpiderName, SearchReferrerName, MobileName];

    /// <summary>Real user-agent strings of the spiders that SEO spam is aimed at, Baidu's first.</summary>
    public static IReadOnlyList<FetchProfile> Spiders { get; } =
    [
        new("spider:baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"),
        new("spider:googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        new("spider:bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
        new("spider:sogou", "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"),
        new("spider:360spider", "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.102 Safari/537.36; 360Spider"),
        new("spider:yisouspider", "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/69.0.3497.81 YisouSpider/5.0 Safari/537.36"),
    ];

    /// <summary>A visitor who clicked a result on Baidu: the referrer most "sneaky redirect" hacks test for.</summary>
    public static FetchProfile SearchReferrer { get; } =
        new(SearchReferrerName, null, "https://www.baidu.com/s?wd=%E6%B0%B8%E5%B7%9E%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C");

    public static FetchProfile Mobile { get; } = new(MobileName,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        Mobile: true);

    /// <summary>The browser profile a name stands for; the spider profile is loaded as Baiduspider.</summary>
    public static FetchProfile ByName(string name) => name switch
    {
        VisitorName => FetchProfile.Visitor,
        SpiderName => Spiders[0] with { Name = SpiderName },
        SearchReferrerName => SearchReferrer,
        MobileName => Mobile,
        _ => throw new ArgumentException($"Unknown profile '{name}'. Use any of: {string.Join(", ", Names)}."),
    };

    /// <summary>Parses "visitor,spider,…"; the visitor is always included, first, because every comparison is against it.</summary>
    public static IReadOnlyList<string> Parse(string? list)
    {
        var names = (list ?? VisitorName).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
        foreach (var name in names) ByName(name);
        return names.Prepend(VisitorName).Distinct().ToList();
    }
}
