using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// <c>redirect.canonical-hijack</c>: Baidu's mobile adaptation (meta mobile-agent), a mobile alternate and a canonical
/// link that name an attacker's site in the served head; the same tags naming the site's own or an institution's domain.
/// </summary>
public sealed class CanonicalHijackAnalyzerTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static List<Finding> Analyze(string head, string url = "http://127.0.0.1:8080/index.html")
    {
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>县交通运输局</title>{head}</head><body>"
            + "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a></div><p>欢迎访问县交通运输局门户网站。</p></body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(url), new PageSnapshot { RequestedUrl = url, FinalUrl = url, Status = 200 });
        return new CanonicalHijackAnalyzer().Analyze(page, Shipped).ToList();
    }

    [Fact]
    public void Mobile_adaptation_tags_naming_a_site_under_a_suspicious_tld_are_high()
    {
        var finding = Assert.Single(Analyze("<meta name=\"mobile-agent\" content=\"format=html5;url=http://m.qwkd7.top/\">"
            + "<link rel=\"alternate\" media=\"only screen and (max-width: 640px)\" href=\"http://m.qwkd7.top/\"><link rel=\"canonical\" href=\"http://www.qwkd7.top/\">"));
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("suspicious top-level domain .top", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sites_own_institution_domain_is_not_reported_and_another_named_site_is_low()
    {
        Assert.Empty(Analyze("<meta name=\"mobile-agent\" content=\"format=html5;url=http://m.mengcheng.gov.cn/\"><link rel=\"canonical\" href=\"http://www.mengcheng.gov.cn/\">"));
        Assert.Empty(Analyze("<link rel=\"canonical\" href=\"/index.html\">"));
        Assert.Equal(Severity.Low, Assert.Single(Analyze("<link rel=\"canonical\" href=\"https://www.county-transport.example.com/\">")).Severity);
    }
}
