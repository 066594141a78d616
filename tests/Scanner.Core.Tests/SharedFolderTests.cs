namespace Scanner.Core.Tests;

public class SharedFolderTests
{
    [Fact]
    public void A_missing_part_of_the_shared_folder_fails_with_the_path_it_expected()
    {
        var expected = System.IO.Path.Combine(SharedFolder.Root(), "no-such-folder", "list.txt");
        var e = Assert.Throws<InvalidOperationException>(() => SharedFolder.Path("no-such-folder", "list.txt"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void The_shared_folder_is_beside_the_repository_root_unless_the_variable_says_otherwise()
    {
        var set = Environment.GetEnvironmentVariable(SharedFolder.Variable);
        var expected = string.IsNullOrEmpty(set) ? System.IO.Path.Combine(RepositoryRoot(), "..", "shared") : set;
        Assert.Equal(System.IO.Path.GetFullPath(expected), SharedFolder.Root());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Scanner.sln above " + AppContext.BaseDirectory);
    }
}
