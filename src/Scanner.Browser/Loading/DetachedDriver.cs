using System.Runtime.InteropServices;
using Microsoft.Playwright;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Starts Playwright's node driver in a session of its own (setsid), so that the signals a terminal or a CI runner
/// sends to the scanner's whole process group (Ctrl+C is SIGINT to the group; `timeout` and runners send SIGTERM to
/// it) reach only the scanner. The scanner then winds the scan down and closes Chromium itself. In the scanner's
/// group the driver dies on SIGTERM and SIGHUP (and by default closes Chromium on SIGINT), so the pages in flight
/// fail and used to be reported as failed loads. Chromium is started in a process group of its own by the driver.
/// <para>
/// Why a wrapper script: Playwright .NET starts the driver with Process.Start, which cannot start a child in a new
/// session, but it runs whatever PLAYWRIGHT_NODEJS_PATH names. The alternative, launching Chromium ourselves with
/// --remote-debugging-port and ConnectOverCDPAsync, still leaves the driver in our group (it ignores SIGINT but
/// dies on SIGTERM) and loses Playwright's launch handling. If the scanner is killed outright, the driver sees its
/// pipe close and closes Chromium, so nothing is left behind.
/// </para>
/// </summary>
public sealed class DetachedDriver : IDisposable
{
    internal const string NodePathVariable = "PLAYWRIGHT_NODEJS_PATH";
    /// <summary>Held while PLAYWRIGHT_NODEJS_PATH is changed for a driver or the installer (<see cref="BrowserInstaller"/>).</summary>
    internal static readonly SemaphoreSlim EnvironmentLock = new(1, 1);
    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    private readonly string? _folder;

    private DetachedDriver(string? folder) => _folder = folder;

    /// <summary>A Playwright whose driver runs in its own session when the system allows it (Linux with setsid).</summary>
    public static async Task<(IPlaywright Playwright, DetachedDriver Driver)> StartAsync(ILogger log)
    {
        var setsid = SetsidPaths.FirstOrDefault(File.Exists);
        var node = NodePath();
        if (!OperatingSystem.IsLinux() || setsid is null || node is null)
        {
            log.Debug("Playwright's driver shares the scanner's process group (no setsid or no driver found)");
            return (await CreatePlaywrightAsync(log), new DetachedDriver(null));
        }

        var folder = Directory.CreateTempSubdirectory("scanner-driver-").FullName; // mode 0700: only we can write the script
        var wrapper = Path.Combine(folder, "node");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec {setsid} '{node.Replace("'", "'\\''")}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var driver = new DetachedDriver(folder);
        // The variable is read when the driver starts; it is restored at once so no other child process inherits it.
        await EnvironmentLock.WaitAsync();
        var previous = Environment.GetEnvironmentVariable(NodePathVariable);
        try
        {
            Environment.SetEnvironmentVariable(NodePathVariable, wrapper);
            return (await CreatePlaywrightAsync(log), driver);
        }
        catch
        {
            driver.Dispose();
            throw;
        }
        finally
        {
            Environment.SetEnvironmentVariable(NodePathVariable, previous);
            EnvironmentLock.Release();
        }
    }

    /// <summary>How long Playwright's driver may take to answer its first message; it answers in about a second.</summary>
    private static readonly TimeSpan DriverStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Playwright.CreateAsync waits forever for a driver that died while starting (seen when the node it was given was
    /// gone: a scan hung at "starting Chromium" with no driver process left). Bounded here, and tried once more; a
    /// second failure is a PlaywrightException, which the scan reports as "the browser could not start" (exit 2).
    /// </summary>
    private static async Task<IPlaywright> CreatePlaywrightAsync(ILogger log)
    {
        for (var attempt = 1; ; attempt++)
        {
            var creating = Playwright.CreateAsync();
            try
            {
                return await creating.WaitAsync(DriverStartTimeout);
            }
            catch (TimeoutException)
            {
                // Should the late driver answer after all, it is closed rather than left running.
                _ = creating.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                if (attempt >= 2)
                    throw new PlaywrightException($"Playwright's driver did not start: no answer within {DriverStartTimeout.TotalSeconds:0} s, twice.");
                log.Warning("Playwright's driver did not answer within {Seconds} s; starting it again", DriverStartTimeout.TotalSeconds);
            }
        }
    }

    /// <summary>The node Playwright would run: the user's PLAYWRIGHT_NODEJS_PATH, else the one shipped beside Microsoft.Playwright.dll.</summary>
    internal static string? NodePath()
    {
        // Another scanner's wrapper (the variable is set process-wide while a driver starts, so a process started at that
        // moment inherits it) is deleted when that scan ends: never taken for the user's own node.
        if (Environment.GetEnvironmentVariable(NodePathVariable) is { Length: > 0 } given && File.Exists(given) && !IsDriverWrapper(given)) return given;
        var platform = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var folder = Path.GetDirectoryName(typeof(IPlaywright).Assembly.Location) is { Length: > 0 } location ? location : AppContext.BaseDirectory;
        var node = Path.Combine(folder, ".playwright", "node", platform, "node");
        return File.Exists(node) ? node : null;
    }

    /// <summary>Whether <paramref name="path"/> is a wrapper this class wrote (a "node" in a scanner-driver-* folder).</summary>
    private static bool IsDriverWrapper(string path) =>
        Path.GetFileName(path) == "node" && Path.GetFileName(Path.GetDirectoryName(path))?.StartsWith("scanner-driver-", StringComparison.Ordinal) == true;

    public void Dispose()
    {
        if (_folder is null) return;
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
