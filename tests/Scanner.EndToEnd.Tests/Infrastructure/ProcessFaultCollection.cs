namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Tests that signal or kill real processes (Ctrl+C to a process group, kill -9 of Chromium) and wait for a slow crawl
/// to be under way. They run alone: in parallel with the rest of the suite, another test's Chromium can start below
/// the same test process while one of them is picking its victim, and a busy machine can starve their crawls.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessFaultCollection
{
    public const string Name = "process faults";
}
