using System.Text.RegularExpressions;
using Scanner.Core.Model;

namespace Scanner.Core.Analyzers;

/// <summary>
/// One page fetched as an ordinary visitor (twice, to learn what varies by itself) and under another profile.
/// Both visitor loads and the profile load come from the same engine, so differences are the server's or the page's doing.
/// </summary>
public sealed record ProfileComparison(PageSnapshot Visitor, PageSnapshot? VisitorAgain, PageSnapshot Profile);

/// <summary>
/// What differs between two loads once the noise is gone: timestamps, counters and tokens are masked, and whatever
/// already differed between two identical visitor loads (rotating ads, random widgets) is ignored.
/// </summary>
public static partial class ProfileDifference
{
    public sealed record Result(IReadOnlyList<TextBlock> AddedBlocks, IReadOnlyList<PageLink> AddedLinks, int VisitorTextLength);

    public static Result Compute(ProfileComparison comparison)
    {
        var visitorTexts = TextKeys(comparison.Visitor);
        var noiseTexts = comparison.VisitorAgain is null ? [] : Noise(visitorTexts, TextKeys(comparison.VisitorAgain));
        var added = comparison.Profile.TextBlocks
            .Where(b => !visitorTexts.Contains(Mask(b.Text)) && !noiseTexts.Contains(Mask(b.Text)))
            .ToList();

        var visitorLinks = LinkKeys(comparison.Visitor);
        var noiseLinks = comparison.VisitorAgain is null ? [] : Noise(visitorLinks, LinkKeys(comparison.VisitorAgain));
        var addedLinks = comparison.Profile.Links
            .Where(l => !visitorLinks.Contains(MaskUrl(l.Href)) && !noiseLinks.Contains(MaskUrl(l.Href)))
            .ToList();
        return new Result(added, addedLinks, comparison.Visitor.TextBlocks.Sum(b => b.Text.Length));
    }

    /// <summary>Text with what legitimately changes between loads masked: digit runs (dates, times, counters) and long tokens.</summary>
    public static string Mask(string text) => Digits().Replace(Token().Replace(text.Trim(), "~"), "0");

    public static string MaskUrl(string url) => Token().Replace(Digits().Replace(url, "0"), "~");

    private static HashSet<string> TextKeys(PageSnapshot page) => page.TextBlocks.Select(b => Mask(b.Text)).ToHashSet();

    private static HashSet<string> LinkKeys(PageSnapshot page) => page.Links.Select(l => MaskUrl(l.Href)).ToHashSet();

    private static HashSet<string> Noise(HashSet<string> first, HashSet<string> second)
    {
        var noise = new HashSet<string>(first);
        noise.SymmetricExceptWith(second);
        return noise;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"[A-Za-z0-9+/=_-]{16,}")]
    private static partial Regex Token();
}
