using System.Runtime.InteropServices;

namespace Scanner.Engine.Scanning;

/// <summary>
/// Ctrl+C or SIGTERM during a scan. The first signal stops taking new pages (<see cref="Stop"/>) and, a grace period
/// later, gives up on the pages still in flight (<see cref="Abort"/>), so every requested report can still be written
/// from what was scanned. A second signal is not caught: the process ends at once, as the user asked.
/// </summary>
public sealed class ScanInterruption : IDisposable
{
    /// <summary>How long pages in flight get to finish after the first signal.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<IDisposable> _registrations = [];
    private readonly TimeSpan _grace;
    private int _signals;

    public ScanInterruption(TimeSpan grace) => _grace = grace;

    /// <summary>Listens to SIGINT and SIGTERM; <paramref name="error"/> hears what happens next.</summary>
    public static ScanInterruption FromSignals(TextWriter error, TimeSpan grace)
    {
        var interruption = new ScanInterruption(grace);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            interruption._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref interruption._signals) > 1) return; // not cancelled: the default ends the process
                context.Cancel = true;
                error.WriteLine($"Interrupted: no new pages; pages in flight get {grace.TotalSeconds:0} s to finish, then the reports are written from what was scanned. Interrupt again to quit at once.");
                interruption.Interrupt();
            }));
        return interruption;
    }

    /// <summary>An interruption driven by a token (a host's, or a test's) instead of signals.</summary>
    public static ScanInterruption FromToken(CancellationToken token, TimeSpan grace)
    {
        var interruption = new ScanInterruption(grace);
        interruption._registrations.Add(token.Register(interruption.Interrupt));
        return interruption;
    }

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
