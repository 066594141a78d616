using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Scanner.Core.Network;

/// <summary>
/// DNS for one scan: every answer, a failure included, is remembered for a while, concurrent lookups of one name
/// share one query, and a lookup that has not answered soon is asked again beside the first (a hedge).
/// Why: a hacked page names dozens of hosts that no longer resolve, and every page of a site names the same ones.
/// Chromium in a fresh context asks again for each page, and a resolver that drops a query makes glibc wait 5 s
/// before it retries; a sync <c>&lt;script src&gt;</c> on such a host holds the page's DOMContentLoaded that long.
/// Caching does not weaken <see cref="AddressGuard"/>: it judges the addresses it is given and connects to those.
/// </summary>
public sealed class HostResolver
{
    /// <summary>Looks a name up; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> unless a test gives another.</summary>
    public delegate Task<IPAddress[]> Lookup(string host, CancellationToken ct);

    /// <summary>How long an answer is kept. Shorter than most records' TTL, long enough to cover a site's pages.</summary>
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long a failure is kept: a name that did not resolve a moment ago fails at once, then is asked again.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(2);

    /// <summary>When unanswered queries are asked again beside the first: a dropped query otherwise costs glibc's 5 s timeout.</summary>
    public static readonly TimeSpan[] HedgeDelays = [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    private readonly ConcurrentDictionary<string, CachedLookup> _cache = new(StringComparer.Ordinal);
    private readonly Lookup _lookup;
    private readonly TimeProvider _time;

    public HostResolver(Lookup? lookup = null, TimeProvider? time = null)
    {
        _lookup = lookup ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Lookups that reached the resolver (a hedge counts), for the scan's statistics and for tests.</summary>
    public int Queries => _queries;
    private int _queries;

    /// <summary>The addresses of <paramref name="host"/> (a normalised name, not an address literal).</summary>
    /// <exception cref="SocketException">The name does not resolve (remembered for <see cref="FailureLifetime"/>).</exception>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        while (true)
        {
            var now = _time.GetTimestamp();
            var entry = _cache.GetOrAdd(host, static (name, self) => self.Start(name), this);
            if (!entry.IsExpired(now, _time)) return entry.Answer.WaitAsync(ct);
            _cache.TryRemove(KeyValuePair.Create(host, entry));
        }
    }

    // Lazy: GetOrAdd may build two entries under a race; only the stored one ever starts its queries.
    private CachedLookup Start(string host) => new(new Lazy<Task<IPAddress[]>>(() => HedgedAsync(host)), _time.GetTimestamp());

    /// <summary>
    /// The first answer of up to three queries of one name, started at 0, 400 ms and 1.5 s if none has answered.
    /// Not tied to any caller's cancellation: the answer is shared, and a caller that gives up stops waiting for it.
    /// </summary>
    private async Task<IPAddress[]> HedgedAsync(string host)
    {
        var queries = new List<Task<IPAddress[]>> { Query(host) };
        var started = _time.GetTimestamp();
        foreach (var delay in HedgeDelays)
        {
            var wait = delay - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.WhenAny(Task.WhenAny(queries), Task.Delay(wait, _time));
            if (queries.Any(q => q.IsCompleted)) break;
            queries.Add(Query(host));
        }
        return await FirstAnswerAsync(queries);
    }

    private Task<IPAddress[]> Query(string host)
    {
        Interlocked.Increment(ref _queries);
        return _lookup(host, CancellationToken.None);
    }

    /// <summary>The first query to succeed; when all fail, the first failure (NXDOMAIN is the same from each).</summary>
    private static async Task<IPAddress[]> FirstAnswerAsync(List<Task<IPAddress[]>> queries)
    {
        var pending = new List<Task<IPAddress[]>>(queries);
        Task<IPAddress[]>? firstFailed = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            if (done.IsCompletedSuccessfully && done.Result.Length > 0) return done.Result;
            firstFailed ??= done;
            // An authoritative "no such name" will not change on asking again: don't wait for the others.
            if (done.Exception?.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound }) break;
            pending.Remove(done);
        }
        return await firstFailed!;
    }

    private sealed record CachedLookup(Lazy<Task<IPAddress[]>> Query, long StartedAt)
    {
        public Task<IPAddress[]> Answer => Query.Value;

        public bool IsExpired(long now, TimeProvider time)
        {
            if (!Answer.IsCompleted) return false;
            var lifetime = Answer.IsCompletedSuccessfully && Answer.Result.Length > 0 ? AnswerLifetime : FailureLifetime;
            return time.GetElapsedTime(StartedAt, now) > lifetime;
        }
    }
}
