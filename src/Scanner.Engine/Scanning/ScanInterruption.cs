namespace Scanner.Engine.Scanning;

/// <summary>
/// An interruption of a scan (Ctrl+C or SIGTERM in the CLI, a token in a host or a test). The first
/// <see cref="Interrupt"/> stops taking new pages (<see cref="Stop"/>) and, a grace period later, gives up on the pages
/// still in flight (<see cref="Abort"/>), so every requested report can still be written from what was scanned.
/// </summary>
public sealed class ScanInterruption : IDisposable
{
    /// <summary>How long pages in flight get to finish after the first signal.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<IDisposable> _registrations = [];
    private readonly TimeSpan _grace;

    public ScanInterruption(TimeSpan grace) => _grace = grace;

    /// <summary>An interruption driven by a token (a host's, or a test's) instead of signals.</summary>
    public static ScanInterruption FromToken(CancellationToken token, TimeSpan grace)
    {
        var interruption = new ScanInterruption(grace);
        interruption.DisposeWith(token.Register(interruption.Interrupt));
        return interruption;
    }

    /// <summary>Something that fires <see cref="Interrupt"/> (a signal handler, a token's registration), released with this.</summary>
    public void DisposeWith(IDisposable registration) => _registrations.Add(registration);

    /// <summary>Cancelled when interrupted: take no new pages, follow no more links.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Cancelled a grace period after <see cref="Stop"/>: pages still loading are abandoned.</summary>
    public CancellationToken Abort => _abort.Token;

    public bool Interrupted => _stop.IsCancellationRequested;

    public void Interrupt()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _abort.CancelAfter(_grace);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }
}
