using System.Diagnostics;
using BenchmarkDotNet.Running;
using Scanner.Benchmarks;
using Scanner.Core.Text;

// dotnet run -c Release --project bench/Scanner.Benchmarks -- quick      a stopwatch run of the matcher (seconds)
// dotnet run -c Release --project bench/Scanner.Benchmarks -- variance clean 50000 8   rounds of fresh instances
// dotnet run -c Release --project bench/Scanner.Benchmarks -- build      build time and retained memory, 50,000 terms
// dotnet run -c Release --project bench/Scanner.Benchmarks -- --filter '*' --job short   BenchmarkDotNet
if (args.Length > 0 && args[0] == "quick")
{
    foreach (var name in new[] { "clean", "injected" })
    {
        var text = name == "clean" ? BenchData.CleanText() : BenchData.InjectedText();
        foreach (var count in new[] { 1_000, 50_000 })
        {
            var matcher = new KeywordMatcher(BenchData.Terms(count).Select(t => new KeywordDefinition(t)));
            var matches = matcher.FindAll(text).Count;
            // Warm up for a second first: the tiered JIT recompiles the scan loop with full optimisation only after
            // it has run a while, and the first case of a run would otherwise be timed half-compiled.
            for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 1;) matcher.FindAll(text);
            // Best of 40 runs, by wall clock and by this process's CPU time (the machine is shared).
            double bestWall = double.MaxValue, bestCpu = double.MaxValue;
            var process = Process.GetCurrentProcess();
            for (var run = 0; run < 40; run++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                matcher.FindAll(text);
                sw.Stop();
                process.Refresh();
                bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }
            Console.WriteLine($"{name,-9} {count,6} terms: {text.Length / bestWall / 1e6,7:F1} M chars/s wall, " +
                              $"{text.Length / Math.Max(bestCpu, 1e-9) / 1e6,7:F1} cpu, {matches} matches");
        }
    }
    return;
}
if (args.Length > 0 && args[0] == "runs-ab")
{
    // The cost of the punctuated-run pass (违，禁。测！试): two matchers over the same terms, with and without it,
    // interleaved round by round; best of 20 searches per round, by this thread's CPU time (the machine is shared).
    // runs-ab clean|injected 1000|50000 rounds
    var text = args[1] == "clean" ? BenchData.CleanText() : BenchData.InjectedText();
    var terms = BenchData.Terms(int.Parse(args[2])).Select(t => new KeywordDefinition(t)).ToArray();
    var with = new KeywordMatcher(terms, null, KeywordMatcherOptions.Default);
    var without = new KeywordMatcher(terms, null, new KeywordMatcherOptions { MatchPunctuatedRuns = false });
    Console.WriteLine($"matches: {with.FindAll(text).Count} with the pass, {without.FindAll(text).Count} without");
    double Best(KeywordMatcher m)
    {
        for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 0.5;) m.FindAll(text);
        var best = double.MaxValue;
        for (var run = 0; run < 20; run++)
        {
            var cpu = Scanner.Benchmarks.ThreadCpu.Now();
            m.FindAll(text);
            best = Math.Min(best, Scanner.Benchmarks.ThreadCpu.Now() - cpu);
        }
        return best;
    }
    var ratios = new List<double>();
    for (var round = 0; round < int.Parse(args[3]); round++)
    {
        var a = Best(without);
        var b = Best(with);
        ratios.Add(a / b);
        Console.WriteLine($"round {round}: without {text.Length / a / 1e6,7:F1} M chars/s, with {text.Length / b / 1e6,7:F1} M chars/s, ratio {a / b:F3}");
    }
    ratios.Sort();
    Console.WriteLine($"median ratio (with / without speed): {ratios[ratios.Count / 2]:F3}");
    return;
}
if (args.Length > 0 && args[0] == "variance")
{
    // Same case, fresh matcher and fresh copy of the text each round (variance clean|injected 1000|50000 rounds),
    // best of 20 searches per round: shows how much the speed depends on where the tables and the text land in
    // memory. SAME_TEXT=1 keeps one copy of the text, SAME_MATCHER=1 one matcher, to tell the two apart.
    var source = args[1] == "clean" ? BenchData.CleanText() : BenchData.InjectedText();
    if (int.TryParse(Environment.GetEnvironmentVariable("TEXTLEN"), out var prefix))
    {
        // A short prefix repeated to the same length: the trie's working set then stays in the caches.
        var sb = new System.Text.StringBuilder(source.Length);
        while (sb.Length < source.Length) sb.Append(source, 0, Math.Min(prefix, source.Length - sb.Length));
        source = sb.ToString();
    }
    var terms = BenchData.Terms(int.Parse(args[2]));
    KeywordMatcher? matcher = null;
    for (var round = 0; round < int.Parse(args[3]); round++)
    {
        var text = Environment.GetEnvironmentVariable("SAME_TEXT") is null ? new string(source.AsSpan()) : source;
        matcher = Environment.GetEnvironmentVariable("SAME_MATCHER") is not null && matcher is not null ? matcher : new KeywordMatcher(terms.Select(t => new KeywordDefinition(t)));
        for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 0.5;) matcher.FindAll(text);
        var best = double.MaxValue;
        for (var run = 0; run < 20; run++)
        {
            var sw = Stopwatch.StartNew();
            matcher.FindAll(text);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"round {round}: {text.Length / best / 1e6,7:F1} M chars/s");
    }
    return;
}
if (args.Length > 0 && args[0] == "loop")
{
    // For a profiler: search one case over and over (loop clean|injected 1000|50000 seconds).
    var text = args[1] == "clean" ? BenchData.CleanText() : BenchData.InjectedText();
    var matcher = new KeywordMatcher(BenchData.Terms(int.Parse(args[2])).Select(t => new KeywordDefinition(t)));
    var until = Stopwatch.StartNew();
    var runs = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[3])) { matcher.FindAll(text); runs++; }
    Console.WriteLine($"{runs} runs");
    return;
}
if (args.Length > 0 && args[0] == "stats")
{
    var text = BenchData.CleanText();
    foreach (var count in new[] { 1_000, 50_000 })
    {
        var matcher = new KeywordMatcher(BenchData.Terms(count).Select(t => new KeywordDefinition(t)));
        var input = (ushort[])typeof(KeywordMatcher).GetField("_input", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(matcher)!;
        int none = 0, noise = 0, slow = 0, sym = 0;
        foreach (var c in text)
        {
            var v = input[c];
            if (v == 0) none++; else if (v == 0xFFFF) noise++; else if (v == 0xFFFE) slow++; else sym++;
        }
        Console.WriteLine($"{count} terms: in alphabet {sym * 100.0 / text.Length:F1}%, outside {none * 100.0 / text.Length:F1}%, noise {noise * 100.0 / text.Length:F1}%, slow {slow * 100.0 / text.Length:F2}%");
        var skip = (uint[])typeof(KeywordMatcher).GetField("_skip", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(matcher)!;
        Console.WriteLine($"  can start a term: {text.Count(c => (skip[c] & 1) != 0) * 100.0 / text.Length:F1}%");
        var cells = (Array)typeof(KeywordMatcher).GetField("_cells", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(matcher)!;
        var labelField = cells.GetType().GetElementType()!.GetField("Label")!;
        var used = cells.Cast<object>().Count(c => (ushort)labelField.GetValue(c)! != 0xFFFF);
        var termAt = (int[])typeof(KeywordMatcher).GetField("_termAt", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(matcher)!;
        Console.WriteLine($"  cells {cells.Length} ({used + 1} states), ending a term {termAt.Count(p => p >= 0)}");
        var slowChars = text.Where(c => input[c] == 0xFFFE).GroupBy(c => c).OrderByDescending(g => g.Count()).Take(10);
        Console.WriteLine(string.Join(" ", slowChars.Select(g => $"U+{(int)g.Key:X4}x{g.Count()}")));
    }
    return;
}
if (args.Length > 0 && args[0] == "build")
{
    var definitions = BenchData.Terms(50_000).Select(t => new KeywordDefinition(t)).ToArray();
    var first = Stopwatch.StartNew();
    _ = new KeywordMatcher(definitions.Take(10)); // static tables and JIT out of the way
    Console.WriteLine($"first matcher in the process (folding tables for all 65,536 UTF-16 units, JIT): {first.Elapsed.TotalMilliseconds:F0} ms");
    for (var round = 0; round < 5; round++) BuildOnce(definitions);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args);

[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static void BuildOnce(KeywordDefinition[] definitions)
{
    var before = GC.GetTotalMemory(true);
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var matcher = new KeywordMatcher(definitions);
    sw.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
    var retained = GC.GetTotalMemory(true) - before;
    Console.WriteLine($"50,000 terms ({matcher.Count} kept): built in {sw.Elapsed.TotalMilliseconds:F0} ms ({cpu.TotalMilliseconds:F0} ms CPU), " +
                      $"allocated {allocated / 1048576.0:F1} MiB, retained by the matcher {retained / 1048576.0:F1} MiB");
    GC.KeepAlive(matcher);
}
