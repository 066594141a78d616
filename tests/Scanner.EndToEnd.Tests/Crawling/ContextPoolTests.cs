using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Engine.Scanning;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.Crawling;

/// <summary>
/// The browser engine's pool: --concurrency pages load at once, no more, each in a fresh context of the one browser;
/// the default pool fits the machine's cores and memory.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContextPoolTests(BrowserFixture browser)
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData("browser", 8, 24 * 1024 * MiB, 16)] // cores decide: two pages per core
    [InlineData("browser", 1, 24 * 1024 * MiB, 2)] // at least 2: pages wait on the network
    [InlineData("browser", 8, 1024 * MiB, 4)]      // 1 GiB holds four 256 MiB contexts
    [InlineData("browser", 16, 100 * MiB, 1)]      // never 0
    [InlineData("browser", 4, 0, 8)]               // memory unknown: cores decide
    [InlineData("static", 8, 1024 * MiB, 8)]       // no browser contexts: memory does not limit, one per core
    public void The_default_pool_fits_cores_and_memory(string engine, int cores, long memory, int expected) =>
        Assert.Equal(expected, DefaultConcurrency.For(engine, cores, memory));

    [Fact]
    public async Task Pages_load_in_parallel_fresh_contexts_bounded_by_concurrency()
    {
        const int concurrency = 3;
        var gauge = new InFlightGauge(concurrency);
        var withCookie = 0;
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/w/{i:int}", async (int i, HttpContext c) =>
        {
            if (c.Request.Headers.Cookie.Count > 0) Interlocked.Increment(ref withCookie);
            await gauge.HoldAsync();
            c.Response.Headers.SetCookie = "visited=1; Path=/; Max-Age=3600";
            return Results.Content(GeneratedSite.Page($"页{i}", ""), "text/html; charset=utf-8");
        }));

        var run = await ScannerRun.ScanAsync(browser, [.. Enumerable.Range(0, 6).Select(i => site.Url($"w/{i}")), "-j", $"{concurrency}", "--fail-on", "none"]);

        Assert.Equal(6, run.Pages.Length);
        Assert.All(run.Pages, p => Assert.Equal(200, p.GetProperty("status").GetInt32()));
        Assert.Equal(concurrency, gauge.Peak); // in parallel, and never more than asked (the host allows 4)
        Assert.Equal(0, withCookie);           // no page saw another page's cookie: each had a fresh context
    }

    /// <summary>
    /// Every page is a first-time visitor, whatever the same worker loaded before (issue 20: contexts are made ahead of
    /// time, never reused): one worker (-j 1) loads two pages of site A, then site B (another loopback address), then
    /// site A's host on another port, then site A again. Each page reports to its server what it found (cookies,
    /// local and session storage, IndexedDB databases, history length) and then leaves all of those behind, and loads
    /// a script the server allows to be cached for an hour. No page may find anything, and every page must fetch the
    /// script again.
    /// </summary>
    [Fact]
    public async Task Each_page_of_one_worker_is_a_first_time_visitor_whatever_it_loaded_before()
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var scriptFetches = 0;
        var requestsWithCookies = 0;
        void Routes(Microsoft.AspNetCore.Builder.WebApplication app)
        {
            app.MapGet("/page/{name}", (string name, HttpContext c) =>
            {
                if (c.Request.Headers.Cookie.Count > 0) Interlocked.Increment(ref requestsWithCookies);
                return Results.Content(VisitorPage(name), "text/html; charset=utf-8");
            });
            app.MapGet("/cached.js", (HttpContext c) =>
            {
                Interlocked.Increment(ref scriptFetches);
                if (c.Request.Headers.Cookie.Count > 0) Interlocked.Increment(ref requestsWithCookies);
                c.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Content("window.cachedScriptRan = true;", "application/javascript");
            });
            app.MapGet("/seen", (HttpContext c) =>
            {
                reports.Enqueue(c.Request.QueryString.Value ?? "");
                c.Response.Headers.SetCookie = "visited=1; Path=/; Max-Age=3600"; // after reading: the next page must not send it
                return Results.Ok();
            });
        }
        await using var siteA = await LoopbackServer.StartAsync(Routes);
        await using var siteB = await LoopbackServer.StartAsync(Routes, System.Net.IPAddress.Parse("127.0.0.2"));
        await using var otherPort = await LoopbackServer.StartAsync(Routes);
        string[] urls = [siteA.Url("page/a1"), siteA.Url("page/a2"), siteB.Url("page/b1"), otherPort.Url("page/p1"), siteA.Url("page/a3")];

        var run = await ScannerRun.ScanAsync(browser, [.. urls, "-j", "1", "--fail-on", "none"]);

        Assert.Equal(5, run.Pages.Length);
        Assert.All(run.Pages, p => Assert.Equal(200, p.GetProperty("status").GetInt32()));
        var seen = reports.Select(q => System.Web.HttpUtility.ParseQueryString(q)).ToList();
        Assert.Equal(5, seen.Count); // every page reported
        Assert.All(seen, s =>
        {
            Assert.Equal("", s["cookie"]);
            Assert.Equal("none", s["local"]);
            Assert.Equal("none", s["session"]);
            Assert.Equal("", s["databases"]);
        });
        Assert.Single(seen.Select(s => s["history"]).Distinct()); // a tab's history grows with reuse: all as long as the first page's
        Assert.Equal(0, requestsWithCookies); // neither the documents nor their scripts were asked for with an earlier page's cookie
        Assert.Equal(5, scriptFetches); // nothing came from another page's cache
    }

    /// <summary>Reports what an earlier visit could have left, then leaves all of it.</summary>
    private static string VisitorPage(string name) => $$"""
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>页面 {{name}}</title><script src="/cached.js"></script></head>
        <body><h1>全市教育大会召开 {{name}}</h1><p>会议强调，要加快建设教育强市。</p>
        <script>
          (async () => {
            const databases = (await indexedDB.databases()).map(d => d.name).join(',');
            const seen = new URLSearchParams({
              cookie: document.cookie, local: localStorage.getItem('visited') ?? 'none',
              session: sessionStorage.getItem('visited') ?? 'none', databases, history: String(history.length),
            });
            localStorage.setItem('visited', '{{name}}');
            sessionStorage.setItem('visited', '{{name}}');
            document.cookie = 'script-visited={{name}}; path=/; max-age=3600';
            await new Promise(done => { const open = indexedDB.open('visited-{{name}}'); open.onsuccess = open.onerror = done; });
            await fetch('/seen?' + seen);
          })();
        </script></body></html>
        """;

    /// <summary>
    /// Counts requests in flight; each waits (10 s at most) until <c>target</c> are in flight together, so a pool that
    /// can run that many in parallel shows it whatever the machine's speed, and then the full batch is held a second
    /// longer, so a pool that ran more at once than asked would show that too.
    /// </summary>
    private sealed class InFlightGauge(int target)
    {
        private readonly Lock _lock = new();
        private int _inFlight;
        private TaskCompletionSource _together = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Peak { get; private set; }

        public async Task HoldAsync()
        {
            Task together;
            lock (_lock)
            {
                Peak = Math.Max(Peak, ++_inFlight);
                together = _together.Task;
                if (_inFlight >= target)
                {
                    _together.SetResult();
                    _together = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            try
            {
                await together.WaitAsync(TimeSpan.FromSeconds(10));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // the last pages of a run may have no company
            }
            finally
            {
                lock (_lock) _inFlight--;
            }
        }
    }
}
