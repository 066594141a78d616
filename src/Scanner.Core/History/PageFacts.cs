using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;

namespace Scanner.Core.History;

/// <summary>
/// What the history keeps of a page to notice tampering on a later night: its title and meta, a hash and a sketch of
/// its visible text, the hosts of its external scripts, its iframes, the registrable domains it links to, and where it
/// redirected. Small (a few hundred bytes), so a 2,000-page site costs little per run; the page itself is not kept.
/// </summary>
public sealed partial record PageFacts
{
    public string? Title { get; init; }
    public string? MetaKeywords { get; init; }
    public string? MetaDescription { get; init; }
    /// <summary>SHA-256 (first 16 hex digits) of the visible text, whitespace collapsed.</summary>
    public string TextHash { get; init; } = "";
    public int TextLength { get; init; }
    /// <summary>MinHash of the visible text's 5-character shingles: how much of the text two nights share, without keeping the text.</summary>
    public IReadOnlyList<uint> TextSketch { get; init; } = [];
    public int LinkCount { get; init; }
    /// <summary>External scripts' src URLs.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];
    /// <summary>Hosts of the external scripts.</summary>
    public IReadOnlyList<string> ScriptHosts { get; init; } = [];
    /// <summary>The iframes' src URLs.</summary>
    public IReadOnlyList<string> Frames { get; init; } = [];
    /// <summary>Registrable domains of the links to other sites.</summary>
    public IReadOnlyList<string> LinkDomains { get; init; } = [];
    /// <summary>The URL the page ended on when it is not the one asked for (a server or page redirect); null otherwise.</summary>
    public string? RedirectedTo { get; init; }

    public const int SketchSize = 64;
    private const int ShingleLength = 5;

    public static PageFacts Of(PageSnapshot page)
    {
        var text = VisibleText(page);
        var pageHost = SiteDomain.HttpHost(page.EffectiveUrl) ?? "";
        var scripts = page.Scripts.Select(s => s.Src).OfType<string>().Where(s => SiteDomain.HttpHost(s) is not null).Distinct().Order(StringComparer.Ordinal).ToList();
        return new PageFacts
        {
            Title = Clean(page.RenderedTitle ?? page.RawTitle),
            MetaKeywords = Clean(Meta(page, "keywords")),
            MetaDescription = Clean(Meta(page, "description")),
            TextHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16],
            TextLength = text.Length,
            TextSketch = Sketch(text),
            LinkCount = page.Links.Count,
            Scripts = scripts,
            ScriptHosts = scripts.Select(s => SiteDomain.HttpHost(s)!.ToLowerInvariant()).Where(h => !SiteDomain.SameSite(h, pageHost)).Distinct().Order(StringComparer.Ordinal).ToList(),
            Frames = page.Frames.Select(f => f.Src).Where(s => SiteDomain.HttpHost(s) is not null).Distinct().Order(StringComparer.Ordinal).ToList(),
            LinkDomains = page.Links.Where(l => SiteDomain.IsExternal(l.Href, page.EffectiveUrl))
                .Select(l => SiteDomain.Of(SiteDomain.HttpHost(l.Href)!).ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList(),
            RedirectedTo = Redirected(page),
        };
    }

    /// <summary>The share of the text two nights have in common, 0 to 1, estimated from the sketches (1 when both are empty).</summary>
    public static double TextSimilarity(PageFacts a, PageFacts b)
    {
        if (a.TextSketch.Count != SketchSize || b.TextSketch.Count != SketchSize) return a.TextHash == b.TextHash ? 1 : 0;
        return a.TextSketch.Zip(b.TextSketch).Count(p => p.First == p.Second) / (double)SketchSize;
    }

    /// <summary>The visible text blocks in document order, whitespace collapsed: what a visitor reads.</summary>
    public static string VisibleText(PageSnapshot page) =>
        Whitespace().Replace(string.Join(' ', page.TextBlocks.Where(b => !b.Visibility.Hidden).Select(b => b.Text)), " ").Trim();

    /// <summary>Bottom-k style MinHash: for each of <see cref="SketchSize"/> seeds, the smallest hash over the shingles.</summary>
    private static IReadOnlyList<uint> Sketch(string text)
    {
        var mins = Enumerable.Repeat(uint.MaxValue, SketchSize).ToArray();
        if (text.Length == 0) return mins;
        var shingles = new HashSet<ulong>();
        if (text.Length <= ShingleLength) shingles.Add(Fnv(text));
        else
            for (var i = 0; i + ShingleLength <= text.Length; i++) shingles.Add(Fnv(text.AsSpan(i, ShingleLength)));
        foreach (var h in shingles)
            for (var k = 0; k < SketchSize; k++)
            {
                var v = Mix(h ^ Seeds[k]);
                if (v < mins[k]) mins[k] = v;
            }
        return mins;
    }

    private static readonly ulong[] Seeds = Enumerable.Range(1, SketchSize).Select(i => Mix64((ulong)i * 0x9E3779B97F4A7C15UL)).ToArray();

    private static ulong Fnv(ReadOnlySpan<char> s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s) { h ^= c; h *= 1099511628211UL; }
        return h;
    }

    private static ulong Mix64(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return x;
    }

    private static uint Mix(ulong x) => (uint)(Mix64(x) >> 32);

    private static string? Redirected(PageSnapshot page)
    {
        var final = page.AttemptedNavigations.LastOrDefault(n => SiteDomain.HttpHost(n) is not null) ?? page.FinalUrl;
        if (final is null) return null;
        return Fingerprint.PageKey(final).TrimEnd('/') == Fingerprint.PageKey(page.RequestedUrl).TrimEnd('/') ? null : final;
    }

    private static string? Meta(PageSnapshot page, string name) =>
        page.Meta.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))?.Content;

    private static string? Clean(string? s) => s is null ? null : Whitespace().Replace(s, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
