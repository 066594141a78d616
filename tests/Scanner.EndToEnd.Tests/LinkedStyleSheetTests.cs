using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The static engine fetches a page's linked stylesheets (<see cref="LinkedStyleSheets"/>) from a real loopback server:
/// a block hidden by a class of the site's sheet is hidden, each sheet is fetched once per scan, and a sheet that is
/// missing, an HTML error page or another site's refused address ends as a page note, never as the page's error.
/// </summary>
public sealed class LinkedStyleSheetTests
{
    private const string Farm = "<a href=\"http://www.js8k2x.com/\">a</a><a href=\"http://www.88cp5.net/\">b</a>";

    private static string Page(string head) =>
        $"<!DOCTYPE html><html><head>{head}</head><body><div class=\"yqlj\" id=\"farm\">{Farm}</div><p class=\"plain\">text</p></body></html>";

    [Fact]
    public async Task A_class_of_the_linked_sheet_hides_the_block_and_each_sheet_is_fetched_once()
    {
        var requests = new Dictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/css/site.css", () =>
            {
                lock (requests) requests["site.css"] = requests.GetValueOrDefault("site.css") + 1;
                return Results.Content(".yqlj{position:absolute;left:-9999px;top:-9999px}", "text/css");
            });
            app.MapGet("/css/print.css", () =>
            {
                lock (requests) requests["print.css"] = requests.GetValueOrDefault("print.css") + 1;
                return Results.Content(".plain{display:none}", "text/css");
            });
            foreach (var name in new[] { "a", "b" })
                app.MapGet($"/{name}.html", () => Results.Content(
                    Page("<link rel=\"stylesheet\" href=\"css/site.css\"><link rel=\"stylesheet\" media=\"print\" href=\"css/print.css\">"),
                    "text/html; charset=utf-8", Encoding.UTF8));
        });
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), new AddressGuard(allowPrivate: true));

        foreach (var name in new[] { "a", "b" })
        {
            var page = await loader.LoadAsync(server.Url($"/{name}.html"), FetchProfile.Visitor, CancellationToken.None);
            Assert.Null(page.Error);
            Assert.All(page.Links, l => Assert.Contains(l.Visibility.Reasons, r => r.Contains("off-screen")));
            Assert.False(page.TextBlocks.Single(b => b.Text == "text").Visibility.Hidden); // print media is not applied
            Assert.Empty(page.Notes);
        }
        Assert.Equal(1, requests["site.css"]); // cached for the scan: the site's next page asks no more
        Assert.False(requests.ContainsKey("print.css"));
    }

    [Fact]
    public async Task A_sheet_that_cannot_be_read_is_a_note_and_the_page_is_still_analysed()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/error-page.css", () => Results.Content("<html><body>Not here</body></html>", "text/html"));
            app.MapGet("/page.html", () => Results.Content(
                Page("<link rel=\"stylesheet\" href=\"/missing.css\"><link rel=\"stylesheet\" href=\"/error-page.css\">"
                     + $"<link rel=\"stylesheet\" href=\"http://127.0.0.1:{LoopbackServer.UnusedPort()}/gone.css\">"),
                "text/html; charset=utf-8", Encoding.UTF8));
        });
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), new AddressGuard(allowPrivate: true));

        var page = await loader.LoadAsync(server.Url("/page.html"), FetchProfile.Visitor, CancellationToken.None);

        Assert.Null(page.Error);
        Assert.Equal(200, page.Status);
        Assert.Equal(2, page.Links.Count);
        Assert.All(page.Links, l => Assert.False(l.Visibility.Hidden));
        var note = Assert.Single(page.Notes);
        Assert.Contains("3 of 3 linked stylesheet(s) not read", note);
        Assert.Contains("/missing.css (HTTP 404)", note);
        Assert.Contains("/error-page.css (served as text/html)", note);
    }

    [Fact]
    public async Task A_sheet_on_a_private_address_is_refused_by_the_scans_guard()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/site.css", () => Results.Content(".yqlj{display:none}", "text/css"));
            app.MapGet("/page.html", () => Results.Content(Page("<link rel=\"stylesheet\" href=\"/site.css\">"), "text/html; charset=utf-8", Encoding.UTF8));
        });
        // The page's own endpoint is allowed (as a local scan's server is); the sheet is asked for under another name
        // of the same loopback address, which the guard does not know.
        var guard = new AddressGuard();
        guard.AllowEndpoint("127.0.0.1", server.BaseUri.Port);
        await using var server2 = await LoopbackServer.StartAsync(app =>
            app.MapGet("/page.html", () => Results.Content(Page($"<link rel=\"stylesheet\" href=\"http://localhost:{server.BaseUri.Port}/site.css\">"), "text/html; charset=utf-8", Encoding.UTF8)));
        guard.AllowEndpoint("127.0.0.1", server2.BaseUri.Port);
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), guard);

        var page = await loader.LoadAsync(server2.Url("/page.html"), FetchProfile.Visitor, CancellationToken.None);

        Assert.Null(page.Error);
        Assert.All(page.Links, l => Assert.False(l.Visibility.Hidden));
        Assert.Contains("refused", Assert.Single(page.Notes));
    }
}
