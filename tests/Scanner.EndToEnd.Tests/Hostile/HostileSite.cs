using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>
/// Every hostile page and server of issue 15 on loopback: pages that misbehave in the browser (dialogs, pop-ups,
/// downloads, endless scripts, endless loads, redirect loops), pages too big or too deep, compression bombs (a page,
/// a sitemap sent gzip-encoded, a .xml.gz sitemap), bad servers (slow-loris, self-signed TLS, lying charsets) and a
/// robots.txt whose Disallow line has 30 stars. Each page carries spam where it can, so a page that was read shows it.
/// </summary>
public sealed class HostileSite : IAsyncDisposable
{
    public const string Spam = "澳门新葡京娱乐场，真人百家乐在线开户，无码视频婷婷五月";
    private const int Megabyte = 1024 * 1024;
    private static readonly string SpamParagraph = $"<p>{Spam}</p>";
    private static readonly string Stars = string.Concat(Enumerable.Repeat("a*", 30));

    /// <summary>The robots.txt test path: 29 a's then x's, so every star has many places to try and none fits.</summary>
    public static readonly string RobotsAllowed = "/robots-stars/" + new string('a', 29) + new string('x', 120);
    public const string RobotsBlocked = "/robots-stars/blocked";

    private readonly LoopbackServer _web;
    private readonly RawServer _slowLoris;
    private readonly RawServer _tls;

    private HostileSite(LoopbackServer web, RawServer slowLoris, RawServer tls)
    {
        _web = web;
        _slowLoris = slowLoris;
        _tls = tls;
    }

    public string Url(string path) => _web.Url(path);
    public string SlowLorisUrl => $"http://127.0.0.1:{_slowLoris.Port}/";
    public string SelfSignedUrl => $"https://127.0.0.1:{_tls.Port}/";

    /// <summary>The pages scanned directly (the sitemaps add the robots.txt pages and one listed page).</summary>
    public static readonly string[] PagePaths =
    [
        "/dialogs.html", "/popup.html", "/download.bin", "/busy.html", "/busy-late.html", "/never-ends.html",
        "/redirect-loop", "/meta-a.html", "/js-a.html", "/big.html", "/deep.html", "/big-script.html", "/gzip-bomb.html",
        "/charset-lying.html", "/charset-unknown.html",
    ];

    public static async Task<HostileSite> StartAsync()
    {
        // Made before the scan starts, so that packing them does not compete with the scan for the CPU.
        await Task.WhenAll(Task.Run(() => GzipBombPage.Value), Task.Run(() => SitemapBombBody.Value));
        var web = await LoopbackServer.StartAsync(Routes);
        return new HostileSite(web, RawServer.SlowLoris(), RawServer.SelfSignedTls(Page("self-signed", SpamParagraph)));
    }

    private static string Page(string title, string body, string head = "") =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body>{body}</body></html>";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);

    private static void Routes(WebApplication app)
    {
        app.MapGet("/dialogs.html", () => Html(Page("dialogs", SpamParagraph + """
            <script>alert('hello'); confirm('sure?'); prompt('name?');
            window.addEventListener('beforeunload', e => { e.preventDefault(); e.returnValue = 'stay'; });</script>
            """)));
        app.MapGet("/popup.html", () => Html(Page("popup", SpamParagraph + "<script>window.open('/popup-target.html'); window.open('/popup-target.html?2');</script>")));
        app.MapGet("/popup-target.html", () => Html(Page("target", "<p>pop-up</p>")));
        app.MapGet("/download.bin", (HttpContext c) =>
        {
            c.Response.Headers.ContentDisposition = "attachment; filename=\"report.bin\"";
            return Results.Bytes(new byte[4096], "application/octet-stream");
        });
        // The script holds the parser: DOMContentLoaded never comes in the browser.
        app.MapGet("/busy.html", () => Html(Page("busy", SpamParagraph + "<script>while(true){}</script>")));
        // The page loads, then a script holds the renderer: the probe can never run.
        app.MapGet("/busy-late.html", () => Html(Page("busy late", SpamParagraph + "<script>setTimeout(() => { while(true){} }, 50);</script>")));
        // The same, twice: one stop ends the first loop and the next one holds the page again.
        app.MapGet("/busy-twice.html", () => Html(Page("busy twice", SpamParagraph + "<script>while(true){}</script><script>while(true){}</script>")));
        app.MapGet("/busy-late-twice.html", () => Html(Page("busy late twice", SpamParagraph
            + "<script>setTimeout(() => { while(true){} }, 50); setTimeout(() => { while(true){} }, 60);</script>")));
        // Sends a start and then never ends the response (a byte a second, for ever).
        app.MapGet("/never-ends.html", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("<!doctype html><html><head><title>never</title></head><body>" + SpamParagraph);
            while (!c.RequestAborted.IsCancellationRequested)
            {
                await c.Response.WriteAsync(" ");
                await c.Response.Body.FlushAsync();
                await Task.Delay(1000, c.RequestAborted).ContinueWith(_ => { });
            }
        });
        app.MapGet("/redirect-loop", () => Results.Redirect("/redirect-loop"));
        app.MapGet("/meta-a.html", () => Html(Page("a", "<p>a</p>", "<meta http-equiv=\"refresh\" content=\"0;url=/meta-b.html\">")));
        app.MapGet("/meta-b.html", () => Html(Page("b", "<p>b</p>", "<meta http-equiv=\"refresh\" content=\"0;url=/meta-a.html\">")));
        app.MapGet("/js-a.html", () => Html(Page("a", "<p>a</p><script>location.replace('/js-b.html')</script>")));
        app.MapGet("/js-b.html", () => Html(Page("b", "<p>b</p><script>location.replace('/js-a.html')</script>")));
        app.MapGet("/big.html", (HttpContext c) => StreamAsync(c, "text/html; charset=utf-8",
            Encoding.UTF8.GetBytes("<!doctype html><html><head><title>big</title></head><body>" + SpamParagraph),
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>全市教育大会召开，部署下一阶段工作。</p>\n", 1000))), 50L * Megabyte));
        app.MapGet("/deep.html", () => Html("<!doctype html><html><head><title>deep</title></head><body>"
            + string.Concat(Enumerable.Repeat("<div>", 100_000)) + SpamParagraph + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>"));
        // 1.7 MB of rules (256 KiB are read) whose descendant selectors climb a 400-deep tree from every element: matched within a budget.
        app.MapGet("/huge-stylesheet.html", () => Html(Page("huge stylesheet", SpamParagraph
            + string.Concat(Enumerable.Repeat("<div>", 400)) + "<p>deep</p>" + string.Concat(Enumerable.Repeat("</div>", 400)),
            "<style>" + string.Concat(Enumerable.Range(0, 60_000).Select(i => $".x{i} div {{ display: none }}\n")) + "</style>")));
        app.MapGet("/big-script.html", () => Html(Page("big script", SpamParagraph
            + "<script>var data = '" + new string('x', 5 * Megabyte) + "'; document.title = 'big script ' + data.length;</script>")));
        app.MapGet("/gzip-bomb.html", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(GzipBombPage.Value, "text/html; charset=utf-8");
        });
        // charset=iso-8859-1 on UTF-8 bytes: read as declared, the spam is mojibake.
        app.MapGet("/charset-lying.html", () => Results.Bytes(Encoding.UTF8.GetBytes(Page("lying", SpamParagraph).Replace("<meta charset=\"utf-8\">", "")), "text/html; charset=iso-8859-1"));
        // A charset nobody knows, on GBK bytes.
        app.MapGet("/charset-unknown.html", () =>
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Results.Bytes(Encoding.GetEncoding("gb18030").GetBytes(Page("unknown", SpamParagraph).Replace("<meta charset=\"utf-8\">", "")), "text/html; charset=x-no-such-charset");
        });
        app.MapGet("/robots.txt", () => Results.Text($"User-agent: *\nDisallow: /robots-stars/{Stars}b$\nDisallow: {RobotsBlocked}\n"));
        app.MapGet("/robots-stars/{**rest}", () => Html(Page("robots", "<p>allowed by robots.txt</p>")));
        app.MapGet("/sitemap-listed.html", () => Html(Page("listed", SpamParagraph)));
        // A sitemap sent gzip-encoded (HttpClient inflates it) and a .xml.gz file (we inflate it): 200 MB each, unpacked.
        app.MapGet("/sitemap-bomb.xml", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(SitemapBomb(c, [RobotsAllowed, RobotsBlocked]), "application/xml");
        });
        app.MapGet("/sitemap-bomb.xml.gz", (HttpContext c) => Results.Bytes(SitemapBomb(c, ["/sitemap-listed.html"]), "application/gzip"));
    }

    /// <summary>Streams <paramref name="head"/>, then <paramref name="filler"/> until <paramref name="total"/> bytes.</summary>
    private static async Task StreamAsync(HttpContext c, string contentType, byte[] head, byte[] filler, long total)
    {
        c.Response.ContentType = contentType;
        c.Response.ContentLength = total;
        await c.Response.Body.WriteAsync(head, c.RequestAborted);
        for (var sent = (long)head.Length; sent < total && !c.RequestAborted.IsCancellationRequested; sent += filler.Length)
            await c.Response.Body.WriteAsync(filler.AsMemory(0, (int)Math.Min(filler.Length, total - sent)), c.RequestAborted);
    }

    /// <summary>Uncompressed size of each bomb: well past the caps (10 MiB a page, 50 MiB a sitemap).</summary>
    private const long BombBytes = 200L * Megabyte;

    /// <summary>200 MB of page in about 200 KB of gzip: the spam, then spaces.</summary>
    private static readonly Lazy<byte[]> GzipBombPage = new(() => Gzip(
        Encoding.UTF8.GetBytes("<!doctype html><html><head><meta charset=\"utf-8\"><title>bomb</title></head><body>" + SpamParagraph + "<p>"), BombBytes));

    /// <summary>The 200 MB of spaces a sitemap bomb ends with, packed once; each sitemap puts its own URLs in front.</summary>
    private static readonly Lazy<byte[]> SitemapBombBody = new(() => Gzip([], BombBytes));

    /// <summary>A gzip file may be several gzip members one after another; readers inflate them as one stream.</summary>
    private static byte[] SitemapBomb(HttpContext c, string[] paths)
    {
        var urls = string.Concat(paths.Select(p => $"<url><loc>{c.Request.Scheme}://{c.Request.Host}{p}</loc></url>"));
        return [.. Gzip(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><urlset>{urls}<url><loc>"), 0), .. SitemapBombBody.Value];
    }

    /// <summary>The head, then spaces up to <paramref name="total"/> bytes, gzipped (fast: spaces compress a thousandfold).</summary>
    private static byte[] Gzip(byte[] head, long total)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(head);
            var spaces = new byte[Megabyte];
            Array.Fill(spaces, (byte)' ');
            for (var written = (long)head.Length; written < total; written += spaces.Length) gzip.Write(spaces, 0, (int)Math.Min(spaces.Length, total - written));
        }
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _slowLoris.DisposeAsync();
        await _tls.DisposeAsync();
    }
}
