using Scanner.Core.Analyzers;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// <c>served.only-in-source</c> with the browser engine: the served HTML against what the browser rendered. A copy of
/// a news page whose scripts did not render (offline, blocked) must not report its own hundreds of links to its
/// production site; spam links the scripts removed still are.
/// </summary>
public sealed class ServedSourceAnalyzerTests
{
    private static string Served(string extra) =>
        "<html><body><ul>" + string.Concat(Enumerable.Range(0, 40).Select(i => $"<li><a href=\"https://news.163.com/{i}.html\">新闻{i}</a></li>"))
        + "</ul>" + extra + "</body></html>";

    [Fact]
    public void The_pages_own_site_by_its_served_links_is_not_reported_when_the_browser_lost_them()
    {
        var page = Page() with { ServedHtml = Served("") };
        Assert.Empty(new ServedSourceAnalyzer().Analyze(page, RuleSetWith()));
    }

    [Fact]
    public void Links_to_other_sites_or_with_spam_anchors_that_only_the_served_HTML_holds_are_still_reported()
    {
        var page = Page() with
        {
            ServedHtml = Served("<div id=\"x\"><a href=\"http://a8.example/\">百家乐</a><a href=\"http://b9.example/\">无码视频</a>"
                + "<a href=\"https://news.163.com/spam.html\">婷婷五月</a></div>"),
        };
        var findings = new ServedSourceAnalyzer().Analyze(page, RuleSetWith()).ToList();
        var finding = Assert.Single(findings);
        Assert.Contains("a8.example", finding.Evidence);
        Assert.Contains("news.163.com/spam.html", finding.Evidence);
        Assert.DoesNotContain("news.163.com/1.html", finding.Evidence);
    }
}
