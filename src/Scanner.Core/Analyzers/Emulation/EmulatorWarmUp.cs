namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// Starts the script emulator's one-off start (Jint's static tables, without the system's time zones since
/// <see cref="JintTimeZoneStart"/>, the prelude's parse and the warm-up run: ~0.1–0.2 s) on a thread-pool thread, so that it overlaps the scan's
/// own start-up and first fetches instead of delaying the first page with a suspicious script. A class of its own:
/// touching any static member of <see cref="ScriptEmulator"/> runs that start on the calling thread (its static fields
/// are initialised then), which is what this avoids. Idempotent; a page that needs the emulator before the start is
/// done waits for it.
/// </summary>
public static class EmulatorWarmUp
{
    private static int _started;

    public static void StartInBackground()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _ = Task.Run(ScriptEmulator.WarmUp);
    }
}
