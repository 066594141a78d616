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
    [InlineData("browser", 8, 24 * 1024 * MiB, 8)] // cores decide
    [InlineData("browser", 1, 24 * 1024 * MiB, 2)] // at least 2: pages wait on the network
    [InlineData("browser", 8, 1024 * MiB, 4)]      // 1 GiB holds four 256 MiB contexts
    [InlineData("browser", 16, 100 * MiB, 1)]      // never 0
    [InlineData("browser", 4, 0, 4)]               // memory unknown: cores decide
    [InlineData("static", 8, 1024 * MiB, 8)]       // no browser contexts: memory does not limit
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
