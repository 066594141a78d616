using Scanner.Core.Analyzers;
using Scanner.Core.History;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.TestSupport;

namespace Scanner.Core.Tests.History;

/// <summary>
/// Tamper signals (TamperRules) on real pages: every other page of the shared clean corpus (real news pages) as the
/// clean night, then edited the way an editor does (no signal) or the way an attacker does (a signal, at the severity
/// DESIGN gives it).
/// </summary>
public sealed class TamperRulesTests
{
    private const string Url = "http://www.example-county.gov.cn/xxgk/index.html";

    private static List<string> Sample() =>
        Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html").Order(StringComparer.Ordinal).Where((_, i) => i % 2 == 0).Select(f => Path.GetFileName(f)!).ToList();

    public static TheoryData<string> CleanPages()
    {
        var data = new TheoryData<string>();
        foreach (var file in Sample()) data.Add(file);
        return data;
    }

    private static PageSnapshot Load(string file)
    {
        var html = File.ReadAllText(SharedFolder.Path("corpus", "clean", file));
        return StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });
    }

    [Theory]
    [MemberData(nameof(CleanPages))]
    public void An_editors_small_change_to_a_news_page_raises_no_signal(string file)
    {
        var clean = Load(file);
        var longest = clean.TextBlocks.Where(b => !b.Visibility.Hidden).MaxBy(b => b.Text.Length);
        // A corrected sentence in the longest paragraph, and a new short paragraph at the end (an update to the story).
        var edited = longest is null ? "" : longest.Text.Length > 40 ? "据最新消息，" + longest.Text[20..] : longest.Text + "（已更正）";
        var tonight = clean with
        {
            TextBlocks = [.. clean.TextBlocks.Select(b => b == longest ? b with { Text = edited } : b), Snap("记者 张三 编辑 李四 2026年12月01日 更新")],
        };

        Assert.Empty(TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(tonight), tonight));
    }

    [Theory]
    [MemberData(nameof(CleanPages))]
    public void A_defacement_is_critical(string file)
    {
        var clean = Load(file);
        if (PageFacts.Of(clean).TextLength < TamperRules.MinimumTextLength) return; // too little text to judge (none in the sample so far)
        var defaced = clean with
        {
            RenderedTitle = "Hacked by Sh3ll Team",
            TextBlocks = [Snap("Hacked by Sh3ll Team. Your security is zero. 黑客到此一游")],
            Links = [],
        };

        var findings = TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(defaced), defaced);

        var defacement = Assert.Single(findings, f => f.RuleId == TamperRules.DefacementRule);
        Assert.Equal(Severity.Critical, defacement.Severity);
        Assert.Contains(findings, f => f.RuleId == TamperRules.TitleChangedRule);
    }

    [Fact]
    public void Text_replaced_under_the_same_title_and_navigation_is_high_not_critical()
    {
        var clean = Load(Sample()[0]);
        var other = Load(Sample()[1]);
        var replaced = clean with { TextBlocks = other.TextBlocks };

        var defacement = Assert.Single(TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(replaced), replaced), f => f.RuleId == TamperRules.DefacementRule);
        Assert.Equal(Severity.High, defacement.Severity);
    }

    [Fact]
    public void New_hidden_link_domains_are_high_a_new_visible_partner_link_medium()
    {
        var clean = Load(Sample()[0]);
        var hidden = clean with { Links = [.. clean.Links, Link("http://www.ag8-casino.top/", hidden: true)] };
        var partner = clean with { Links = [.. clean.Links, Link("https://www.hunan-zwfw.example.org/", hidden: false)] };

        Assert.Equal(Severity.High, Assert.Single(TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(hidden), hidden)).Severity);
        var medium = Assert.Single(TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(partner), partner));
        Assert.Equal((TamperRules.NewLinkDomainRule, Severity.Medium), (medium.RuleId, medium.Severity));
    }

    [Fact]
    public void A_new_redirect_to_another_site_a_new_script_host_and_a_hidden_iframe_are_reported()
    {
        var clean = Load(Sample()[0]);
        var tonight = clean with
        {
            FinalUrl = "http://www.xpj88.cc/",
            Scripts = [.. clean.Scripts, new PageScript("https://cdn.tongji-stat.top/t.js", null, "head > script:nth-of-type(9)")],
            Frames = [.. clean.Frames, new PageFrame("body > iframe", "http://www.bet-365x.xyz/", Visibility.HiddenBecause("display-none"), new Box(0, 0, 0, 0))],
        };

        var findings = TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(tonight), tonight);

        Assert.Equal(Severity.High, Assert.Single(findings, f => f.RuleId == TamperRules.NewRedirectRule).Severity);
        Assert.Equal(Severity.Medium, Assert.Single(findings, f => f.RuleId == TamperRules.NewScriptHostRule).Severity);
        Assert.Equal(Severity.High, Assert.Single(findings, f => f.RuleId == TamperRules.NewIframeRule).Severity);
        // The same change found again the next night is the same finding (its fingerprint does not move).
        Assert.Equal(findings.Select(f => f.Fingerprint), TamperRules.Compare(PageFacts.Of(clean), PageFacts.Of(tonight), tonight).Select(f => f.Fingerprint));
    }

    private static TextBlock Snap(string text) => new("body > p.new", "p", text, Visibility.Visible, new Box(0, 0, 600, 20));

    private static PageLink Link(string href, bool hidden) =>
        new("body > div > a", href, "链接", hidden ? Visibility.HiddenBecause("display-none") : Visibility.Visible, new Box(0, 0, 50, 20));
}
