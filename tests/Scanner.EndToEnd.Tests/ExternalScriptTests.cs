using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The commonest JS hijack: one <c>&lt;script src&gt;</c> line added to a site's template, to a script on another host
/// that sends search-engine visitors to a gambling site or writes a hidden link block. The page itself holds nothing;
/// the rules must read the external script's code, on both engines (issue 14, items 5 and 7).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExternalScriptTests(BrowserFixture browser)
{
    private const string ReferrerRedirect =
        "var s=document.referrer;if(s.indexOf('baidu')>0||s.indexOf('sogou')>0||s.indexOf('so.com')>0||s.indexOf('sm.cn')>0)" +
        "{location.href='http://www.js8888bet.com/?from=gov';}";

    private const string HiddenLinks =
        "document.write('<div style=\"position:absolute;left:-9999px\">');" +
        "document.write('<a href=\"http://www.yh8888.com/\">澳门新葡京</a><a href=\"http://www.bet365zx.net/\">真人百家乐</a><a href=\"http://www.pj0371.cc/\">太阳城娱乐</a>');" +
        "document.write('</div>');";

    private static string Page(string scriptUrl) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>永州市人民政府</title>" +
        $"<script type=\"text/javascript\" src=\"{scriptUrl}\"></script></head>" +
        "<body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p></body></html>";

    /// <summary>The site on 127.0.0.1, the hijack script on 127.0.0.2 (another site), each a real server.</summary>
    private static async Task<(LoopbackServer Site, LoopbackServer Scripts)> ServeAsync(string code)
    {
        var scripts = await LoopbackServer.StartAsync(app => app.MapGet("/tj.js", () => Results.Content(code, "application/javascript")), IPAddress.Parse("127.0.0.2"));
        var site = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content(Page(scripts.Url("/tj.js")), "text/html; charset=utf-8")));
        return (site, scripts);
    }

    /// <summary>--no-subresources: the static engine reads the served HTML only; the script host is never asked.</summary>
    [Fact]
    public async Task No_subresources_reads_the_served_html_only()
    {
        var asked = 0;
        await using var scripts = await LoopbackServer.StartAsync(app => app.MapGet("/tj.js", () =>
        {
            Interlocked.Increment(ref asked);
            return Results.Content(ReferrerRedirect, "application/javascript");
        }), IPAddress.Parse("127.0.0.2"));
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content(
            Page(scripts.Url("/tj.js")).Replace("</head>", $"<link rel=\"stylesheet\" href=\"{scripts.Url("/site.css")}\"></head>"), "text/html; charset=utf-8")));

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", "static", "--allow-private", "--no-subresources");

        Assert.Equal(0, asked);
        Assert.DoesNotContain(run.Findings, f => f.GetProperty("ruleId").GetString() == "redirect.cross-domain");
        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task A_referrer_redirect_in_an_external_script_is_critical(string engine)
    {
        var (site, scripts) = await ServeAsync(ReferrerRedirect);
        await using var _ = site;
        await using var __ = scripts;

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", engine, "--allow-private"); // the script host is another loopback address

        var redirect = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "redirect.cross-domain");
        Assert.Equal("critical", redirect.GetProperty("severity").GetString());
        Assert.Contains("js8888bet.com", redirect.GetProperty("evidence").GetString());
        var reasons = string.Join("\n", redirect.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(scripts.Url("/tj.js"), reasons);
        Assert.Contains("the referrer", reasons);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task The_static_engine_fetches_a_shared_script_once_per_scan_and_a_failed_one_ends_no_page()
    {
        var fetches = 0;
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            string Linked(string more) => Page("/js/tj.js").Replace("</head>", $"<script src=\"/js/missing.js\"></script>{more}</head>");
            app.MapGet("/", () => Results.Content(Linked("<a href=\"/two.html\">二</a>"), "text/html; charset=utf-8"));
            app.MapGet("/two.html", () => Results.Content(Linked(""), "text/html; charset=utf-8"));
            app.MapGet("/js/tj.js", () => { Interlocked.Increment(ref fetches); return Results.Content(ReferrerRedirect, "application/javascript"); });
        });

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", "static", "--max-depth", "1");

        Assert.Equal(2, run.Pages.Length);
        Assert.All(run.Pages, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind));
        Assert.Equal(2, run.Findings.Count(f => f.GetProperty("ruleId").GetString() == "redirect.cross-domain"));
        Assert.Equal(1, fetches);
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task An_external_script_that_writes_a_hidden_link_block_is_critical(string engine)
    {
        var (site, scripts) = await ServeAsync(HiddenLinks);
        await using var _ = site;
        await using var __ = scripts;

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", engine, "--allow-private"); // the script host is another loopback address

        var writes = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "script.writes-links");
        Assert.Equal("critical", writes.GetProperty("severity").GetString());
        Assert.StartsWith(scripts.Url("/tj.js"), writes.GetProperty("evidence").GetString());
        Assert.Equal(1, run.ExitCode);
    }
}
