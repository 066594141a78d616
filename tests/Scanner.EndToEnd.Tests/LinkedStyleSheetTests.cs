using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.Core.Rules;
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
    public async Task Imports_are_followed_once_each_a_cycle_ends_and_the_sheet_count_bounds_them()
    {
        var requests = new Dictionary<string, int>();
        IResult Css(string name, string text)
        {
            lock (requests) requests[name] = requests.GetValueOrDefault(name) + 1;
            return Results.Content(text, "text/css");
        }
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/css/a.css", () => Css("a.css", "@import url(b.css);\n.plain{color:black}"));
            // b.css imports a.css back (a cycle) and a print sheet (not applied, not fetched).
            app.MapGet("/css/b.css", () => Css("b.css", "@import \"a.css\";\n@import url(print.css) print;\n.yqlj{position:absolute;left:-9999px}"));
            app.MapGet("/css/print.css", () => Css("print.css", ".plain{display:none}"));
            app.MapGet("/page.html", () => Results.Content(Page("<style>@import url(css/a.css);</style>"), "text/html; charset=utf-8", Encoding.UTF8));
        });

        await using (var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), new AddressGuard(allowPrivate: true)))
        {
            var page = await loader.LoadAsync(server.Url("/page.html"), FetchProfile.Visitor, CancellationToken.None);
            Assert.Null(page.Error);
            Assert.All(page.Links, l => Assert.Contains(l.Visibility.Reasons, r => r.Contains("off-screen")));
            Assert.False(page.TextBlocks.Single(b => b.Text == "text").Visibility.Hidden);
            Assert.Empty(page.Notes);
        }
        Assert.Equal((1, 1), (requests["a.css"], requests["b.css"]));
        Assert.False(requests.ContainsKey("print.css"));

        // subresources.styleSheetsPerPage counts imports too: with one, b.css is never asked for and hides nothing.
        var one = new DetectorSettings { Values = new Dictionary<string, object> { [SubresourceSettings.StyleSheetsPerPage.Name] = 1 } };
        await using (var bounded = new StaticPageLoader(TimeSpan.FromSeconds(20), new AddressGuard(allowPrivate: true), settings: one))
        {
            var page = await bounded.LoadAsync(server.Url("/page.html"), FetchProfile.Visitor, CancellationToken.None);
            Assert.All(page.Links, l => Assert.False(l.Visibility.Hidden));
        }
        Assert.Equal((2, 1), (requests["a.css"], requests["b.css"]));
    }

    [Fact]
    public async Task A_same_site_script_that_opens_the_block_is_fetched_and_makes_it_revealable_another_sites_is_not()
    {
        var requests = new Dictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            foreach (var name in new[] { "menu.js", "other.js" })
                app.MapGet($"/js/{name}", () =>
                {
                    lock (requests) requests[name] = requests.GetValueOrDefault(name) + 1;
                    return Results.Content("$(function(){ $('.more').click(function(){ $('#farm').toggle(); }); });", "application/javascript");
                });
            app.MapGet("/own.html", () => Results.Content(Page("<style>#farm{display:none}</style><script src=\"/js/menu.js\"></script>"), "text/html; charset=utf-8", Encoding.UTF8));
        });
        // The same code on another host name (localhost, not the page's 127.0.0.1): a third party's, never read for this.
        await using var other = await LoopbackServer.StartAsync(app =>
            app.MapGet("/other.html", () => Results.Content(
                Page($"<style>#farm{{display:none}}</style><script src=\"http://localhost:{server.BaseUri.Port}/js/other.js\"></script>"),
                "text/html; charset=utf-8", Encoding.UTF8)));
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), new AddressGuard(allowPrivate: true));

        var own = await loader.LoadAsync(server.Url("/own.html"), FetchProfile.Visitor, CancellationToken.None);
        var third = await loader.LoadAsync(other.Url("/other.html"), FetchProfile.Visitor, CancellationToken.None);

        Assert.All(own.Links, l => Assert.Contains(l.Visibility.Reasons, r => r.Contains("revealable-by-page")));
        Assert.All(third.Links, l => Assert.True(l.Visibility.Hidden));
        Assert.All(third.Links, l => Assert.DoesNotContain(l.Visibility.Reasons, r => r.Contains("revealable-by-page")));
        Assert.Equal(1, requests["menu.js"]);
        Assert.False(requests.ContainsKey("other.js"));
        // The code read for the reveal is the script rules' code too (their own fetch skips it), and only that script's.
        Assert.Contains("$('#farm')", own.Scripts.Single(sc => sc.Src == server.Url("/js/menu.js")).ExternalText);
        Assert.Null(third.Scripts.Single(sc => sc.Src is not null).ExternalText);
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
