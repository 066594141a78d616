namespace Scanner.Cli.Configuration;

/// <summary>
/// Where `scanner scan` finds scanner.yml without --config, as Lighthouse CI finds its file: the current folder, then
/// each folder above it up to the repository's root (the folder with .git). Outside a repository, the current folder only.
/// </summary>
public static class ConfigFinder
{
    public static string? Find(string start)
    {
        var here = Path.Combine(start, ScannerConfig.DefaultFileName);
        if (File.Exists(here)) return here;
        if (RepositoryRootAbove(start) is not { } root) return null;
        for (var dir = Directory.GetParent(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ScannerConfig.DefaultFileName);
            if (File.Exists(candidate)) return candidate;
            if (string.Equals(dir.FullName, root, StringComparison.Ordinal)) break;
        }
        return null;
    }

    private static string? RepositoryRootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        return null;
    }
}
