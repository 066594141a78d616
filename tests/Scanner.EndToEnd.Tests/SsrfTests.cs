using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 15, "No SSRF": a page on the named host 127.0.0.1 links, redirects, lists sitemaps and loads images that
/// point at 127.0.0.2 (another loopback address: a service on the scanner's own machine) and at 169.254.169.254
/// (the cloud metadata service). A real server listens on 127.0.0.2 and counts what reaches it: nothing may, with
/// either engine, through the crawl, redirects, robots.txt's Sitemap: line, sub-resources or --check-links.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SsrfTests(BrowserFixture browser)
{
    private sealed class Counter { public int Hits; public readonly List<string> Paths = []; }

    private static async Task<(LoopbackServer Forbidden, LoopbackServer Site, Counter Counter)> StartAsync()
    {
        var counter = new Counter();
        var forbidden = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            lock (counter) { counter.Hits++; counter.Paths.Add(context.Request.Path); }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<html><head><title>internal</title></head><body><p>内部</p></body></html>");
        }), IPAddress.Parse("127.0.0.2"));
        var inside = forbidden.BaseUri.AbsoluteUri.TrimEnd('/');
        var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content($$"""
                <html><head><title>首页</title></head><body>
                <p>欢迎</p>
                <a href="/to-inside">内部</a> <a href="/to-metadata">元数据</a>
                <a href="{{inside}}/linked">链接</a>
                <img src="{{inside}}/image.png" alt="">
                <iframe src="{{inside}}/frame"></iframe>
                <script>fetch('{{inside}}/fetched').catch(function () {});</script>
                </body></html>
                """, "text/html; charset=utf-8"));
            app.MapGet("/to-inside", () => Results.Redirect($"{inside}/redirected"));
            app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
            app.MapGet("/robots.txt", () => Results.Text($"User-agent: *\nAllow: /\nSitemap: {inside}/sitemap.xml\n"));
        });
        return (forbidden, site, counter);
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task Nothing_reaches_a_private_address_the_targets_do_not_name(string engine)
    {
        var (forbidden, site, counter) = await StartAsync();
        await using var _ = forbidden;
        await using var __ = site;

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", engine, "--max-depth", "2", "--scope", "any",
            "--check-links", "--retries", "0", "--fail-on", "none");

        Assert.True(counter.Hits == 0, $"reached 127.0.0.2: {string.Join(", ", counter.Paths)}");
        Assert.Equal(0, run.ExitCode);
        var errors = run.Pages.ToDictionary(p => p.GetProperty("url").GetString()!, p => p.TryGetProperty("error", out var e) ? e.GetString() : null);
        Assert.Equal("refused: 169.254.169.254 is a link-local/metadata address; --allow-private allows it", errors[site.Url("/to-metadata")]);
        Assert.Equal("refused: 127.0.0.2 is a loopback address; --allow-private allows it", errors[site.Url("/to-inside")]);
        Assert.Equal("refused: 127.0.0.2 is a loopback address; --allow-private allows it", errors[$"{forbidden.BaseUri.AbsoluteUri}linked"]);
        Assert.Null(errors[site.Url("/")]);
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("static")]
    public async Task Allow_private_lets_the_scan_reach_them(string engine)
    {
        var (forbidden, site, counter) = await StartAsync();
        await using var _ = forbidden;
        await using var __ = site;

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"), "--engine", engine, "--max-depth", "2", "--scope", "any",
            "--retries", "0", "--fail-on", "none", "--allow-private");

        Assert.Equal(0, run.ExitCode);
        lock (counter)
        {
            Assert.Contains("/redirected", counter.Paths);
            Assert.Contains("/linked", counter.Paths);
            Assert.Contains("/sitemap.xml", counter.Paths);
        }
    }
}
