using System.Text;
using Scanner.Core.Analyzers.Emulation;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>The fake browser as each visitor, the bytes-to-text APIs payloads use, and what only a click reaches.</summary>
public sealed class VisitorProfileTests
{
    private const string PageUrl = "https://www.example.gov.cn/news/1.html";

    private static EmulationTrace Run(string script, VisitorProfile? visitor = null) =>
        ScriptEmulator.Run(script, PageUrl, new EmulationBudget(TimeSpan.FromSeconds(120)), TimeSpan.FromSeconds(60), visitor);

    private const string Report = "document.write([navigator.userAgent, navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone,"
        + " new Date().getTimezoneOffset(), document.referrer, 'ontouchstart' in window, screen.width].join('|'));";

    [Fact]
    public void The_default_visitor_is_a_desktop_in_English_at_UTC_typing_the_address()
    {
        var written = Assert.Single(Run(Report).Of("markup")).Text.Split('|');
        Assert.Contains("Windows NT", written[0]);
        Assert.Equal(["en-US", "UTC", "0", "", "false", "1920"], written[1..]);
    }

    [Fact]
    public void The_targeted_phone_is_in_China_on_Android_from_a_Baidu_search()
    {
        var written = Assert.Single(Run(Report, VisitorProfile.ChinesePhoneFromSearch).Of("markup")).Text.Split('|');
        Assert.Matches("Android.*Mobile", written[0]);
        Assert.Equal(["zh-CN", "Asia/Shanghai", "-480"], written[1..4]);
        Assert.StartsWith("https://www.baidu.com/", written[4]);
        Assert.Equal("true", written[5]);
    }

    [Fact]
    public void TextDecoder_turns_the_bytes_of_atob_into_text_in_utf8_and_gbk()
    {
        var utf8 = Convert.ToBase64String(Encoding.UTF8.GetBytes("<a href=\"http://x.example/\">澳门百家乐</a>"));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Convert.ToBase64String(Encoding.GetEncoding("gbk").GetBytes("新葡京"));
        var trace = Run($"function d(s,e){{var b=atob(s),u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return new TextDecoder(e).decode(u);}}"
            + $"document.write(d('{utf8}','utf-8'));document.write(d('{gbk}','gbk'));document.write(new TextDecoder().decode(new TextEncoder().encode('往返')));");
        Assert.Equal(["<a href=\"http://x.example/\">澳门百家乐</a>", "新葡京", "往返"], trace.Of("markup").Select(e => e.Text));
    }

    [Fact]
    public void A_navigation_only_a_click_makes_is_marked_and_a_timer_or_load_handler_is_not()
    {
        var trace = Run("setTimeout(function(){location.href='http://a.example/';},5);window.addEventListener('load',function(){location.replace('http://b.example/');});"
            + "document.getElementById('btn').onclick=function(){location.href='http://c.example/';};$('#go').on('click',function(){location.assign('http://d.example/');});");
        Assert.Equal(["http://a.example/", "http://b.example/", "http://c.example/", "http://d.example/"], trace.Of("navigate").Select(e => e.Text).Order());
        Assert.Equal(["http://c.example/", "http://d.example/"], trace.Of("on-event").Select(e => e.Text).Order());
    }

    [Fact]
    public void A_script_that_tests_the_visitor_is_run_as_each_target_visitor_and_the_first_one_that_is_sent_is_named()
    {
        const string script = "if(/Android|iPhone/i.test(navigator.userAgent)&&document.referrer.indexOf('baidu')>-1){location.href=['https:','','m.x9k3.example','r'].join('/');}"
            + "else if(document.referrer.indexOf('baidu')>-1){top.location.href='https://'+'pc.x9k3.example/';}";
        var runs = VisitorRuns.Of(script, script, testsVisitor: true, PageUrl, new EmulationBudget(TimeSpan.FromSeconds(120)));
        Assert.Equal([("https://m.x9k3.example/r", VisitorProfile.ChinesePhoneFromSearch), ("https://pc.x9k3.example/", VisitorProfile.ChineseDesktopFromSearch)],
            runs.Select(r => (r.Url, r.Visitor)));
    }

    [Theory]
    [InlineData("function go(){location.href='/search.html';}", false)]        // a literal target: read from the text
    [InlineData("if(/Android/.test(navigator.userAgent)){location.href='/m/';}", false)]
    [InlineData("var u=a+b;location.replace(u);", true)]                         // computed targets and names
    [InlineData("top.location.href=['https:','','x.example'].join('/');", true)]
    [InlineData("window['location']['href']=u;", true)]
    [InlineData("window.location=\"http://\"+h+\"/\";", true)]                        // a literal joined to a variable
    [InlineData("if(location.href==u){}", false)]                                // a comparison, not a sink
    public void Only_scripts_whose_target_or_sink_is_computed_are_run(string script, bool run) =>
        Assert.Equal(run, VisitorRuns.WorthRunning(script, script));
}
