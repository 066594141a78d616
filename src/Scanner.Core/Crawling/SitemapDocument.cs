using System.IO.Compression;
using System.Xml;

namespace Scanner.Core.Crawling;

/// <summary>
/// A sitemap (<c>&lt;urlset&gt;</c>) or sitemap index (<c>&lt;sitemapindex&gt;</c>), gzipped or not, read with a
/// streaming XmlReader (sitemaps hold up to 50,000 URLs). Namespaces are ignored: real sitemaps get them wrong.
/// </summary>
public sealed record SitemapDocument(bool IsIndex, IReadOnlyList<string> Locations)
{
    public static bool IsGzip(ReadOnlySpan<byte> content) => content is [0x1f, 0x8b, ..];

    public static byte[] Gunzip(byte[] content)
    {
        if (!IsGzip(content)) return content;
        using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Whether the (possibly gzipped) bytes are a sitemap or sitemap index.</summary>
    public static bool LooksLikeSitemap(byte[] content)
    {
        try
        {
            var plain = Gunzip(content);
            var text = System.Text.Encoding.UTF8.GetString(plain.AsSpan(0, Math.Min(plain.Length, 2048)));
            return text.Contains("<urlset", StringComparison.OrdinalIgnoreCase) || text.Contains("<sitemapindex", StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">Not a sitemap, or broken XML.</exception>
    public static SitemapDocument Parse(byte[] content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var locations = new List<string>();
        bool? isIndex = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(Gunzip(content)), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "urlset": isIndex ??= false; break;
                    case "sitemapindex": isIndex ??= true; break;
                    case "loc":
                        var loc = reader.ReadElementContentAsString().Trim();
                        if (loc.Length > 0) locations.Add(loc);
                        break;
                }
            }
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            throw new FormatException($"not a readable sitemap: {e.Message}", e);
        }
        if (isIndex is null) throw new FormatException("not a sitemap: no <urlset> or <sitemapindex> element");
        return new SitemapDocument(isIndex.Value, locations);
    }
}

/// <summary>A URL-list file: one URL per line; blank lines and lines starting with '#' are ignored.</summary>
public static class UrlListFile
{
    public static IReadOnlyList<string> Parse(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>Whether text reads as a URL list: its first meaningful line is an absolute http(s) URL.</summary>
    public static bool LooksLikeUrlList(string text)
    {
        var first = Parse(text.Length > 4096 ? text[..4096] : text).FirstOrDefault();
        return first is not null && UrlNormalizer.Normalize(first) is not null && !first.Contains(' ');
    }
}
