using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scanner.Browser.Loading;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// `npx playwright run-server` from npm, for --browser-endpoint: the npm package at the very version of the scanner's
/// Microsoft.Playwright (a Playwright server refuses a client of another major.minor), installed once into a folder of
/// the temporary directory. Playwright's own browser download is unreachable here, so the server's browser folder
/// (PLAYWRIGHT_BROWSERS_PATH) holds Debian's Chromium where Playwright looks for its Chromium and headless shell.
/// </summary>
public sealed partial class PlaywrightRunServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;

    private PlaywrightRunServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>ws://127.0.0.1:PORT/, what --browser-endpoint is given.</summary>
    public string Endpoint { get; }

    public static async Task<PlaywrightRunServer> StartAsync()
    {
        var folder = await InstallAsync(RemoteBrowser.PlaywrightVersion);
        var browsers = BrowsersFolder(folder);
        var start = new ProcessStartInfo("npx", ["--no-install", "playwright", "run-server", "--port", "0", "--host", "127.0.0.1"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PLAYWRIGHT_BROWSERS_PATH"] = browsers;
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m) listening.TrySetResult(m.Value);
        };
        process.ErrorDataReceived += (_, e) => { lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npx playwright run-server did not start ({(first == exited ? "it exited" : "no answer within 60 s")}): {error}");
        }
        return new PlaywrightRunServer(process, await listening.Task);
    }

    /// <summary>The folder with node_modules/playwright at <paramref name="version"/>; npm installs it the first time.</summary>
    private static async Task<string> InstallAsync(string version)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"scanner-playwright-server-{version}");
        await InstallLock.WaitAsync();
        try
        {
            if (InstalledVersion(folder) == version) return folder;
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "package.json"),
                $$"""{ "private": true, "description": "the Playwright server of the scanner's remote-browser tests", "dependencies": { "playwright": "{{version}}" } }""");
            var install = new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            install.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
            Process npm;
            try { npm = Process.Start(install)!; }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"The --browser-endpoint tests need npm (Node.js 18 or later) to install playwright@{version}: {e.Message}");
            }
            using (npm)
            {
                var output = npm.StandardOutput.ReadToEndAsync();
                var errors = npm.StandardError.ReadToEndAsync();
                if (!npm.WaitForExit(TimeSpan.FromMinutes(3))) npm.Kill(entireProcessTree: true);
                await npm.WaitForExitAsync();
                if (npm.ExitCode != 0 || InstalledVersion(folder) != version)
                    throw new InvalidOperationException(
                        $"The --browser-endpoint tests need playwright@{version} from the npm registry, and `npm install` in {folder} failed (exit {npm.ExitCode}): {await errors}{await output}");
            }
            return folder;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string? InstalledVersion(string folder)
    {
        var manifest = Path.Combine(folder, "node_modules", "playwright", "package.json");
        if (!File.Exists(manifest)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.GetProperty("version").GetString();
    }

    /// <summary>
    /// A PLAYWRIGHT_BROWSERS_PATH whose Chromium and Chromium headless shell (at the revisions this playwright-core
    /// expects, from its browsers.json) are links to the system's Chromium.
    /// </summary>
    private static string BrowsersFolder(string folder)
    {
        var chromium = BrowserLocator.Find(null)?.Path
            ?? throw new InvalidOperationException("No Chromium found (apt-get install chromium): the Playwright server needs one to drive.");
        var browsers = Path.Combine(folder, "browsers");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "node_modules", "playwright-core", "browsers.json")));
        string Revision(string name) => json.RootElement.GetProperty("browsers").EnumerateArray()
            .First(b => b.GetProperty("name").GetString() == name).GetProperty("revision").GetString()!;
        foreach (var (dir, executable) in new[]
                 {
                     ($"chromium-{Revision("chromium")}", Path.Combine("chrome-linux64", "chrome")),
                     ($"chromium_headless_shell-{Revision("chromium-headless-shell")}", Path.Combine("chrome-headless-shell-linux64", "chrome-headless-shell")),
                 })
        {
            var link = Path.Combine(browsers, dir, executable);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (File.Exists(link) || Directory.Exists(link) || new FileInfo(link).LinkTarget is not null) File.Delete(link);
            File.CreateSymbolicLink(link, chromium);
        }
        return browsers;
    }

    [GeneratedRegex(@"ws://127\.0\.0\.1:\d+/")]
    private static partial Regex Listening();

    /// <summary>The Chromium the server started for a client, if one is running: to end it under the scanner.</summary>
    public int? ChromiumBelow() => ProcessTree.ChromiumBrowserBelow(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
