namespace Scanner.Core.Tests.Analyzers;

/// <summary>The project's ../shared folder beside the repository (corpus, word lists); null when absent.</summary>
internal static class Shared
{
    public static string? Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Scanner.sln"))) continue;
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine([dir.FullName, "..", "shared", .. parts]));
            return Directory.Exists(target) || File.Exists(target) ? target : null;
        }
        return null;
    }

    public static string Require(params string[] parts) => Path(parts)
        ?? throw new InvalidOperationException($"This test needs ../shared/{string.Join('/', parts)} beside the repository (the project's shared material).");
}
