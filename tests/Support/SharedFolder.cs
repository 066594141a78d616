namespace Scanner.TestSupport;

/// <summary>
/// The project's shared material (corpora, the seed page, word lists, schemas): <c>../shared</c> beside the repository
/// root (the folder holding Scanner.sln), which CI puts there. <c>SCANNER_SHARED</c> points elsewhere (the benchmarks
/// read the same variable). One copy, compiled into every test project: a test that needs the folder fails, with the
/// path it expected, when the folder or the file is missing — it never passes silently.
/// </summary>
public static class SharedFolder
{
    public const string Variable = "SCANNER_SHARED";

    /// <summary>The path of <paramref name="parts"/> under the shared folder; throws when it does not exist.</summary>
    public static string Path(params string[] parts)
    {
        var root = Root();
        var target = System.IO.Path.Combine([root, .. parts]);
        if (Directory.Exists(target) || File.Exists(target)) return target;
        var where = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }
            ? $"{Variable} is set to {root}"
            : $"expected ../shared beside the repository, at {root}; CI puts it there, or set {Variable}";
        throw new InvalidOperationException($"This test needs {target}, the project's shared material, and it is missing ({where}).");
    }

    /// <summary>The shared folder itself (it may not exist: <see cref="Path"/> checks).</summary>
    public static string Root()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set) return System.IO.Path.GetFullPath(set);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Scanner.sln")))
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
