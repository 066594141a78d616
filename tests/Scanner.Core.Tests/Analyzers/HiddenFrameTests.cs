using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// <c>frame.hidden-external</c>: a hidden iframe of another site is medium (trackers do it), high when the site's name
/// runs letters into a number as injected gambling sites' names do; trackers' consonant-heavy or plain-number names stay medium.
/// </summary>
public sealed class HiddenFrameTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.Combine(AppContext.BaseDirectory, "rules")] });

    private static Finding HiddenFrameTo(string src)
    {
        var page = Page() with { Frames = [new PageFrame("iframe", src, Visibility.HiddenBecause("display-none"), new Box(0, 0, 0, 0))] };
        return Assert.Single(new RedirectAnalyzer().Analyze(page, Shipped), f => f.RuleId == RedirectAnalyzer.HiddenFrameRule);
    }

    [Theory]
    [InlineData("http://www.60088js.com/reg.html?i=3318")]
    [InlineData("https://www.xpj2998.net/index.html")]
    public void A_hidden_frame_of_a_letters_and_number_name_is_high(string src)
    {
        var finding = HiddenFrameTo(src);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("runs letters into a number"));
    }

    [Theory]
    [InlineData("http://bcp.crwdcntrl.net/5/c=508/rt=ifr")]
    [InlineData("https://yt-adp.ws.126.net/advertisement/contract/news_nets_common66.html")]
    [InlineData("https://ads.example-analytics.com/sync.html")]
    public void A_trackers_hidden_frame_stays_medium(string src) => Assert.Equal(Severity.Medium, HiddenFrameTo(src).Severity);
}
