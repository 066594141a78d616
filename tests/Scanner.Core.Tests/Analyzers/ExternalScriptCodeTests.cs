using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// The code of external scripts (<see cref="PageScript.ExternalText"/>, brought in by the loaders) read by the script and
/// redirect rules, and <c>script.external-host</c>'s corroborated escalation (issue 14, items 5 and 7).
/// </summary>
public sealed class ExternalScriptCodeTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://www.qsx.gov.cn/index.html";

    private static PageSnapshot Static(string html) =>
        StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });

    private static string Html(string head = "", string top = "", string tail = "") =>
        $"{top}<!DOCTYPE html><html lang=\"zh-CN\"><head>{head}<meta charset=\"utf-8\"><title>青山县人民政府</title></head>"
        + "<body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p></body></html>" + tail;

    /// <summary>The page with <paramref name="src"/> in its head and <paramref name="code"/> as that script's fetched code.</summary>
    private static PageSnapshot WithScript(string src, string code) =>
        ExternalScripts.With(Static(Html($"<script src=\"{src}\"></script>")), new Dictionary<string, string> { [src] = code });

    private static List<Finding> Analyze(PageSnapshot page) => new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();

    private const string ReferrerRedirect =
        "var s=document.referrer;if(s.indexOf('baidu')>0||s.indexOf('sogou')>0||s.indexOf('sm.cn')>0){location.href='http://www.js8888bet.com/';}";

    [Fact]
    public void A_referrer_redirect_in_an_external_script_is_a_critical_redirect_naming_the_script()
    {
        var findings = Analyze(WithScript("http://js.a7b9x3.cn/tj.js", ReferrerRedirect));
        var redirect = Assert.Single(findings, f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
        Assert.Equal(Severity.Critical, redirect.Severity);
        Assert.Contains(redirect.Reasons, r => r.Contains("http://js.a7b9x3.cn/tj.js"));
        Assert.Contains(redirect.Reasons, r => r.Contains("the referrer"));
        var cloaking = Assert.Single(findings, f => f.RuleId == ScriptInjectionAnalyzer.CloakingRule);
        Assert.StartsWith("http://js.a7b9x3.cn/tj.js", cloaking.Evidence);
    }

    [Fact]
    public void The_sites_own_hacked_common_js_is_read_too()
    {
        var findings = Analyze(WithScript("http://www.qsx.gov.cn/js/common.js", "$(function(){ initMenu(); });\n" + ReferrerRedirect));
        Assert.Equal(Severity.Critical, Assert.Single(findings, f => f.RuleId == RedirectAnalyzer.CrossDomainRule).Severity);
    }

    [Fact]
    public void Code_from_a_well_known_host_is_not_judged()
    {
        // The same code said to come from Baidu's analytics host: libraries and trackers are not read.
        var findings = Analyze(WithScript("https://hm.baidu.com/hm.js?abc", ReferrerRedirect));
        Assert.DoesNotContain(findings, f => f.RuleId is RedirectAnalyzer.CrossDomainRule or ScriptInjectionAnalyzer.CloakingRule);
    }

    [Fact]
    public void An_external_script_that_writes_hidden_spam_links_is_critical()
    {
        var code = "document.write('<div style=\"display:none\"><a href=\"http://www.yh8888.com/\">澳门新葡京</a><a href=\"http://www.bet365zx.net/\">真人百家乐</a></div>');";
        var writes = Assert.Single(Analyze(WithScript("http://www.qsx.gov.cn/js/foot.js", code)), f => f.RuleId == ScriptInjectionAnalyzer.WritesLinksRule);
        Assert.Equal(Severity.Critical, writes.Severity);
        Assert.Contains(writes.Reasons, r => r.Contains("foot.js"));
    }

    [Fact]
    public void Phones_sent_to_the_sites_mobile_edition_by_an_external_script_stay_medium()
    {
        var code = "if(/android|iphone|ipad|mobile/i.test(navigator.userAgent)){window.location.href='http://m.qsrmyy.com/';}";
        var redirect = Assert.Single(Analyze(WithScript("http://www.qsx.gov.cn/js/mobile.js", code)), f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
        Assert.Equal(Severity.Medium, redirect.Severity);
    }

    [Fact]
    public void A_library_the_site_serves_is_judged_only_past_its_minified_body()
    {
        // Sizzle-like feature tests and a "b=b in" that reads as a gambling brand: a library's own code, not judged.
        var body = "!function(e){var b=b in e;" + string.Concat(Enumerable.Repeat("e.innerHTML=\"<a id='x'></a>\";String.fromCharCode(c.charCodeAt(0)-1);", 100)) + "}(window);";
        var library = "/*! jQuery v1.12.4 | (c) jQuery Foundation | jquery.org/license */\n" + body + "\n//# sourceMappingURL=jquery.min.map\n";
        Assert.DoesNotContain(Analyze(WithScript("http://www.qsx.gov.cn/js/jquery.min.js", library)), f => f.Severity >= Severity.Medium);
        // The hijack appended to the site's copy is read.
        var hacked = Analyze(WithScript("http://www.qsx.gov.cn/js/jquery.min.js", library + ReferrerRedirect));
        Assert.Equal(Severity.Critical, Assert.Single(hacked, f => f.RuleId == RedirectAnalyzer.CrossDomainRule).Severity);
    }

    [Fact]
    public void Only_the_first_scripts_of_hosts_not_skipped_are_fetched()
    {
        var scripts = string.Concat(Enumerable.Range(0, 20).Select(i => $"<script src=\"/js/s{i}.js\"></script>"));
        var page = Static(Html("<script src=\"https://cdn.jsdelivr.net/npm/jquery.min.js\"></script>" + scripts));
        var urls = ExternalScripts.ToFetch(page, host => ScriptCode.Trusted(host, Url, Shipped));
        Assert.Equal(ExternalScripts.MaxPerPage, urls.Count);
        Assert.Equal("http://www.qsx.gov.cn/js/s0.js", urls[0]);
        Assert.DoesNotContain(urls, u => u.Contains("jsdelivr"));
    }

    private static Severity? ExternalHost(PageSnapshot page) =>
        Analyze(page).Where(f => f.RuleId == ScriptInjectionAnalyzer.ExternalHostRule).Select(f => (Severity?)f.Severity).Max();

    [Theory]
    [InlineData("<script src=\"http://js.a7b9x3.com/tj.js\"></script>", "", "medium")]                 // random-looking, first in <head>
    [InlineData("", "<script src=\"http://js.a7b9x3.com/tj.js\"></script>", "high")]                   // random-looking, after </html>
    [InlineData("<script src=\"http://js.example.top/tj.js\"></script>", "", "medium")]                // suspicious TLD, first in <head>
    [InlineData("<script src=\"http://js.a7b9x3z.top/tj.js\"></script>", "", "high")]                  // both
    [InlineData("<script src=\"/js/jquery.js\"></script><script src=\"http://js.a7b9x3.com/tj.js\"></script>", "", "info")] // not the first script
    [InlineData("<script src=\"http://widget.kefu-online.com/chat.js\"></script>", "", "info")]        // an ordinary widget, first in <head>
    public void A_random_or_suspicious_script_host_in_an_injectors_place_rises_above_info(string first, string tail, string expected)
    {
        var page = Static(Html(first, tail: tail));
        Assert.Equal(Enum.Parse<Severity>(expected, ignoreCase: true), ExternalHost(page));
    }

    [Fact]
    public void A_random_looking_script_host_in_an_ordinary_place_stays_info()
    {
        var page = Static("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青山县人民政府</title><script src=\"http://js.a7b9x3.com/tj.js\"></script></head><body><p>会议</p></body></html>");
        Assert.Equal(Severity.Info, ExternalHost(page));
    }
}
