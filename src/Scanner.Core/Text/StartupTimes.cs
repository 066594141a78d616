using System.Diagnostics;

namespace Scanner.Core.Text;

/// <summary>
/// How long the one-off tables of a process took to build, for the start-up breakdown of <c>scanner scan -v</c>
/// (issue 20: start-up under 0.5 s). Each is set once, by the code that builds the table; zero until then.
/// </summary>
public static class StartupTimes
{
    /// <summary>The per-character folding tables (NFKC, confusables, Unihan traditional → simplified).</summary>
    public static TimeSpan FoldingTables { get; internal set; }

    /// <summary>jieba's dictionary, read on a background thread (<see cref="ChineseWordBoundaries.Prefetch"/>).</summary>
    public static TimeSpan JiebaDictionary { get; internal set; }

    /// <summary>Whether jieba's dictionary is read yet (it may still be loading when the start-up line is written).</summary>
    public static bool JiebaDictionaryLoaded { get; internal set; }

    /// <summary>Time since the process started (runtime start-up included).</summary>
    public static TimeSpan SinceProcessStart => DateTime.Now - Process.GetCurrentProcess().StartTime;
}
