// alloc-trace TRACE.nettrace [top=25]
// Sums the runtime's allocation samples (GCAllocationTick: one event per ~100 KB allocated, naming the type of the
// object that crossed the mark) three ways: by type, by the innermost frame in a Scanner.* method, and by the
// innermost Scanner.* frame together with the type, and the large-object allocations alone. The sampled bytes are an estimate of where the bytes went.
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: alloc-trace TRACE.nettrace [top=25]");
    return 2;
}
var top = args.Length > 1 ? int.Parse(args[1]) : 25;
var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);

var byType = new Dictionary<string, long>();
var byFrame = new Dictionary<string, long>();
var byFrameAndType = new Dictionary<string, long>();
var largeByFrameAndType = new Dictionary<string, long>();
long total = 0;
var collections = new Dictionary<string, long>();
foreach (var data in log.Events)
{
    if (data is GCStartTraceData start) Add(collections, $"gen{start.Depth} {start.Type} {start.Reason}", 1);
    if (data is not GCAllocationTickTraceData tick) continue;
    var bytes = tick.AllocationAmount64;
    total += bytes;
    Add(byType, tick.TypeName ?? "?", bytes);
    var frame = OwnFrame(data.CallStack());
    Add(byFrame, frame, bytes);
    Add(byFrameAndType, $"{frame}  <-  {tick.TypeName}", bytes);
    // Large objects (85,000 bytes and more) count towards the budget whose overrun starts a gen-2 collection.
    if (tick.AllocationKind == GCAllocationKind.Large) Add(largeByFrameAndType, $"{frame}  <-  {tick.TypeName}", bytes);
}

Console.WriteLine($"sampled allocations: {total / 1048576.0:F0} MiB");
Print("by type", byType);
Print("by the innermost Scanner.* frame", byFrame);
Print("by that frame and type", byFrameAndType);
Print("large objects only, by frame and type", largeByFrameAndType);
Console.WriteLine("\ncollections, by generation, kind and reason:");
foreach (var (what, count) in collections.OrderByDescending(c => c.Value)) Console.WriteLine($"  {count,5}  {what}");
return 0;

void Print(string title, Dictionary<string, long> sums)
{
    Console.WriteLine($"\n{title}:");
    foreach (var (key, bytes) in sums.OrderByDescending(p => p.Value).Take(top))
        Console.WriteLine($"{bytes / 1048576.0,9:F1} MiB {100.0 * bytes / total,5:F1} %  {key}");
}

static void Add(Dictionary<string, long> sums, string key, long bytes) =>
    sums[key] = sums.GetValueOrDefault(key) + bytes;

// The first frame (from the allocation outwards) in the scanner's own code; else the innermost frame at all.
static string OwnFrame(TraceCallStack? stack)
{
    string? innermost = null;
    for (var s = stack; s is not null; s = s.Caller)
    {
        var method = s.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(method)) continue;
        innermost ??= method;
        if (method.StartsWith("Scanner.", StringComparison.Ordinal)) return method;
    }
    return innermost ?? "(no stack)";
}
