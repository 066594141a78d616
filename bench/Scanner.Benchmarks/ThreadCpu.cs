using System.Runtime.InteropServices;

namespace Scanner.Benchmarks;

/// <summary>This thread's CPU time in seconds (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): on a shared machine the
/// wall clock counts the other processes' time too.</summary>
internal static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private const int ClockThreadCpuTime = 3;

    public static double Now()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var t) != 0) return System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
        return t.Seconds + t.Nanoseconds / 1e9;
    }
}
