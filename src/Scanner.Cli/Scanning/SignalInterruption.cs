using System.Runtime.InteropServices;
using Scanner.Engine.Scanning;

namespace Scanner.Cli.Scanning;

/// <summary>
/// Ctrl+C and SIGTERM as a scan's interruption: the first signal interrupts (no new pages, pages in flight get the
/// grace period, then the reports are written from what was scanned). A second signal is not caught: the process ends
/// at once, as the user asked.
/// </summary>
public static class SignalInterruption
{
    /// <summary>Listens to SIGINT and SIGTERM; <paramref name="error"/> hears what happens next.</summary>
    public static ScanInterruption Create(TextWriter error, TimeSpan grace)
    {
        var interruption = new ScanInterruption(grace);
        var signals = 0;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            interruption.DisposeWith(PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref signals) > 1) return; // not cancelled: the default ends the process
                context.Cancel = true;
                error.WriteLine($"Interrupted: no new pages; pages in flight get {grace.TotalSeconds:0} s to finish, then the reports are written from what was scanned. Interrupt again to quit at once.");
                interruption.Interrupt();
            }));
        return interruption;
    }
}
