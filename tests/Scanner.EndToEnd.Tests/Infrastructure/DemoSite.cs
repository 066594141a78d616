namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>samples/demo-site, the README's first scan target.</summary>
public static class DemoSite
{
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine(dir.FullName, "samples", "demo-site");
            throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
        }
    }
}
