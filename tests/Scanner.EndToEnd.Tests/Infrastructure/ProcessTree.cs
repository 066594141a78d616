namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>A process's descendants, read from /proc (Linux): to find the Chromium a scanner process started.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(child);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { } // ended meanwhile
        }
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var next))
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        return found;
    }

    /// <summary>The Chromium browser process (not a renderer, GPU or utility process) below <paramref name="pid"/>, if any.</summary>
    public static int? ChromiumBrowserBelow(int pid) => Descendants(pid).Cast<int?>().FirstOrDefault(p =>
    {
        var args = CommandLine(p!.Value);
        return args.Length > 0 && Path.GetFileName(args[0]) is "chromium" or "chrome" or "headless_shell"
            && !args.Any(a => a.StartsWith("--type=", StringComparison.Ordinal));
    });

    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException) { return false; }
    }

    private static string[] CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
