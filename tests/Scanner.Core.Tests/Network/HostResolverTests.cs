using System.Net;
using System.Net.Sockets;
using Scanner.Core.Network;

namespace Scanner.Core.Tests.Network;

/// <summary>
/// The scan's DNS: remembered answers and failures, one query for concurrent askers, and a hedge when a query is
/// dropped. The lookups here are the test's own so that a dropped query can be made on purpose; the last test uses
/// the machine's resolver.
/// </summary>
public sealed class HostResolverTests
{
    private static readonly IPAddress[] Answer = [IPAddress.Parse("93.184.216.34")];

    [Fact]
    public async Task A_name_is_asked_once_for_many_pages()
    {
        var queries = 0;
        var resolver = new HostResolver((_, _) => { Interlocked.Increment(ref queries); return Task.FromResult(Answer); });

        for (var page = 0; page < 5; page++)
            Assert.Equal(Answer, await resolver.ResolveAsync("static.example.com", CancellationToken.None));

        Assert.Equal(1, queries);
    }

    [Fact]
    public async Task Concurrent_askers_share_one_query()
    {
        var queries = 0;
        var release = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new HostResolver((_, _) => { Interlocked.Increment(ref queries); return release.Task; });

        var askers = Enumerable.Range(0, 8).Select(_ => resolver.ResolveAsync("cdn.example.com", CancellationToken.None)).ToList();
        release.SetResult(Answer);

        foreach (var answer in await Task.WhenAll(askers)) Assert.Equal(Answer, answer);
        Assert.Equal(1, queries);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_fails_at_once_the_next_time()
    {
        var queries = 0;
        var resolver = new HostResolver((_, _) =>
        {
            Interlocked.Increment(ref queries);
            return Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        });

        for (var page = 0; page < 3; page++)
        {
            var e = await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("dead-spam-host.example", CancellationToken.None));
            Assert.Equal(SocketError.HostNotFound, e.SocketErrorCode);
        }
        Assert.Equal(1, queries);
    }

    [Fact]
    public async Task A_dropped_query_is_asked_again_beside_the_first()
    {
        var queries = 0;
        var dropped = new TaskCompletionSource<IPAddress[]>(); // never answers, as a query the resolver dropped
        var resolver = new HostResolver((_, _) => Interlocked.Increment(ref queries) == 1 ? dropped.Task : Task.FromResult(Answer));

        Assert.Equal(Answer, await resolver.ResolveAsync("slow.example.com", CancellationToken.None));
        Assert.Equal(2, queries);
    }

    [Fact]
    public async Task An_asker_that_gives_up_does_not_cancel_the_shared_answer()
    {
        var release = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new HostResolver((_, _) => release.Task);
        using var impatient = new CancellationTokenSource();

        var first = resolver.ResolveAsync("shared.example.com", impatient.Token);
        var second = resolver.ResolveAsync("shared.example.com", CancellationToken.None);
        impatient.Cancel();
        release.SetResult(Answer);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(Answer, await second);
    }

    [Fact]
    public async Task Remembered_answers_and_failures_expire()
    {
        var time = new SteppingTime();
        var queries = 0;
        var resolver = new HostResolver((host, _) =>
        {
            Interlocked.Increment(ref queries);
            return host.StartsWith("dead", StringComparison.Ordinal)
                ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
                : Task.FromResult(Answer);
        }, time);

        await resolver.ResolveAsync("live.example.com", CancellationToken.None);
        await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("dead.example.com", CancellationToken.None));
        Assert.Equal(2, queries);

        time.Advance(HostResolver.FailureLifetime + TimeSpan.FromSeconds(1)); // the failure is stale, the answer is not
        await resolver.ResolveAsync("live.example.com", CancellationToken.None);
        await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("dead.example.com", CancellationToken.None));
        Assert.Equal(3, queries);

        time.Advance(HostResolver.AnswerLifetime);
        await resolver.ResolveAsync("live.example.com", CancellationToken.None);
        Assert.Equal(4, queries); // the answer is stale now: asked again
    }

    [Fact]
    public async Task The_machines_resolver_answers_through_it()
    {
        var resolver = new HostResolver();

        var loopback = await resolver.ResolveAsync("localhost", CancellationToken.None);
        Assert.Contains(loopback, IPAddress.IsLoopback);

        // .invalid never resolves (RFC 6761); the second ask is answered from memory.
        await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("no-such-host.invalid", CancellationToken.None));
        var asked = resolver.Queries;
        await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("no-such-host.invalid", CancellationToken.None));
        Assert.Equal(asked, resolver.Queries);
    }

    /// <summary>Time that moves only when the test says so (for the lifetimes; the hedge's delays use real timers).</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _offset;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _offset, (long)(by.TotalSeconds * TimestampFrequency));
        public override long GetTimestamp() => TimeProvider.System.GetTimestamp() + Interlocked.Read(ref _offset);
    }
}
