using System.Xml;
using Scanner.Core.Loading;

namespace Scanner.Core.Crawling;

/// <summary>
/// A sitemap (<c>&lt;urlset&gt;</c>) or sitemap index (<c>&lt;sitemapindex&gt;</c>), gzipped or not, read with a
/// streaming XmlReader (sitemaps hold up to 50,000 URLs). Namespaces are ignored: real sitemaps get them wrong.
/// A sitemap is read to at most <see cref="BodyLimits.Sitemap"/> bytes after decompression (a gzip bomb costs no more);
/// one cut at the cap gives the locations before the cut.
/// </summary>
public sealed record SitemapDocument(bool IsIndex, IReadOnlyList<string> Locations)
{
    /// <summary>The sitemap went on past <see cref="BodyLimits.Sitemap"/>: <see cref="Locations"/> holds those before the cut.</summary>
    public bool Truncated { get; init; }

    public static bool IsGzip(ReadOnlySpan<byte> content) => content is [0x1f, 0x8b, ..];

    public static CappedBytes Gunzip(CappedBytes content) => CappedBody.Gunzip(content, BodyLimits.Sitemap);

    /// <summary>Whether the (possibly gzipped) bytes are a sitemap or sitemap index.</summary>
    public static bool LooksLikeSitemap(byte[] content)
    {
        try
        {
            var plain = CappedBody.Gunzip(new CappedBytes(content, false, content.Length), 2048).Bytes;
            var text = System.Text.Encoding.UTF8.GetString(plain.AsSpan(0, Math.Min(plain.Length, 2048)));
            return text.Contains("<urlset", StringComparison.OrdinalIgnoreCase) || text.Contains("<sitemapindex", StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">Not a sitemap, or broken XML.</exception>
    public static SitemapDocument Parse(byte[] content) => Parse(new CappedBytes(content, false, BodyLimits.Sitemap));

    /// <exception cref="FormatException">Not a sitemap, or broken XML (except where a body over the cap was cut).</exception>
    public static SitemapDocument Parse(CappedBytes content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var locations = new List<string>();
        bool? isIndex = null;
        var truncated = content.Truncated;
        try
        {
            var plain = Gunzip(content);
            truncated = plain.Truncated;
            using var reader = XmlReader.Create(new MemoryStream(plain.Bytes), settings);
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
        catch (XmlException) when (truncated && isIndex is not null)
        {
            // cut at the cap: keep the locations read before the cut
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            throw new FormatException($"not a readable sitemap: {e.Message}", e);
        }
        if (isIndex is null) throw new FormatException("not a sitemap: no <urlset> or <sitemapindex> element");
        return new SitemapDocument(isIndex.Value, locations) { Truncated = truncated };
    }
}

/// <summary>A URL-list file: one URL per line; blank lines and lines starting with '#' are ignored.</summary>
public static class UrlListFile
{
    public static IReadOnlyList<string> Parse(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>The list's http(s) URLs, and the lines that are not one (`www.example.gov.cn/a`: no scheme), with their
    /// line numbers, so a caller can refuse them instead of dropping them.</summary>
    public static (IReadOnlyList<string> Urls, IReadOnlyList<(int Line, string Text)> NotUrls) Read(string text)
    {
        var urls = new List<string>();
        var bad = new List<(int, string)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (Uri.TryCreate(line, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !line.Contains(' '))
                urls.Add(line);
            else bad.Add((i + 1, line));
        }
        return (urls, bad);
    }

    /// <summary>Whether text reads as a URL list: its first meaningful line is an absolute http(s) URL.</summary>
    public static bool LooksLikeUrlList(string text)
    {
        var first = Parse(text.Length > 4096 ? text[..4096] : text).FirstOrDefault();
        return first is not null && UrlNormalizer.Normalize(first) is not null && !first.Contains(' ');
    }
}
