using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Scanner.Core.Analyzers;

namespace Scanner.Core.Crawling;

/// <summary>
/// One of <see cref="Count"/> processes that split a scan (`--shard I/N`, 1-based like Playwright's and Jest's
/// --shard): a page belongs to the shard its normalised URL hashes to. The hash is SHA-256, so it is the same on every
/// machine, in every process and in every .NET version (string.GetHashCode is randomised per process).
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses "I/N" with 1 ≤ I ≤ N.</summary>
    /// <exception cref="ArgumentException">Not of that form; the message says what is expected.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 1 && index <= count)
            return new Shard(index, count);
        // Worded to follow "--shard: ", as the command line's usage errors name the option first.
        throw new ArgumentException($"'{text}' is not I/N with 1 ≤ I ≤ N, e.g. --shard 2/4 for the second of four shards "
            + "(a 0-based index such as Kubernetes' JOB_COMPLETION_INDEX needs +1: --shard $((JOB_COMPLETION_INDEX + 1))/4).");
    }

    /// <summary>Whether the page at <paramref name="url"/> is this shard's to scan.</summary>
    public bool Owns(string url) => Of(url, Count) == Index;

    /// <summary>The shard (1..<paramref name="count"/>) a URL belongs to.</summary>
    public static int Of(string url, int count)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(KeyOf(url)));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count) + 1;
    }

    /// <summary>
    /// What is hashed: the normalised URL (one spelling per page, as the frontier de-duplicates), without the port on a
    /// loopback host. A local folder is served on a new ephemeral port in every process, so its pages must hash by path.
    /// </summary>
    public static string KeyOf(string url) => Fingerprint.PageKey(UrlNormalizer.Normalize(url) ?? url);

    public override string ToString() => $"{Index}/{Count}";
}
