using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 20: the browser engine settles by quiescence and, without screenshots, does not fetch images, media or fonts.
/// Nothing that can carry spam may be skipped by that: a script from another site that arrives late and writes spam, an
/// inline timer that injects spam after the load, spam fetched by XHR, and spam hidden by a slow external stylesheet
/// must all still be found; the page's image must not have been requested.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LateSpamTests(BrowserFixture browser)
{
    private const string ScriptSpam = "亚洲综合性色AⅤ一区二区三区,婷婷五月综合国产激情";
    private const string TimerSpam = "人妻系列精品无码视频在线,天天都在看高清无码";
    private const string FetchedSpam = "澳门新葡京娱乐场，真人百家乐在线开户，注册即送彩金";

    [Fact]
    public async Task Late_and_externally_loaded_spam_is_found_while_images_are_not_fetched()
    {
        var imageRequests = 0;
        var scriptRequests = 0;
        await using var spamSite = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/inject.js", async () =>
            {
                Interlocked.Increment(ref scriptRequests);
                await Task.Delay(700); // arrives well after the document: a fixed short wait would be done by then
                return Results.Content($"var d=document.createElement('div');d.id='late-script';d.textContent='{ScriptSpam}';document.body.appendChild(d);",
                    "application/javascript");
            });
            app.MapGet("/hide.css", async () =>
            {
                await Task.Delay(500);
                return Results.Content("#fetched{position:absolute;left:-9999px}", "text/css");
            });
            app.MapGet("/words.txt", async (HttpContext c) =>
            {
                c.Response.Headers.AccessControlAllowOrigin = "*"; // read across origins, as a spam host allows it
                await Task.Delay(400);
                return Results.Content(FetchedSpam, "text/plain; charset=utf-8");
            });
        });
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content($$"""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>永州市人民政府</title>
                <link rel="stylesheet" href="{{spamSite.Url("/hide.css")}}"></head>
                <body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p>
                <img src="/photo.png" width="200" height="100" alt="会议现场">
                <div id="fetched"></div>
                <script src="{{spamSite.Url("/inject.js")}}" async></script>
                <script>
                  window.addEventListener('load', () => setTimeout(() => {
                    var p = document.createElement('p'); p.id = 'late-timer'; p.textContent = '{{TimerSpam}}'; document.body.appendChild(p);
                    fetch('{{spamSite.Url("/words.txt")}}').then(r => r.text()).then(t => { document.getElementById('fetched').textContent = t; });
                  }, 300));
                </script></body></html>
                """, "text/html; charset=utf-8"));
            app.MapGet("/photo.png", () =>
            {
                Interlocked.Increment(ref imageRequests);
                return Results.Bytes(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), "image/png");
            });
        });

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"));

        var evidence = run.Findings.Select(f => f.GetProperty("evidence").GetString()!).ToList();
        Assert.Contains(evidence, e => e.Contains("AⅤ一区二区三区"));
        Assert.Contains(evidence, e => e.Contains("人妻系列精品无码"));
        var fetched = run.Findings.Where(f => f.GetProperty("evidence").GetString()!.Contains("澳门新葡京娱乐场")
                                              && f.GetProperty("selector").GetString() == "#fetched").ToList();
        Assert.NotEmpty(fetched);
        // Hidden by the slow external stylesheet: it was waited for.
        Assert.All(fetched, f => Assert.True(f.GetProperty("hidden").GetBoolean()));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, scriptRequests);
        Assert.Equal(0, imageRequests); // no screenshot wanted: the image was not fetched
    }

    [Fact]
    public async Task Spam_from_a_timer_of_a_script_that_ran_after_its_body_arrived_is_found()
    {
        // The external script's body arrives at ~700 ms while the renderer is busy (an inline loop of 600 ms from
        // 600 ms), so it runs ~500 ms after its request finished; it then injects spam 300 ms later. The DOM has been
        // quiet since the document loaded: quiet time from before the script arrived must not count.
        const string delayedSpam = "澳门新葡京娱乐场，真人百家乐在线开户，注册即送彩金";
        await using var spamSite = await LoopbackServer.StartAsync(app => app.MapGet("/late.js", async () =>
        {
            await Task.Delay(700);
            return Results.Content($"setTimeout(() => {{ var d=document.createElement('div'); d.id='late'; d.textContent='{delayedSpam}'; document.body.appendChild(d); }}, 300);",
                "application/javascript");
        }));
        await using var site = await LoopbackServer.ServingAsync(new Dictionary<string, string>
        {
            ["/"] = $$"""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>永州市人民政府</title></head>
                <body><h1>全市教育大会召开</h1><p>会议强调，要加快建设教育强市。</p>
                <script src="{{spamSite.Url("/late.js")}}" async></script>
                <script>setTimeout(() => { const end = performance.now() + 600; while (performance.now() < end) {} }, 600);</script>
                </body></html>
                """,
        });

        var run = await ScannerRun.ScanAsync(browser, site.Url("/"));

        Assert.Contains(run.Findings, f => f.GetProperty("evidence").GetString()!.Contains("澳门新葡京娱乐场"));
    }
}
