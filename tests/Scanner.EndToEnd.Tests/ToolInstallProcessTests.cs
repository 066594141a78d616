using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// `dotnet tool install`, as a user would: the CLI packed as a .NET tool into a local feed, installed into a tool path
/// of its own, and the installed `scanner` command run: `--version`, then a browser scan that needs the rule packs and
/// Playwright's driver to have travelled inside the package.
/// </summary>
public sealed class ToolInstallProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-tool-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_packed_tool_installs_and_its_scanner_command_reports_its_version_and_scans()
    {
        var feed = Path.Combine(_folder, "feed");
        var tools = Path.Combine(_folder, "tools");
        // A version of its own, so no earlier package of the same version can be served from a cache instead.
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        // The tool's restore goes to a package folder of its own: the user's NuGet cache keeps no test package.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_folder, "packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var project = Path.Combine(RepositoryRoot(), "src", "Scanner.Cli", "Scanner.Cli.csproj");
        // The CLI is already built (this test project references it), in this test run's configuration.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))
            ?? throw new InvalidOperationException($"no configuration folder above {AppContext.BaseDirectory}"); // bin/CONFIGURATION/net10.0

        var pack = await RunAsync("dotnet", ["pack", project, "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={version}", "--nologo"], environment);
        Assert.True(pack.Exit == 0, $"dotnet pack failed: {pack.Output}{pack.Error}");
        Assert.True(File.Exists(Path.Combine(feed, $"Scanner.Cli.{version}.nupkg")), $"no package in {feed}: {pack.Output}");

        var install = await RunAsync("dotnet", ["tool", "install", "Scanner.Cli", "--tool-path", tools, "--add-source", feed, "--version", version], environment);
        Assert.True(install.Exit == 0, $"dotnet tool install failed: {install.Output}{install.Error}");
        var scanner = Path.Combine(tools, "scanner");
        Assert.True(File.Exists(scanner), $"the tool installed no 'scanner' command: {install.Output}");

        var shown = await RunAsync(scanner, ["--version"], environment);
        var expected = typeof(Scanner.Cli.ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.True(shown.Exit == 0, shown.Error);
        Assert.Equal(expected, shown.Output.Trim());

        var page = Path.Combine(AppContext.BaseDirectory, "fixtures", "policy", "one-porn-phrase.html");
        var report = Path.Combine(_folder, "report.json");
        var scan = await RunAsync(scanner, ["scan", page, "-f", "json", "-o", report, "--no-screenshots"], environment);
        Assert.True(scan.Exit == 1, $"expected exit 1 (a porn phrase trips the gate), got {scan.Exit}: {scan.Error}");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        Assert.Equal("keyword.porn", json.RootElement.GetProperty("findings").EnumerateArray().Single().GetProperty("ruleId").GetString());
        Assert.Contains("Chromium", scan.Error); // the browser engine ran, through the packaged Playwright driver

        // The container's start command: the same installed command, as a user that is not root (Chromium keeps its sandbox).
        if (Scanner.Browser.Loading.BrowserLocator.RunningAsRoot)
        {
            var home = Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
            foreach (var dir in new[] { _folder, home })
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            // As the Dockerfile does after installing: NuGet unpacks files as 0744, so another user could not run node.
            var chmod = await RunAsync("chmod", ["-R", "a+rX", tools], environment);
            Assert.True(chmod.Exit == 0, chmod.Error);
            var copy = Path.Combine(home, "page.html");
            File.Copy(page, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var asUser = await RunAsync("runuser", ["-u", "nobody", "--", "env", $"HOME={home}", scanner, "scan", copy, "-f", "json", "-o", Path.Combine(home, "user.json"), "--no-screenshots"], environment);
            Assert.True(asUser.Exit == 1, $"as a user that is not root: expected exit 1, got {asUser.Exit}: {asUser.Error}");
            Assert.Contains("keyword.porn", await File.ReadAllTextAsync(Path.Combine(home, "user.json")));
        }
    }

    /// <summary>
    /// The Dockerfile cannot be built here (no container runtime), so it must stay what the tests prove: Debian's
    /// packages that .ci/run installs for the test suite, the tool installed by `dotnet tool install` as above, its
    /// `scanner` command as the entrypoint, and a user that is not root.
    /// </summary>
    [Fact]
    public void The_container_recipe_installs_what_the_tests_run_on_and_starts_the_installed_tool()
    {
        var root = RepositoryRoot();
        var dockerfile = File.ReadAllText(Path.Combine(root, "Dockerfile"));
        var ciPackages = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, ".ci", "run")), @"missing\+=\(([\w.-]+)\)")
            .Select(m => m.Groups[1].Value).Order().ToList();
        Assert.NotEmpty(ciPackages);
        var install = System.Text.RegularExpressions.Regex.Match(dockerfile, @"apt-get install -y --no-install-recommends ([^\n&\\]+)");
        Assert.True(install.Success, "the Dockerfile installs no Debian packages");
        Assert.Equal(ciPackages, install.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToList());

        var csproj = File.ReadAllText(Path.Combine(root, "src", "Scanner.Cli", "Scanner.Cli.csproj"));
        string Property(string name) => System.Text.RegularExpressions.Regex.Match(csproj, $"<{name}>([^<]+)</{name}>").Groups[1].Value;
        var tool = System.Text.RegularExpressions.Regex.Match(dockerfile, @"dotnet tool install (\S+) --tool-path (\S+)");
        Assert.True(tool.Success, "the Dockerfile does not install the tool with dotnet tool install --tool-path");
        Assert.Equal(Property("PackageId"), tool.Groups[1].Value);
        Assert.Contains($"chmod -R a+rX {tool.Groups[2].Value}", dockerfile);
        Assert.Contains($"ENTRYPOINT [\"{tool.Groups[2].Value}/{Property("ToolCommandName")}\"]", dockerfile);
        var user = System.Text.RegularExpressions.Regex.Match(dockerfile, @"^USER (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(user.Success && user.Groups[1].Value is not ("root" or "0"), "the container runs as root");
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string command, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder, // no scanner.yml of the repository is picked up
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try { await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4)); }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish within 4 min");
        }
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
