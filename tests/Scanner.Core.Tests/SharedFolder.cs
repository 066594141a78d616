namespace Scanner.Core.Tests;

/// <summary>The project's ../shared folder (schemas, corpus, word lists), which CI places beside the clone.</summary>
public static class SharedFolder
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Scanner.sln"))) continue;
            var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
            var target = System.IO.Path.Combine([shared, .. parts]);
            if (!Directory.Exists(target) && !File.Exists(target))
                throw new InvalidOperationException(
                    $"This test needs {target}: the project's shared material, which must sit beside the repository as ../shared (CI puts it there).");
            return target;
        }
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
