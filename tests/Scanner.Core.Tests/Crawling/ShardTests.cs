using Scanner.Core.Crawling;

namespace Scanner.Core.Tests.Crawling;

public sealed class ShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/4", 2, 4)]
    [InlineData(" 4/4 ", 4, 4)]
    public void I_of_N_parses(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("0/4")] // 1-based, as Playwright's and Jest's --shard
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData("")]
    public void Anything_else_is_refused_with_the_expected_form(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.Contains("I/N", e.Message);
        Assert.Contains("JOB_COMPLETION_INDEX + 1", e.Message);
    }

    /// <summary>
    /// Pinned: the same URL goes to the same shard on every machine, in every process and in every release (a hash that
    /// changed, or one seeded per process like string.GetHashCode, would make N machines miss and repeat pages).
    /// The values are SHA-256's, computed apart from this code: int.from_bytes(sha256(key)[:8], 'big') % N + 1.
    /// </summary>
    [Theory]
    [InlineData("https://www.example.gov.cn/", new[] { 2, 3, 4, 2 })]
    [InlineData("HTTPS://WWW.EXAMPLE.GOV.CN/a.html#top", new[] { 2, 3, 2, 6 })]
    [InlineData("https://www.example.gov.cn/news?id=7", new[] { 1, 1, 3, 7 })]
    [InlineData("http://127.0.0.1:41317/index.html", new[] { 1, 2, 1, 4 })]
    public void A_url_hashes_to_the_same_shard_everywhere(string url, int[] expected) =>
        Assert.Equal(expected, new[] { 2, 3, 4, 7 }.Select(n => Shard.Of(url, n)));

    [Fact]
    public void Every_page_belongs_to_exactly_one_shard_and_the_shards_are_near_even()
    {
        var urls = Enumerable.Range(0, 3000).Select(i => $"https://www.example.gov.cn/p/{i}.html").ToList();
        foreach (var count in new[] { 1, 2, 3, 5 })
        {
            var shards = Enumerable.Range(1, count).Select(i => new Shard(i, count)).ToList();
            Assert.All(urls, url => Assert.Single(shards, s => s.Owns(url)));
            Assert.All(shards, s => Assert.InRange(urls.Count(s.Owns), 3000 / count * 0.85, 3000 / count * 1.15));
        }
    }

    [Fact]
    public void Spellings_of_one_page_and_a_local_folder_on_any_port_hash_alike()
    {
        Assert.Equal(Shard.KeyOf("https://www.example.gov.cn/a/b.html"), Shard.KeyOf("HTTPS://www.example.gov.cn:443/a/../a/b.html#x"));
        // Each process serves a local folder on its own ephemeral port: its pages must still split the same way.
        Assert.Equal(Shard.KeyOf("http://127.0.0.1:41317/s/1.html"), Shard.KeyOf("http://127.0.0.1:38211/s/1.html"));
        Assert.NotEqual(Shard.KeyOf("https://www.example.gov.cn:8443/a.html"), Shard.KeyOf("https://www.example.gov.cn/a.html"));
    }
}
