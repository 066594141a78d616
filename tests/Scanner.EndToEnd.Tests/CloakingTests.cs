using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>Pages that show spam only to spiders, redirect only search-engine visitors, or vary only in noise.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CloakingTests(BrowserFixture browser)
{
    private const string AllProfiles = "visitor,spider,search-referrer,mobile";

    private static string Page(string body, string title = "永州市人民政府") =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p>{body}</body></html>";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static string[] RuleIds(ScannerRun run) => run.Findings.Select(f => f.GetProperty("ruleId").GetString()!).ToArray();

    [Fact]
    public async Task Spam_and_links_shown_only_to_spiders_are_critical()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext c) =>
        {
            var ua = c.Request.Headers.UserAgent.ToString();
            var spider = System.Text.RegularExpressions.Regex.IsMatch(ua, "Baiduspider|Googlebot|bingbot|Sogou|360Spider|YisouSpider", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            return Html(Page(spider
                ? "<div class=\"seo\"><a href=\"http://casino-a.example/\">澳门新葡京</a> <a href=\"http://casino-b.example/\">真人百家乐</a><p>澳门新葡京娱乐场，真人百家乐在线开户，注册即送彩金</p></div>"
                : ""));
        }));

        var run = await ScannerRun.ScanAsync(browser, server.Url("/"), "--profiles", "spider");

        Assert.Equal(1, run.ExitCode);
        var spam = run.Findings.Where(f => f.GetProperty("ruleId").GetString() == "cloaking.spam").ToList();
        Assert.NotEmpty(spam);
        Assert.All(spam, f => Assert.Equal("critical", f.GetProperty("severity").GetString()));
        Assert.Contains(spam, f => f.GetProperty("evidence").GetString()!.Contains("澳门新葡京娱乐场"));
        var links = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "cloaking.links");
        Assert.Equal("critical", links.GetProperty("severity").GetString());
        Assert.Contains("casino-a.example", links.GetProperty("evidence").GetString());
        // The visitor's own view is clean: nothing but cloaking findings.
        Assert.All(RuleIds(run), id => Assert.StartsWith("cloaking.", id));
        CatalogueCheck.AssertCatalogued(run, "--profiles spider");
    }

    [Fact]
    public async Task Server_side_cloaking_for_a_single_spider_is_caught_by_the_static_spider_fetches()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext c) =>
            Html(Page(c.Request.Headers.UserAgent.ToString().Contains("Sogou") ? "<p>亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情</p>" : ""))));

        var run = await ScannerRun.ScanAsync(browser, server.Url("/"), "--profiles", "spider");

        var spam = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "cloaking.spam");
        Assert.Contains("spider:sogou", spam.GetProperty("title").GetString());
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task A_redirect_only_for_visitors_from_a_search_engine_is_critical()
    {
        await using var spamSite = await LoopbackServer.StartAsync(
            app => app.MapGet("/casino", () => Html(Page("<p>欢迎光临</p>", "娱乐城"))), IPAddress.Parse("127.0.0.2"));
        var script = $"<script>if (/baidu|google|sogou|so\\.com/.test(document.referrer)) location.replace('{spamSite.Url("/casino")}');</script>";
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Html(Page(script))));

        var run = await ScannerRun.ScanAsync(browser, server.Url("/"), "--profiles", "search-referrer");

        var redirect = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "cloaking.redirect");
        Assert.Equal("critical", redirect.GetProperty("severity").GetString());
        Assert.Contains("127.0.0.2", redirect.GetProperty("evidence").GetString());
        Assert.Equal(1, run.ExitCode);
        CatalogueCheck.AssertCatalogued(run, "--profiles search-referrer");
        // The visitor was not redirected.
        Assert.Equal(server.Url("/"), Assert.Single(run.Pages).GetProperty("finalUrl").GetString());
    }

    [Fact]
    public async Task Different_content_for_mobile_visitors_is_reported()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext c) =>
            Html(Page(c.Request.Headers.UserAgent.ToString().Contains("iPhone")
                ? "<p>下载永州政务客户端，随时随地办理业务，扫码即可安装，享受更加便捷的掌上政务服务体验。</p>"
                : ""))));

        var run = await ScannerRun.ScanAsync(browser, server.Url("/"), "--profiles", "mobile");

        var content = Assert.Single(run.Findings, f => f.GetProperty("ruleId").GetString() == "cloaking.content");
        Assert.Contains("mobile", content.GetProperty("title").GetString());
        Assert.Contains("掌上政务", content.GetProperty("evidence").GetString());
        Assert.Equal(0, run.ExitCode); // different, not spam: a note for a person, not a gate failure
        CatalogueCheck.AssertCatalogued(run, "--profiles mobile");
    }

    [Fact]
    public async Task Timestamps_and_csrf_tokens_are_not_reported()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () =>
        {
            var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=');
            return Html(Page(
                $"<p>更新时间：{DateTime.Now:yyyy-MM-dd HH:mm:ss.fff}</p>" +
                $"<form action=\"/search?csrf={token}\"><input type=\"hidden\" name=\"_csrf\" value=\"{token}\"></form>" +
                $"<a href=\"/logout?token={token}\">退出</a><span>令牌 {Guid.NewGuid():N}</span>",
                $"永州市人民政府 {DateTime.Now:HH:mm:ss.fff}"));
        }));

        var run = await ScannerRun.ScanAsync(browser, server.Url("/"), "--profiles", AllProfiles);

        Assert.Empty(run.Findings);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task An_unknown_profile_exits_2()
    {
        var run = await ScannerRun.ScanAsync(browser, "http://127.0.0.1:1/", "--profiles", "visitor,robot");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("robot", run.Error);
    }
}
