namespace Scanner.Engine.Targets;

/// <summary>
/// A path with every symbolic link along it resolved (what realpath(3) answers), so that a link inside a served
/// folder that points outside it is seen for what it is.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40; // as the kernel's ELOOP limit: a cycle of links ends here

    /// <exception cref="IOException">A cycle of links.</exception>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var remaining = new LinkedList<string>(Segments(full[root.Length..]));
        var current = root;
        for (var links = 0; remaining.First is { } first;)
        {
            remaining.RemoveFirst();
            var segment = first.Value;
            if (segment == "..") { current = Path.GetDirectoryName(current) ?? root; continue; }
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links at {next}");
            // The link's target replaces it; a relative target is relative to the link's folder.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            current = Path.GetPathRoot(resolved)!;
            foreach (var part in Segments(resolved[current.Length..]).Reverse()) remaining.AddFirst(part);
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it (both real, full paths).</summary>
    public static bool IsInside(string folder, string path)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Segments(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
