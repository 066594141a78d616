using System.Runtime.CompilerServices;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// Runs Jint's one costly static start without the system's time-zone list.
/// <para>
/// Jint 4.18's Temporal provider (<c>DefaultTimeZoneProvider</c>, which every Jint <c>Options</c> reads) builds a casing
/// table of the system's zone ids in its static constructor from <see cref="TimeZoneInfo.GetSystemTimeZones()"/>. That
/// call sorts the ~420 zones by their display names, which .NET asks ICU for one by one: ~0.4 s of CPU at the start of
/// every scan that runs a script (issue 20, eighth pass). The emulator never uses a system zone: the visitor's clock is
/// a custom zone (<see cref="VisitorClock"/>), and the emulated scripts get no Temporal zone by name that matters to a
/// finding.
/// </para>
/// <para>
/// So that constructor runs once with <c>TZDIR</c> on an empty folder, where .NET finds only UTC. Then <c>TZDIR</c> is put
/// back and .NET's zone caches are cleared: the rest of the process sees the system's zones and its local zone as before
/// (the local zone is read before, so no thread sees another one meanwhile). Jint's table then lacks the casing of zone
/// ids outside its own built-in list, which only <c>Temporal</c> zone names would show.
/// </para>
/// </summary>
internal static class JintTimeZoneStart
{
    private static readonly object Gate = new();
    private static bool _done;

    public static void Run()
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                // Elsewhere .NET reads zones from the registry or ICU, not TZDIR: nothing to spare.
                return;
            }
            var provider = typeof(Jint.Native.Temporal.DefaultTimeZoneProvider).TypeHandle;
            var folder = Path.Combine(Path.GetTempPath(), "scanner-no-time-zones");
            var saved = Environment.GetEnvironmentVariable("TZDIR");
            try
            {
                Directory.CreateDirectory(folder);
                _ = TimeZoneInfo.Local; // cached now, from the real zone folder
                Environment.SetEnvironmentVariable("TZDIR", folder);
                RuntimeHelpers.RunClassConstructor(provider);
            }
            catch (IOException)
            {
                // No temporary folder: Jint starts the slow way below.
            }
            catch (UnauthorizedAccessException)
            {
            }
            finally
            {
                Environment.SetEnvironmentVariable("TZDIR", saved);
                TimeZoneInfo.ClearCachedData();
            }
            RuntimeHelpers.RunClassConstructor(provider);
        }
    }
}
