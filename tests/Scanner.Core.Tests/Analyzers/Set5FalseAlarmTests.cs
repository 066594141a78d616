using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// Red-team set 5's false alarms, as classes: each clean kind (written for the test, not copied from the set) stays below
/// high, and its spam variant still reaches high. Snapshots from the static engine's builder, the shipped rules.
/// </summary>
public sealed class Set5FalseAlarmTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static List<Finding> Analyze(string body, string url = "http://www.lanxi.gov.cn/zwgk/index.html", string head = "")
    {
        var html = $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>信息公开_兰溪县人民政府</title>{head}</head><body>"
            + "<div class=\"top\">兰溪县人民政府</div>" + body + "</body></html>";
        var page = StaticSnapshotBuilder.Build(html, new Uri(url), new PageSnapshot { RequestedUrl = url, FinalUrl = url, Status = 200 });
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).ToList();
    }

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Severity} {f.RuleId} {f.Evidence.Split('\n')[0]} — {string.Join("; ", f.Reasons)}"));

    private static void BelowHigh(List<Finding> findings) =>
        Assert.True(findings.All(f => f.Severity < Severity.High), "expected nothing at high or above; got:\n" + Describe(findings));

    private static void AtLeastHigh(List<Finding> findings, string rule) =>
        Assert.True(findings.Any(f => f.RuleId == rule && f.Severity >= Severity.High), $"expected {rule} at high or above; got:\n" + Describe(findings));

    private static string Percent(string code) => string.Concat(code.Select(c => $"%{(int)c:x2}"));

    private static string EvalUnescape(string code) => $"<script>eval(unescape('{Percent(code)}'))</script>";

    // Class: packed or escaped code whose decoded markup is inert (an e-mail address hidden from harvesters, a clock).
    public static TheoryData<string> InertWrites => new()
    {
        "document.write('<a href=\"mailto:office@lanxi.gov.cn\">office@lanxi.gov.cn</a>');",
        "document.write('<a href=\"tel:0579-8888\">咨询电话</a>');",
        "function tick(){var d=new Date();document.getElementById('now').innerHTML=d.getHours()+':'+d.getMinutes();setTimeout(tick,1000)}tick();",
    };

    [Theory]
    [MemberData(nameof(InertWrites))]
    public void Obfuscated_code_that_writes_inert_markup_is_below_high(string code) =>
        BelowHigh(Analyze("<p>电子邮箱：" + EvalUnescape(code) + "</p><span id=\"now\"></span>"));

    // The spam variants: the same wrapper writing a link to a page, a hidden box, a loader.
    public static TheoryData<string> ActiveWrites => new()
    {
        "document.write('<a href=\"/news/2019/kj88.html\">k8</a>');",
        "document.write('<div style=\"display:none\">'+'<b>x</b>'+'</div>');",
        "document.write('<scr'+'ipt src=\"/js/tj.js\"></scr'+'ipt>');",
    };

    [Theory]
    [MemberData(nameof(ActiveWrites))]
    public void Obfuscated_code_that_writes_a_link_a_hidden_box_or_a_loader_stays_high(string code) =>
        AtLeastHigh(Analyze("<p>电子邮箱：" + EvalUnescape(code) + "</p>"), ScriptInjectionAnalyzer.ObfuscatedRule);
}
