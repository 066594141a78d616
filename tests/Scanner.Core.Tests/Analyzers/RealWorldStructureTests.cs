using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// The structural signals of issue 14 on snapshots built from HTML by the static engine's own builder
/// (<see cref="MarkupSnapshot"/>), with the shipped rules: what real injections look like, and the look-alikes.
/// </summary>
public sealed class RealWorldStructureTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://www.example-county.gov.cn/xxgk/index.html";

    private static PageSnapshot Static(string body, string head = "") =>
        StaticSnapshotBuilder.Build($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>县人民政府</title>{head}</head><body>{body}</body></html>",
            new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });

    private static List<Finding> Analyze(PageSnapshot page) => new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();

    private static string Farm(int n, Func<int, string> host, Func<int, string> text) =>
        string.Concat(Enumerable.Range(1, n).Select(i => $"<a href=\"http://{host(i)}/\" target=\"_blank\">{text(i)}</a> "));

    [Fact]
    public void The_public_suffix_list_gives_registrable_domains()
    {
        Assert.NotNull(PublicSuffixList.Default); // CI installs Debian's publicsuffix package
        Assert.Equal("yongzhou.gov.cn", SiteDomain.Of("www.yongzhou.gov.cn"));
        Assert.Equal("foo.github.io", SiteDomain.Of("a.foo.github.io"));
        Assert.Equal("example.com.hk", SiteDomain.Of("x.example.com.hk"));
        var list = PublicSuffixList.Parse(["ck", "*.ck", "!www.ck", "com"], "test");
        Assert.Equal("www.ck", list.RegistrableDomain("a.www.ck"));
        Assert.Equal("b.c.ck", list.RegistrableDomain("a.b.c.ck"));
        Assert.Equal("example.com", list.RegistrableDomain("x.y.example.com"));
    }

    [Theory]
    [InlineData("8888js.com", true)]
    [InlineData("36524.net", true)]
    [InlineData("qzxwvkpt.com", true)]
    [InlineData("163.com", false)]
    [InlineData("yongzhou.gov.cn", false)]
    [InlineData("example.com", false)]
    public void Random_looking_domains(string site, bool random) => Assert.Equal(random, RandomLookingDomain.Is(site));

    [Fact]
    public void A_farm_with_gibberish_anchors_hidden_by_a_script_after_it_is_critical_statically()
    {
        var page = Static($"<div class=\"main\">通知公告</div><div id=\"lk8\">{Farm(8, i => $"www.site{i}-partner.com", i => $"xqz{i}kw")}</div>"
            + "<script>document.getElementById('lk8').style.display='none';</script>");
        var link = page.Links.First();
        Assert.Contains(link.Visibility.Reasons, r => r.Contains("hidden-by-inline-script"));
        var finding = Assert.Single(Analyze(page), f => f.RuleId == HiddenContentAnalyzer.ExternalLinksRule);
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void Inline_deliberate_hiding_is_read_without_a_browser()
    {
        var page = Static("<div style=\"position:absolute;left:-9999px;top:-9999px\"><a href=\"http://a.example.com/\">a</a><a href=\"http://b.example.com/\">b</a></div>"
            + "<marquee width=\"1\" height=\"1\"><a href=\"http://c.example.com/\">c</a></marquee>"
            + "<p style=\"font-size:1px;color:#fff\"><a href=\"http://d.example.com/\">d</a></p>");
        Assert.Contains(page.Links[0].Visibility.Reasons, r => r.Contains("off-screen"));
        Assert.Contains(page.Links[2].Visibility.Reasons, r => r.Contains("tiny-marquee"));
        Assert.Contains(page.Links[3].Visibility.Reasons, r => r.Contains("tiny-font"));
    }

    [Fact]
    public void A_display_none_farm_is_judged_by_corroboration_and_social_menus_are_nothing()
    {
        var farm = Static($"<div style=\"display:none\">{Farm(10, i => $"{1000 + i * 7}cp{i}.com", i => $"链接{i}")}</div>");
        Assert.Equal(Severity.Critical, Analyze(farm).Where(f => f.RuleId == HiddenContentAnalyzer.ExternalLinksRule).Max(f => f.Severity));

        var social = Static("<style>.share-menu{display:none}</style><ul class=\"share-menu\">"
            + string.Concat(new[] { "www.facebook.com/sharer", "twitter.com/intent/tweet", "service.weibo.com/share", "www.linkedin.com/share", "www.pinterest.com/pin", "weixin.qq.com/r/x" }
                .Select(u => $"<li><a href=\"https://{u}\">分享</a></li>")) + "</ul>");
        Assert.DoesNotContain(Analyze(social), f => f.Severity > Severity.Low);
    }

    [Fact]
    public void A_noscript_block_of_porn_links_is_only_in_the_source()
    {
        var page = Static("<p>政务公开</p><noscript>" + Farm(6, i => $"www.av{i}x.com", i => i % 2 == 0 ? "无码视频" : "婷婷五月") + "</noscript>");
        var finding = Assert.Single(Analyze(page), f => f.RuleId == ServedSourceAnalyzer.OnlyInSourceRule);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("noscript", finding.Reasons[0]);
    }

    [Fact]
    public void Links_and_spam_that_scripts_remove_are_only_in_the_source_for_the_browser_engine()
    {
        var served = "<html><body><div id=\"x\">" + Farm(5, i => $"www.w{i}site.com", i => "百家乐") + "</div><p>无码视频 婷婷五月</p></body></html>";
        var page = new PageSnapshot
        {
            RequestedUrl = Url, FinalUrl = Url, Status = 200, ServedHtml = served,
            TextBlocks = [new TextBlock("p", "p", "县人民政府", Visibility.Visible, default)],
        };
        var findings = Analyze(page).Where(f => f.RuleId == ServedSourceAnalyzer.OnlyInSourceRule).ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.Critical, f.Severity));
    }

    [Fact]
    public void A_script_that_fetches_remote_html_into_the_page_is_flagged_and_a_same_site_fetch_is_not()
    {
        var remote = Static("<div id=\"yq\"></div><script>fetch('http://www.lk-8899.com/links.html').then(function(r){return r.text()}).then(function(h){document.getElementById('yq').innerHTML=h;});</script>");
        var finding = Assert.Single(Analyze(remote), f => f.RuleId == ScriptInjectionAnalyzer.FetchesMarkupRule);
        Assert.Equal(Severity.Critical, finding.Severity); // random-looking host
        var own = Static("<div id=\"news\"></div><script>$.get('/xxgk/list.json', function(d){ $('#news').html(d); });</script>");
        Assert.DoesNotContain(Analyze(own), f => f.RuleId == ScriptInjectionAnalyzer.FetchesMarkupRule);
    }

    [Fact]
    public void Redirects_are_read_from_the_code_with_their_conditions()
    {
        var conditional = Static("<script>var ua=navigator.userAgent.toLowerCase(); if(/android|iphone|mobile/.test(ua) || navigator.language=='zh-CN'){ window.location.href='http://www.b8c9d.com/'; }</script>");
        var finding = Assert.Single(Analyze(conditional), f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("mobile", finding.Reasons[0]);
        Assert.Contains("language", finding.Reasons[0]);

        var sameSite = Static("<script>if(document.referrer.indexOf('baidu.com')>-1){ location.href='/zwgk/index.html'; }</script>");
        Assert.DoesNotContain(Analyze(sameSite), f => f.Severity >= Severity.High);

        var onClick = Static("<script>function goPartner(){ window.location.href='http://www.partner-site.com/'; }</script><a onclick=\"goPartner()\">合作</a>");
        Assert.Equal(Severity.Medium, Assert.Single(Analyze(onClick), f => f.RuleId == RedirectAnalyzer.CrossDomainRule).Severity);
    }

    [Fact]
    public void A_server_redirect_to_another_site_is_critical()
    {
        var page = Static("<p>x</p>") with { RequestedUrl = Url, RedirectChain = [Url], FinalUrl = "http://www.spam-landing.com/" };
        var finding = Assert.Single(Analyze(page), f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void A_packed_analytics_snippet_is_low()
    {
        var packed = "eval(function(p,a,c,k,e,d){e=function(c){return c.toString(36)};if(!''.replace(/^/,String)){while(c--){d[c.toString(a)]=k[c]||c.toString(a)}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}('0 1=2.3(\"4\");1.5=\"6://7.8.9/a.b?c\";0 d=2.e(\"4\")[0];d.f.g(1,d);',17,17,'var|hm|document|createElement|script|src|https|hm|baidu|com|hm|js|abc123|s|getElementsByTagName|parentNode|insertBefore'.split('|'),0,{}))";
        var findings = Analyze(Static($"<p>x</p><script>{packed}</script>"));
        Assert.DoesNotContain(findings, f => f.Severity > Severity.Low);
    }

    [Fact]
    public void Well_known_host_lists_are_validated_with_file_and_line()
    {
        var error = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse("kind: link-policy\nplatforms:\n  - weibo.com\n  - https://twitter.com/\n", "hosts.yaml"));
        Assert.Contains("hosts.yaml", error.Message);
        Assert.Contains(":4", error.Message);
        Assert.True(Shipped.LinkPolicy.IsWellKnown("service.weibo.com"));
        Assert.True(Shipped.LinkPolicy.IsWellKnown("hm.baidu.com"));
        Assert.False(Shipped.LinkPolicy.IsWellKnown("www.baidu-casino.com"));
    }

    [Fact]
    public void Identical_spam_in_two_places_gives_two_findings_with_distinct_fingerprints()
    {
        const string spam = "<div style=\"display:none\">无码视频 婷婷五月 av一区</div>";
        var findings = Analyze(Static("<div class=\"top\">" + spam + "</div><p>正文</p><div class=\"foot\">" + spam + "</div>"))
            .Where(f => f.RuleId == "keyword.porn").ToList();
        Assert.Equal(2, findings.Count);
        Assert.NotEqual(findings[0].Fingerprint, findings[1].Fingerprint);
        var again = Analyze(Static("<div class=\"top\">" + spam + "</div><p>正文已更新，内容不同</p><div class=\"foot\">" + spam + "</div>"))
            .Where(f => f.RuleId == "keyword.porn").Select(f => f.Fingerprint);
        Assert.Equal(findings.Select(f => f.Fingerprint), again);
    }

    [Fact]
    public void A_gbk_page_without_a_declared_charset_is_detected()
    {
        var text = "<html><head><title>县人民政府门户网站</title></head><body><p>无码视频 婷婷五月 澳门百家乐 各位市民朋友，欢迎访问本县人民政府门户网站，政务公开信息每日更新。</p></body></html>";
        var bytes = HtmlDecoder.FromLabel("gbk")!.GetBytes(text);
        Assert.Null(HtmlDecoder.Declared(bytes, "text/html"));
        Assert.Equal(text, HtmlDecoder.Decode(bytes, "text/html"));
    }
}
