using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>Hand-built snapshots and rule sets: analyzers are pure functions, so no browser is needed here.</summary>
internal static class Snapshots
{
    public const string PageUrl = "https://www.yongzhou.gov.cn/news/1.html";

    public static TextBlock Block(string text, bool hidden = false, string selector = "p", string? linkHref = null) =>
        new(selector, "p", text, hidden ? Visibility.HiddenBecause("display-none") : Visibility.Visible, new Box(0, 0, 100, 20), linkHref);

    public static PageLink Link(string href, string text, bool hidden = false) =>
        new("a", href, text, hidden ? Visibility.HiddenBecause("off-screen") : Visibility.Visible, new Box(0, 0, 50, 20));

    public static PageSnapshot Page(IEnumerable<TextBlock>? blocks = null, IEnumerable<PageLink>? links = null, string? title = "新闻") => new()
    {
        RequestedUrl = PageUrl,
        FinalUrl = PageUrl,
        Status = 200,
        ServedHtml = "<html></html>",
        RenderedTitle = title,
        TextBlocks = (blocks ?? []).ToArray(),
        Links = (links ?? []).ToArray(),
    };

    public static RuleSet RuleSetWith(LinkPolicy? policy = null) => new([Porn, Gambling], policy ?? LinkPolicy.Empty);

    public static readonly KeywordPack Porn = new()
    {
        Id = "porn", Category = "porn", Severity = Severity.High, SourceFile = "porn.yaml",
        Terms = [new("无码视频"), new("av一区"), new("婷婷五月"), new("色情", Severity.Medium)],
    };

    public static readonly KeywordPack Gambling = new()
    {
        Id = "gambling", Category = "gambling", Severity = Severity.High, SourceFile = "gambling.yaml",
        Terms = [new("百家乐"), new("赌博", Severity.Medium)],
    };
}
