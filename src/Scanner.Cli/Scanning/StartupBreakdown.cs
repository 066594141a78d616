using Scanner.Core.Rules;
using Scanner.Core.Text;
using Serilog;

namespace Scanner.Cli.Scanning;

/// <summary>
/// Where a scan's start went, for <c>-v</c> (issue 20: start-up under 0.5 s; bench/speed/startup.sh reads it): the
/// process up to the rules, the rules (of which the folding tables and the keyword matcher), and jieba's dictionary,
/// which a background thread reads meanwhile (written at the end of the scan, when it is surely done).
/// </summary>
public static class StartupBreakdown
{
    public static void Log(ILogger log, TimeSpan rulesTime, RuleSet rules) =>
        log.Debug("Start-up: {Total:0.000} s since the process started; rules {Rules:0.000} s (folding tables {Folding:0.000} s, matcher {Matcher:0.000} s)",
            StartupTimes.SinceProcessStart.TotalSeconds, rulesTime.TotalSeconds, StartupTimes.FoldingTables.TotalSeconds, rules.MatcherBuildTime.TotalSeconds);

    public static void LogBackground(ILogger log)
    {
        if (StartupTimes.JiebaDictionaryLoaded)
            log.Debug("Start-up, in the background: jieba's dictionary {Jieba:0.000} s", StartupTimes.JiebaDictionary.TotalSeconds);
        // What the JIT compiled in the whole run (ReadyToRun code is not counted): a short scan's main cost besides the pages.
        log.Debug("JIT: {Methods} method(s) compiled, {Time:0.000} s of compiling (all threads)",
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
        // The garbage collector's share (issue 20, fifth pass: GC settings are judged by these, not by wall time alone).
        log.Debug("GC: {Gen0} gen0, {Gen1} gen1, {Gen2} gen2 collection(s), {Paused:0.000} s paused, {Allocated:N0} MiB allocated",
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalSeconds,
            GC.GetTotalAllocatedBytes() / (1024 * 1024));
    }
}
