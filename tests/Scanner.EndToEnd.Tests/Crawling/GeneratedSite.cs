using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Crawling;

/// <summary>
/// A generated site on loopback for crawl tests: a sitemap index (one plain sitemap, one gzipped) listing /p/0../p/{n-1};
/// each /p/i links to /d/i, which links to /dd/i (beyond a depth limit of 1). /p/0 also links to a robots-disallowed
/// path, an excluded path, a redirect, a 404, a link answering 429 then 200, an external page serving casino spam and an
/// external host that refuses connections. /p/5 is GBK and /p/6 Big5, both with gambling spam in the body.
/// robots.txt lists two sitemaps (unless told not to): the site's index, and one on the external host (out of scope).
/// </summary>
public sealed class GeneratedSite : IAsyncDisposable
{
    public const string Spam = "澳门新葡京娱乐场，真人百家乐在线开户";
    private int _flakyRequests;
    private int _externalSitemapRequests;

    private GeneratedSite(LoopbackServer site, LoopbackServer external, int pages, int refusedPort)
    {
        Site = site;
        External = external;
        Pages = pages;
        RefusedPort = refusedPort;
    }

    public LoopbackServer Site { get; }
    public LoopbackServer External { get; }
    public int Pages { get; }
    public int RefusedPort { get; }
    public int FlakyRequests => Volatile.Read(ref _flakyRequests);
    /// <summary>Requests for the out-of-scope sitemap robots.txt lists (a crawl must not read it).</summary>
    public int ExternalSitemapRequests => Volatile.Read(ref _externalSitemapRequests);
    public string SitemapIndex => Site.Url("sitemap_index.xml");

    static GeneratedSite() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<GeneratedSite> StartAsync(int pages, bool sitemapsInRobots = true)
    {
        GeneratedSite? self = null;
        var external = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/casino", () => Results.Content($"<html><head><title>娱乐城</title></head><body><p>{Spam}</p></body></html>", "text/html; charset=utf-8"));
            app.MapGet("/sitemap.xml", (HttpContext c) =>
            {
                Interlocked.Increment(ref self!._externalSitemapRequests);
                return Results.Text(Sitemap(Base(c), 0, 1), "application/xml");
            });
        }, IPAddress.Parse("127.0.0.2"));
        var refused = LoopbackServer.UnusedPort();
        var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => Results.Text("User-agent: *\nDisallow: /private/\n"
                + (sitemapsInRobots ? $"\nSitemap: {Base(c)}sitemap_index.xml\nSitemap: {external.Url("sitemap.xml")}\n" : "")));
            app.MapGet("/sitemap_index.xml", (HttpContext c) => Results.Text(
                $"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{Base(c)}sitemap-a.xml</loc></sitemap><sitemap><loc>{Base(c)}sitemap-b.xml.gz</loc></sitemap></sitemapindex>""",
                "application/xml"));
            app.MapGet("/sitemap-a.xml", (HttpContext c) => Results.Text(Sitemap(Base(c), 0, pages / 2), "application/xml"));
            app.MapGet("/sitemap-b.xml.gz", (HttpContext c) => Results.Bytes(Gzip(Sitemap(Base(c), pages / 2, pages)), "application/gzip"));
            app.MapGet("/p/{i:int}", (int i) => i switch
            {
                5 => Encoded($"<html><head><meta charset=\"gbk\"><title>政务公开</title></head><body><p>通知公告</p><div>{Spam}</div><a href=\"/d/5\">下一页</a></body></html>", "gbk"),
                6 => Encoded($"<html><head><meta charset=\"big5\"><title>政務公開</title></head><body><p>通知公告</p><div>澳門新葡京娛樂場，真人百家樂在線開戶</div><a href=\"/d/6\">下一頁</a></body></html>", "big5"),
                _ => Html(Page($"第{i}页", $"<a href=\"/d/{i}\">详情</a><a href=\"/d/{i}#top\">详情</a>" + (i == 0 ? ExtraLinks(external, refused) : ""))),
            });
            app.MapGet("/d/{i:int}", (int i) => Html(Page($"详情{i}", $"<a href=\"/dd/{i}\">更多</a><a href=\"/p/{i}\">返回</a>")));
            app.MapGet("/dd/{i:int}", (int i) => Html(Page($"更多{i}", "")));
            app.MapGet("/private/secret", () => Html(Page("内部", "")));
            app.MapGet("/excluded/page", () => Html(Page("排除", "")));
            app.MapGet("/old", () => Results.Redirect("/new", permanent: true));
            app.MapGet("/new", () => Html(Page("新地址", "")));
            app.MapGet("/flaky", (HttpContext c) =>
            {
                if (Interlocked.Increment(ref self!._flakyRequests) == 1)
                {
                    c.Response.Headers.RetryAfter = "1";
                    return Results.StatusCode(429);
                }
                return Html(Page("稍后", ""));
            });
        });
        self = new GeneratedSite(site, external, pages, refused);
        return self;
    }

    private static string ExtraLinks(LoopbackServer external, int refused) =>
        "<a href=\"/private/secret\">内部</a><a href=\"/excluded/page\">排除</a><a href=\"/old\">旧</a><a href=\"/missing\">缺失</a>"
        + $"<a href=\"/flaky\">稍后</a><a href=\"{external.Url("casino")}\">友情链接</a><a href=\"http://127.0.0.1:{refused}/gone\">旧友站</a>"
        + "<a href=\"mailto:office@example.gov.cn\">信箱</a>";

    private static string Base(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}/";

    private static string Sitemap(string baseUrl, int from, int to) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        + string.Concat(Enumerable.Range(from, to - from).Select(i => $"<url><loc>{baseUrl}p/{i}</loc></url>")) + "</urlset>";

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    public static string Page(string title, string body) =>
        $"<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>本站新闻</p>{body}</body></html>";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    /// <summary>Bytes in a legacy charset, declared only by the page's own meta tag (as most such servers do).</summary>
    public static IResult Encoded(string html, string charset) => Results.Bytes(Encoding.GetEncoding(charset == "gbk" ? "GB18030" : charset).GetBytes(html), "text/html");

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await External.DisposeAsync();
    }
}
