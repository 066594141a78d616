using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using static Scanner.Core.Tests.Analyzers.Snapshots;

namespace Scanner.Core.Tests.Analyzers;

public sealed class LinkPolicyAnalyzerTests
{
    private static readonly LinkPolicy Policy = new()
    {
        AllowedDomains = LinkPolicy.Set(["gov.cn", "trusted.example"]),
        DeniedDomains = LinkPolicy.Set(["bad-casino.com"]),
        SuspiciousTlds = LinkPolicy.Set(["xyz"]),
    };

    private static List<Finding> Analyze(params PageLink[] links) =>
        new LinkPolicyAnalyzer().Analyze(Page(links: links), RuleSetWith(Policy)).ToList();

    [Fact]
    public void A_denied_domain_and_its_subdomains_are_reported()
    {
        var finding = Assert.Single(Analyze(Link("http://www.bad-casino.com/x", "home")));
        Assert.Equal(LinkPolicyAnalyzer.DeniedDomainRule, finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("bad-casino.com", finding.MatchedTerm);
    }

    [Fact]
    public void A_hidden_external_link_with_spam_anchor_is_critical()
    {
        var finding = Assert.Single(Analyze(Link("https://spam.example/", "澳门百家乐", hidden: true)));
        Assert.Equal(LinkPolicyAnalyzer.SpamAnchorRule, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("gambling", finding.Category);
        Assert.Contains(finding.Reasons, r => r.Contains("off-screen"));
    }

    [Fact]
    public void A_visible_external_spam_anchor_has_its_terms_severity()
    {
        var finding = Assert.Single(Analyze(Link("https://spam.example/", "百家乐")));
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void A_medium_term_on_a_link_to_a_site_named_with_letters_run_into_a_number_is_high()
    {
        var finding = Assert.Single(Analyze(Link("http://www.70352bet.com/", "网上赌博")));
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("70352bet.com runs letters into a number", StringComparison.Ordinal));
        // The same words on a link to a named site stay medium (a casino brand is also a resort hotel's name).
        Assert.Equal(Severity.Medium, Assert.Single(Analyze(Link("https://www.macau-travel.com/hotels", "网上赌博"))).Severity);
    }

    [Fact]
    public void Suspicious_tlds_are_medium()
    {
        var finding = Assert.Single(Analyze(Link("https://promo.xyz/", "活动")));
        Assert.Equal(LinkPolicyAnalyzer.SuspiciousTldRule, finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
    }

    [Fact]
    public void Allowed_domains_same_site_links_and_non_http_links_are_never_reported()
    {
        Assert.Empty(Analyze(
            Link("https://www.hunan.gov.cn/", "百家乐"),
            Link("https://trusted.example/", "百家乐"),
            Link("https://news.yongzhou.gov.cn/a.html", "百家乐"),
            Link("mailto:yzcity@163.com", "百家乐"),
            Link("javascript:void(0)", "百家乐")));
    }

    [Theory]
    [InlineData("www.yongzhou.gov.cn", "yongzhou.gov.cn")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("news.bbc.co.uk", "bbc.co.uk")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void Site_domain(string host, string site) => Assert.Equal(site, SiteDomain.Of(host));
}
