using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// --disable-rule and --severity reach every rule family through the engine's one policy stage: a page analyzer's
/// (keyword), the profile comparison's (cloaking) and the link checker's (which once slipped past them). Each family is
/// scanned three times on a real loopback site with the static engine: as the rules say, with the rule disabled, and
/// with its severity overridden.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyStageTests(BrowserFixture browser)
{
    private const string Spam = "<p>亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情,人妻系列精品无码视频在线</p>";

    private static string Page(string body) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>永州市人民政府</title></head><body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p>{body}</body></html>";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    [Fact]
    public async Task A_page_analyzers_rule_is_disabled_and_overridden()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Html(Page(Spam))));

        await AssertPolicyAppliesAsync("keyword.porn", "keyword.*", "info", server.Url("/"));
    }

    [Fact]
    public async Task A_cloaking_rule_is_disabled_and_overridden()
    {
        // Spam served only to spiders' user agents: the profile comparison (and the static spider fetches) report it.
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext c) =>
            Html(Page(System.Text.RegularExpressions.Regex.IsMatch(c.Request.Headers.UserAgent.ToString(), "Baiduspider|Googlebot|bingbot|Sogou|360Spider|YisouSpider") ? Spam : ""))));

        await AssertPolicyAppliesAsync("cloaking.spam", "cloaking.*", "low", server.Url("/"), "--profiles", "spider");
    }

    [Fact]
    public async Task A_link_check_rule_is_disabled_and_overridden()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Html(Page("<p><a href=\"/gone\">往期回顾</a></p>")));
            app.MapGet("/gone", () => Results.NotFound());
        });

        await AssertPolicyAppliesAsync("link.broken", "link.*", "critical", server.Url("/"), "--check-links");
    }

    /// <summary>
    /// The rule fires as shipped; disabled by its family it is gone from the findings, the page's count and the report's
    /// rules; overridden, every one of its findings carries the new severity, says why, and counts at that severity.
    /// </summary>
    private async Task AssertPolicyAppliesAsync(string ruleId, string family, string severity, string url, params string[] args)
    {
        string[] common = [url, "--engine", "static", "--fail-on", "none", "--timeout", "10", .. args];

        var asShipped = await ScannerRun.ScanAsync(browser, common);
        var shipped = Of(asShipped, ruleId);
        Assert.NotEmpty(shipped);
        Assert.All(shipped, f => Assert.NotEqual(severity, f.GetProperty("severity").GetString()));

        var disabled = await ScannerRun.ScanAsync(browser, [.. common, "--disable-rule", family]);
        Assert.Equal(0, disabled.ExitCode);
        Assert.DoesNotContain(disabled.Findings, f => f.GetProperty("ruleId").GetString()!.StartsWith(family.TrimEnd('*'), StringComparison.Ordinal));
        Assert.Equal(disabled.Findings.Length, disabled.Pages.Sum(p => p.GetProperty("findings").GetInt32()));
        Assert.Equal(asShipped.Findings.Length - asShipped.Findings.Count(f => f.GetProperty("ruleId").GetString()!.StartsWith(family.TrimEnd('*'), StringComparison.Ordinal)),
            disabled.Findings.Length);

        var overridden = await ScannerRun.ScanAsync(browser, [.. common, "--severity", $"{ruleId}={severity}"]);
        var changed = Of(overridden, ruleId);
        Assert.Equal(shipped.Count, changed.Count);
        Assert.All(changed, f =>
        {
            Assert.Equal(severity, f.GetProperty("severity").GetString());
            Assert.Contains(f.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains($"severity set to {severity} by configuration"));
        });
        Assert.True(overridden.Report!.RootElement.GetProperty("summary").GetProperty(severity).GetInt32() >= changed.Count);
    }

    private static List<JsonElement> Of(ScannerRun run, string ruleId) =>
        run.Findings.Where(f => f.GetProperty("ruleId").GetString() == ruleId).ToList();
}
