using System.IO.Compression;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

public sealed class CappedBodyTests
{
    [Fact]
    public async Task A_body_within_the_cap_is_read_whole()
    {
        var body = await CappedBody.ReadAsync(new MemoryStream(new byte[1000]), 1000, CancellationToken.None);
        Assert.Equal(1000, body.Bytes.Length);
        Assert.False(body.Truncated);
        Assert.Null(body.Note("the page"));
    }

    [Fact]
    public async Task A_body_past_the_cap_keeps_its_first_bytes_and_says_so()
    {
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var body = await CappedBody.ReadAsync(new MemoryStream(bytes), 1001, CancellationToken.None);
        Assert.True(body.Truncated);
        Assert.Equal(bytes[..1001], body.Bytes);
        Assert.Contains("only the first 1001 bytes were read", body.Note("the page"));
    }

    [Theory]
    [InlineData(300_000, 300_000, 10_000_000)] // as declared
    [InlineData(300_000, 200_000, 10_000_000)] // longer than declared (a decompressed body, a lying server)
    [InlineData(300_000, 400_000, 10_000_000)] // shorter than declared (cut off)
    [InlineData(300_000, 300_000, 250_000)]    // declared past the cap
    [InlineData(300_000, 0, 10_000_000)]
    public async Task A_declared_length_changes_nothing_read(int length, long declared, long limit)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var body = await CappedBody.ReadAsync(new MemoryStream(bytes), limit, CancellationToken.None, declared);
        Assert.Equal(length > limit, body.Truncated);
        Assert.Equal(bytes[..(int)Math.Min(length, limit)], body.Bytes);
    }

    [Fact]
    public async Task A_decompressing_stream_is_counted_in_decompressed_bytes()
    {
        // 100 MiB of zeros gzip to about 100 KB: the reader stops at the cap, never inflating the rest.
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            for (var i = 0; i < 100; i++) gzip.Write(new byte[1024 * 1024]);
        compressed.Position = 0;
        await using var inflating = new GZipStream(compressed, CompressionMode.Decompress);
        var body = await CappedBody.ReadAsync(inflating, BodyLimits.Page, CancellationToken.None);
        Assert.True(body.Truncated);
        Assert.Equal(BodyLimits.Page, body.Bytes.Length);
        Assert.True(compressed.Position < compressed.Length, "the bomb was inflated to its end");
    }
}
