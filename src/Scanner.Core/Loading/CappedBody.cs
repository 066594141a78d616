using System.IO.Compression;

namespace Scanner.Core.Loading;

/// <summary>The bytes read of a body, and whether the body went on past the cap.</summary>
public sealed record CappedBytes(byte[] Bytes, bool Truncated, long Limit)
{
    /// <summary>A note for the report: what was kept of a body that went past the cap.</summary>
    public string? Note(string what) => Truncated ? $"{what} is larger than {BodyLimits.Describe(Limit)}: only the first {BodyLimits.Describe(Limit)} were read" : null;
}

/// <summary>
/// The one reader of every response body the scanner reads (pages, sitemaps, URL lists, robots.txt, link targets):
/// at most <c>limit</c> bytes are kept, however much the server sends or the compression expands to. The HttpClient
/// handlers decompress as the stream is read, so a gzip/deflate/br bomb costs at most the cap; a body we decompress
/// ourselves (a <c>.xml.gz</c> sitemap) goes through <see cref="Gunzip"/>, which counts the same way.
/// </summary>
public static class CappedBody
{
    private const int ChunkSize = 81920;

    public static async Task<CappedBytes> ReadAsync(HttpContent content, long limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        return await ReadAsync(stream, limit, ct, content.Headers.ContentLength);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; one byte more tells whether the stream went on.</summary>
    /// <param name="expected">The length the server declared, when it did: read into one array of that size, and
    /// returned without a copy when the body is that long (a decompressed or lying body still reads right).</param>
    public static async Task<CappedBytes> ReadAsync(Stream stream, long limit, CancellationToken ct, long? expected = null)
    {
        var chunks = new Chunks(limit, expected);
        while (!chunks.Full)
        {
            var read = await stream.ReadAsync(chunks.Space(), ct);
            if (read == 0) break;
            chunks.Advance(read);
        }
        return chunks.ToBytes();
    }

    /// <summary>A file, read like a body: a huge local sitemap or URL list costs at most the cap too.</summary>
    public static async Task<CappedBytes> ReadFileAsync(string path, long limit, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return await ReadAsync(file, limit, ct);
    }

    /// <summary>Gunzips bytes that start with the gzip magic (others are returned as they are), keeping at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="InvalidDataException">Broken gzip data.</exception>
    public static CappedBytes Gunzip(CappedBytes content, long limit)
    {
        if (content.Bytes is not [0x1f, 0x8b, ..]) return content;
        using var input = new GZipStream(new MemoryStream(content.Bytes), CompressionMode.Decompress);
        var chunks = new Chunks(limit);
        while (!chunks.Full)
        {
            var read = input.Read(chunks.Space().Span);
            if (read == 0) break;
            chunks.Advance(read);
        }
        var plain = chunks.ToBytes();
        return plain with { Truncated = plain.Truncated || content.Truncated };
    }

    /// <summary>
    /// The bytes read so far, in fixed chunks copied once into an array of the exact size at the end: a body costs
    /// about twice its size at the peak, not the three times of a doubling MemoryStream and its ToArray.
    /// </summary>
    private sealed class Chunks(long limit, long? expected = null)
    {
        /// <summary>Read after a body of the declared length, to see that it ends there.</summary>
        private const int EndProbeSize = 512;

        private readonly List<byte[]> _full = [];
        private byte[] _current = new byte[expected is > 0 and <= int.MaxValue / 2 && expected <= limit ? (int)expected : ChunkSize];
        private int _used;
        private long _total;

        /// <summary>Past the limit by one byte: the body goes on.</summary>
        public bool Full => _total > limit;

        public Memory<byte> Space()
        {
            if (_used == _current.Length)
            {
                _full.Add(_current);
                _current = new byte[_total == expected ? EndProbeSize : ChunkSize];
                _used = 0;
            }
            return _current.AsMemory(_used, (int)Math.Min(_current.Length - _used, limit + 1 - _total));
        }

        public void Advance(int read)
        {
            _used += read;
            _total += read;
        }

        public CappedBytes ToBytes()
        {
            var truncated = _total > limit;
            // The body was as long as declared: its one array is the result.
            if (!truncated && _used == 0 && _full.Count == 1 && _full[0].Length == _total) return new CappedBytes(_full[0], false, limit);
            var bytes = new byte[Math.Min(_total, limit)];
            var at = 0;
            foreach (var chunk in _full.Append(_current))
            {
                var take = Math.Min(chunk == _current ? _used : chunk.Length, bytes.Length - at);
                if (take <= 0) break;
                Buffer.BlockCopy(chunk, 0, bytes, at, take);
                at += take;
            }
            return new CappedBytes(bytes, truncated, limit);
        }
    }
}

/// <summary>How much of each kind of body the scanner reads. Documented in the README ("Limits").</summary>
public static class BodyLimits
{
    /// <summary>A page's HTML: pages past it are analysed on their first 10 MiB and say so.</summary>
    public const long Page = 10 * 1024 * 1024;
    /// <summary>A sitemap, after decompression (the sitemap protocol itself allows 50 MB).</summary>
    public const long Sitemap = 50 * 1024 * 1024;
    /// <summary>A URL-list file.</summary>
    public const long UrlList = 50 * 1024 * 1024;
    /// <summary>robots.txt: Google reads the first 500 KiB; so do we.</summary>
    public const long Robots = 500 * 1024;
    /// <summary>A link target's HTML (for its title and spam terms).</summary>
    public const long LinkTarget = 2 * 1024 * 1024;

    public static string Describe(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
}
