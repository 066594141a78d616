using System.IO.Compression;
using System.Text;
using Scanner.Core.Crawling;

namespace Scanner.Core.Tests.Crawling;

public sealed class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTP://WWW.Example.GOV.cn:80/a/../b/c.html#frag", "http://www.example.gov.cn/b/c.html")]
    [InlineData("https://example.gov.cn:443", "https://example.gov.cn/")]
    [InlineData("http://example.gov.cn:8080/x?b=2&a=1", "http://example.gov.cn:8080/x?b=2&a=1")]
    [InlineData("http://example.gov.cn/x?", "http://example.gov.cn/x")]
    public void Spellings_of_one_page_normalise_to_one_url(string input, string expected) =>
        Assert.Equal(expected, UrlNormalizer.Normalize(input));

    [Theory]
    [InlineData("mailto:a@b.cn")]
    [InlineData("javascript:void(0)")]
    [InlineData("not a url")]
    public void Non_http_links_are_not_urls_to_crawl(string input) => Assert.Null(UrlNormalizer.Normalize(input));

    [Fact]
    public void Canonical_links_are_read_and_resolved() =>
        Assert.Equal("http://a.gov.cn/news/1.html",
            CanonicalLink.Of("<html><head><link href=\"/news/1.html#x\" rel=\"canonical\"></head></html>", "http://a.gov.cn/news/1.html?utm=2"));
}

public sealed class CrawlScopeTests
{
    private static CrawlScope Scope(ScopeKind kind, string[]? include = null, string[]? exclude = null) =>
        new(kind, ["https://www.yongzhou.gov.cn/"], (include ?? []).Select(UrlPattern.Parse).ToList(), (exclude ?? []).Select(UrlPattern.Parse).ToList());

    [Fact]
    public void Host_scope_ignores_www_and_scheme_but_not_other_hosts()
    {
        var scope = Scope(ScopeKind.Host);
        Assert.Null(scope.Rejects(new Uri("http://yongzhou.gov.cn/a")));
        Assert.Equal("out of scope", scope.Rejects(new Uri("https://news.yongzhou.gov.cn/a")));
        Assert.Null(Scope(ScopeKind.Site).Rejects(new Uri("https://news.yongzhou.gov.cn/a")));
        Assert.Equal("out of scope", Scope(ScopeKind.Site).Rejects(new Uri("https://casino.example.com/")));
    }

    [Fact]
    public void Globs_and_regexes_include_and_exclude()
    {
        var scope = Scope(ScopeKind.Host, include: ["/news/**", "re:/zwgk/\\d+"], exclude: ["/news/*.pdf"]);
        Assert.Null(scope.Rejects(new Uri("https://www.yongzhou.gov.cn/news/2024/a.html")));
        Assert.Null(scope.Rejects(new Uri("https://www.yongzhou.gov.cn/zwgk/123")));
        Assert.Equal("not included", scope.Rejects(new Uri("https://www.yongzhou.gov.cn/other")));
        Assert.Equal("excluded by /news/*.pdf", scope.Rejects(new Uri("https://www.yongzhou.gov.cn/news/a.pdf")));
        Assert.Null(scope.Rejects(new Uri("https://www.yongzhou.gov.cn/news/x/a.pdf"))); // '*' stops at '/'
    }
}

public sealed class RobotsTxtTests
{
    private const string File = """
        User-agent: Baiduspider
        Disallow: /

        User-agent: *
        Disallow: /private/
        Disallow: /*.php$
        Allow: /private/open/
        Crawl-delay: 2
        Sitemap: https://a.gov.cn/sitemap.xml
        """;

    [Theory]
    [InlineData("/", true)]
    [InlineData("/private/x.html", false)]
    [InlineData("/private/open/x.html", true)]
    [InlineData("/index.php", false)]
    [InlineData("/index.php?x=1", true)]
    public void The_star_group_applies_to_us_with_longest_match(string path, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse(File, "scanner").IsAllowed(path));

    [Fact]
    public void Our_own_group_wins_and_extras_are_read()
    {
        Assert.False(RobotsTxt.Parse(File, "Baiduspider").IsAllowed("/a"));
        var robots = RobotsTxt.Parse(File, "scanner");
        Assert.Equal(TimeSpan.FromSeconds(2), robots.CrawlDelay);
        Assert.Equal(["https://a.gov.cn/sitemap.xml"], robots.Sitemaps);
        Assert.True(RobotsTxt.Parse("", "scanner").IsAllowed("/anything"));
    }

    [Fact]
    public void A_line_of_thirty_stars_is_matched_in_one_pass()
    {
        // Backtracking made this exponential: 9 stars cost 53 s per URL; 30 would never finish.
        var stars = string.Concat(Enumerable.Repeat("a*", 30));
        var robots = RobotsTxt.Parse($"User-agent: *\nDisallow: /{stars}b$\nDisallow: /{stars}\n", "scanner");
        var nearMiss = "/" + new string('a', 29) + new string('x', 200);
        Assert.True(robots.IsAllowed(nearMiss));
        Assert.False(robots.IsAllowed("/" + string.Concat(Enumerable.Repeat("ax", 30))));
        Assert.False(RobotsTxt.Parse($"User-agent: *\nDisallow: /{stars}b$\n", "scanner").IsAllowed("/" + new string('a', 40) + "b"));
        Assert.True(RobotsTxt.Parse($"User-agent: *\nDisallow: /{stars}b$\n", "scanner").IsAllowed("/" + new string('a', 40) + "bc"));
    }

    [Fact]
    public void Star_and_dollar_match_as_a_full_search_would()
    {
        // The linear matcher against a plain dynamic-programming matcher, on many small patterns and paths.
        var random = new Random(15);
        const string alphabet = "ab/";
        string Word(int max) => new(Enumerable.Range(0, random.Next(max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        for (var i = 0; i < 20_000; i++)
        {
            var pattern = new string(Word(8).Select(c => random.Next(4) == 0 ? '*' : c).ToArray()) + (random.Next(3) == 0 ? "$" : "");
            var path = Word(12);
            Assert.True(Reference(pattern, path) == RobotsTxt.Matches(pattern, path), $"pattern '{pattern}' on '{path}'");
        }
    }

    /// <summary>RFC 9309 matching, by the book: dp[i, j] = the first i pattern characters match the first j path characters.</summary>
    private static bool Reference(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        var dp = new bool[pattern.Length + 1, path.Length + 1];
        dp[0, 0] = true;
        for (var i = 1; i <= pattern.Length; i++)
            for (var j = 0; j <= path.Length; j++)
                dp[i, j] = pattern[i - 1] == '*'
                    ? dp[i - 1, j] || (j > 0 && dp[i, j - 1])
                    : j > 0 && dp[i - 1, j - 1] && pattern[i - 1] == path[j - 1];
        return anchored ? dp[pattern.Length, path.Length] : Enumerable.Range(0, path.Length + 1).Any(j => dp[pattern.Length, j]);
    }
}

public sealed class SitemapDocumentTests
{
    [Fact]
    public void Sitemaps_and_indexes_are_read_gzipped_or_not()
    {
        var urlset = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc> http://a.gov.cn/1 </loc></url><url><loc>http://a.gov.cn/2</loc></url></urlset>"u8.ToArray();
        var parsed = SitemapDocument.Parse(urlset);
        Assert.False(parsed.IsIndex);
        Assert.Equal(["http://a.gov.cn/1", "http://a.gov.cn/2"], parsed.Locations);

        var index = Encoding.UTF8.GetBytes("<sitemapindex><sitemap><loc>http://a.gov.cn/s1.xml.gz</loc></sitemap></sitemapindex>");
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(index);
        var gz = buffer.ToArray();
        Assert.True(SitemapDocument.LooksLikeSitemap(gz));
        Assert.True(SitemapDocument.Parse(gz).IsIndex);
        Assert.Throws<FormatException>(() => SitemapDocument.Parse("<html></html>"u8.ToArray()));
    }

    [Fact]
    public void A_gzip_bomb_sitemap_is_cut_at_the_cap_and_keeps_the_urls_before_the_cut()
    {
        // 200 MB of sitemap in a few hundred KB of gzip: only BodyLimits.Sitemap of it is ever inflated.
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write("<urlset><url><loc>http://a.gov.cn/1</loc></url><url><loc>http://a.gov.cn/"u8);
            var padding = new byte[1024 * 1024];
            Array.Fill(padding, (byte)'x');
            for (var i = 0; i < 200; i++) gzip.Write(padding);
            gzip.Write("</loc></url></urlset>"u8);
        }
        var parsed = SitemapDocument.Parse(new Scanner.Core.Loading.CappedBytes(buffer.ToArray(), false, buffer.Length));
        Assert.True(parsed.Truncated);
        Assert.Equal(["http://a.gov.cn/1"], parsed.Locations);
    }

    [Fact]
    public void Url_lists_skip_comments_and_blank_lines()
    {
        const string list = "# pages\n\nhttp://a.gov.cn/1\r\nhttp://a.gov.cn/2\n";
        Assert.True(UrlListFile.LooksLikeUrlList(list));
        Assert.Equal(["http://a.gov.cn/1", "http://a.gov.cn/2"], UrlListFile.Parse(list));
        Assert.False(UrlListFile.LooksLikeUrlList("<html>"));
    }
}
