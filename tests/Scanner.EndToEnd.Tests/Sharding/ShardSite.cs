using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Collections.Concurrent;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Sharding;

/// <summary>
/// A loopback site for sharding tests, whose pages are found only by crawling through others: / links 4 sections,
/// each section 10 articles, a redirect to one of them and a missing page; each article links a leaf page (depth 3)
/// that nothing else links. Some articles carry visible gambling spam, some leaves a hidden spam link block, so
/// findings sit on pages a shard can only reach through another shard's pages. A sitemap lists the articles and a
/// URL list the sections. Requests are counted per path, to show which pages a shard loaded.
/// </summary>
public sealed class ShardSite : IAsyncDisposable
{
    public const int Sections = 4;
    public const int ArticlesPerSection = 10;
    private const string Gambling = "澳门新葡京娱乐场，真人百家乐在线开户，体育投注官方网站";
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private ShardSite(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; private set; }

    /// <summary>How many times each path was requested.</summary>
    public IReadOnlyDictionary<string, int> Requests => _requests;

    public string Home => Server.Url("/");
    public string Sitemap => Server.Url("/sitemap.xml");
    public string UrlList => Server.Url("/sections.txt");
    /// <summary>A page with hidden spam links and no link of its own to follow.</summary>
    public string SpamLeaf => Server.Url("/leaf/1");

    public static async Task<ShardSite> StartAsync()
    {
        var site = new ShardSite(null!);
        site.Server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                site._requests.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
                await next();
            });
            app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /private/\n"));
            app.MapGet("/", () => Page("首页", string.Concat(Enumerable.Range(0, Sections).Select(s => $"<a href=\"/s/{s}\">栏目{s}</a> "))));
            app.MapGet("/s/{s:int}", (int s) => Page($"栏目{s}",
                string.Concat(Enumerable.Range(0, ArticlesPerSection).Select(j => $"<li><a href=\"/p/{s * ArticlesPerSection + j}\">文章</a></li>"))
                + $"<a href=\"/old/{s}\">旧址</a> <a href=\"/missing/{s}\">旧链接</a> <a href=\"/\">首页</a>"));
            app.MapGet("/old/{s:int}", (int s) => Results.Redirect($"/p/{s * ArticlesPerSection}", permanent: true));
            app.MapGet("/missing/{s:int}", () => Results.NotFound());
            app.MapGet("/p/{k:int}", (int k) => Page($"文章{k}",
                (k % 9 == 4 ? $"<p>{Gambling}</p>" : "<p>市政府召开常务会议，研究部署民生工作。</p>")
                + $"<a href=\"/leaf/{k}\">附件</a> <a href=\"/s/{k / ArticlesPerSection}\">返回栏目</a>"));
            app.MapGet("/leaf/{k:int}", (int k) => Page($"附件{k}",
                k % 6 == 1 ? $"<div style=\"display:none\"><a href=\"http://spam.example/{k}\">{Gambling}</a><a href=\"http://spam.example/b{k}\">六合彩开奖结果</a></div>" : "<p>附件说明</p>"));
            app.MapGet("/sitemap.xml", (HttpContext c) => Results.Text(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + string.Concat(Enumerable.Range(0, Sections * ArticlesPerSection).Select(k => $"<url><loc>{Base(c)}p/{k}</loc></url>")) + "</urlset>",
                "application/xml"));
            app.MapGet("/sections.txt", (HttpContext c) => Results.Text(
                "# sections\n" + string.Concat(Enumerable.Range(0, Sections).Select(s => $"{Base(c)}s/{s}\n")), "text/plain"));
        });
        return site;
    }

    /// <summary>Every page a crawl from / to depth 3 finds: /, the sections, their redirects and missing pages, the articles and leaves.</summary>
    public int CrawlPages => 1 + Sections * 3 + Sections * ArticlesPerSection * 2;

    private static string Base(HttpContext c) => $"http://{c.Request.Host}/";

    private static IResult Page(string title, string body) => Results.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} - 某某市人民政府</title></head><body><h1>{title}</h1>{body}"
        + "<div class=\"footer\">主办单位：某某市人民政府办公室</div></body></html>", "text/html; charset=utf-8");

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
