using System.Collections.Concurrent;

namespace Scanner.Engine.Crawling;

/// <summary>
/// Politeness per host: at most N requests in flight to one host, and at least a delay between the starts of two
/// requests to it. Page loads and link checks share it.
/// </summary>
public sealed class HostThrottle(int perHost, TimeSpan delay)
{
    private sealed class Gate(int perHost)
    {
        public readonly SemaphoreSlim Slots = new(perHost, perHost);
        public readonly SemaphoreSlim StartLock = new(1, 1);
        public DateTime NextStart = DateTime.MinValue;
        public TimeSpan ExtraDelay = TimeSpan.Zero;
    }

    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A longer delay for one host (robots.txt Crawl-delay).</summary>
    public void RaiseDelay(string host, TimeSpan hostDelay)
    {
        var gate = _gates.GetOrAdd(host, _ => new Gate(perHost));
        if (hostDelay > gate.ExtraDelay) gate.ExtraDelay = hostDelay;
    }

    public async Task<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(host, _ => new Gate(perHost));
        await gate.Slots.WaitAsync(ct);
        try
        {
            var wait = delay > gate.ExtraDelay ? delay : gate.ExtraDelay;
            if (wait > TimeSpan.Zero)
            {
                await gate.StartLock.WaitAsync(ct);
                try
                {
                    var now = DateTime.UtcNow;
                    if (gate.NextStart > now) await Task.Delay(gate.NextStart - now, ct);
                    gate.NextStart = DateTime.UtcNow + wait;
                }
                finally
                {
                    gate.StartLock.Release();
                }
            }
        }
        catch
        {
            gate.Slots.Release();
            throw;
        }
        return new Releaser(gate.Slots);
    }

    private sealed class Releaser(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
