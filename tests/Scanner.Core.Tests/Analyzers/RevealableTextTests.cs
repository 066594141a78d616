using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Hidden text that the page itself can show: a closed tab or accordion panel of a school's or a bureau's page that
/// names one word that alone is only medium (色情, 赌博) is medium; injected hidden text is not let off.
/// </summary>
public sealed class RevealableTextTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://www.yizhong.edu.cn/index.html";

    private static List<Finding> Keywords(string body, string script)
    {
        var html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>首页_市第一中学</title></head><body>"
            + "<div class=\"head\"><h1>市第一中学</h1></div><div class=\"main\">" + body + "</div><div class=\"foot\">主办单位：市第一中学</div>"
            + $"<script>{script}</script></body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).Where(f => f.RuleId.StartsWith("keyword.", StringComparison.Ordinal)).ToList();
    }

    private const string Accordion = "<h3>家长常见问题</h3><div class=\"qa\"><h4 class=\"qa-h\">学生可以带手机吗？</h4><div class=\"qa-b\" style=\"display:none\">原则上不得带入课堂。</div></div>"
        + "<div class=\"qa\"><h4 class=\"qa-h\">孩子沉迷游戏怎么办？</h4><div class=\"qa-b\" style=\"display:none\">{0}</div></div>";

    private const string Toggle = "$('.qa-h').click(function(){$(this).next().slideToggle(200);});";

    [Fact]
    public void An_accordion_panel_after_a_header_the_script_opens_with_one_medium_word_is_medium()
    {
        var finding = Assert.Single(Keywords(string.Format(Accordion, "请家长引导孩子远离网络赌博，合理安排上网时间。"), Toggle));
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains(RevealSignals.RevealableReason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_panel_with_no_script_that_opens_it_stays_critical()
    {
        var finding = Assert.Single(Keywords(string.Format(Accordion, "请家长引导孩子远离网络赌博，合理安排上网时间。"), "var today=new Date();"));
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void A_panel_the_page_can_open_that_names_spam_terms_stays_critical()
    {
        var finding = Assert.Single(Keywords(string.Format(Accordion, "澳门新葡京娱乐场，真人百家乐在线开户。"), Toggle));
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void A_closed_tab_of_headlines_with_one_medium_word_is_medium()
    {
        var tabs = "<ul class=\"tabs\"><li class=\"cur\" data-t=\"0\">校园新闻</li><li data-t=\"1\">安全教育</li></ul>"
            + "<ul class=\"pane\" id=\"pane0\"><li><a href=\"/xw/1.html\">我校举行秋季运动会</a></li><li><a href=\"/xw/2.html\">高一新生军训圆满结束</a></li></ul>"
            + "<ul class=\"pane\" id=\"pane1\" style=\"display:none\"><li><a href=\"/aq/1.html\">防溺水安全教育致家长的一封信</a></li><li><a href=\"/aq/2.html\">网络安全：不浏览色情暴力网站</a></li></ul>";
        var finding = Assert.Single(Keywords(tabs, "$('.tabs li').click(function(){$('.pane').hide();$('#pane'+$(this).data('t')).show();});"));
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Contains(finding.Reasons, r => r.Contains("one word that alone is medium", StringComparison.Ordinal));
    }
}
