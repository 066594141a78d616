using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Browser.Loading;

/// <summary>How an install went: done, or why not (the installer's own error line).</summary>
public sealed record BrowserInstallResult(bool Succeeded, string? Failure);

/// <summary>
/// Installs Playwright's Chromium with Playwright's bundled installer (<c>Microsoft.Playwright.Program.Main(["install",
/// "chromium"])</c>, what <c>playwright install chromium</c> runs), its progress shown on the writer given, and bounded
/// in time: a network that drops packets must not hold a CI job for long.
/// </summary>
/// <remarks>
/// Two bounds. Playwright's own socket timeout (PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT, 30 s by default, five tries
/// per file) is lowered to 10 s unless the user set it: an idle connection is given up in 10 s while a slow download
/// that keeps moving goes on. And the whole install gets <see cref="TimeLimit"/> (10 min, SCANNER_BROWSER_INSTALL_TIMEOUT
/// seconds), after which the installer is killed.
/// <para>
/// Program.Main waits for its node child without a timeout, and the child writes to the scanner's own standard output,
/// where a report may be going. So the child is started through a small wrapper script (PLAYWRIGHT_NODEJS_PATH, as
/// <see cref="DetachedDriver"/> does) that records its process id, for the kill, and sends its output to a file, which
/// is passed on line by line to the progress writer. Where there is no sh (Windows) the installer runs as Playwright
/// starts it, its output on the console, bounded by Playwright's socket timeout only.
/// </para>
/// </remarks>
public static partial class BrowserInstaller
{
    public const string TimeLimitVariable = "SCANNER_BROWSER_INSTALL_TIMEOUT";
    private const string SocketTimeoutVariable = "PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT";
    private const string SocketTimeoutMilliseconds = "10000";
    private static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(10);

    /// <summary>How long the whole install may take: SCANNER_BROWSER_INSTALL_TIMEOUT seconds, else 10 minutes.</summary>
    public static TimeSpan TimeLimit =>
        int.TryParse(Environment.GetEnvironmentVariable(TimeLimitVariable), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : DefaultTimeLimit;

    public static async Task<BrowserInstallResult> InstallChromiumAsync(TextWriter progress, CancellationToken cancellationToken = default)
    {
        var limit = TimeLimit;
        await DetachedDriver.EnvironmentLock.WaitAsync(cancellationToken);
        var folder = Directory.CreateTempSubdirectory("scanner-install-").FullName; // mode 0700: only we can write the script
        var pidFile = Path.Combine(folder, "pid");
        var outputFile = Path.Combine(folder, "output");
        var previousNode = Environment.GetEnvironmentVariable(DetachedDriver.NodePathVariable);
        var previousSocketTimeout = Environment.GetEnvironmentVariable(SocketTimeoutVariable);
        try
        {
            if (WriteWrapper(folder, pidFile, outputFile) is { } wrapper) Environment.SetEnvironmentVariable(DetachedDriver.NodePathVariable, wrapper);
            if (string.IsNullOrEmpty(previousSocketTimeout)) Environment.SetEnvironmentVariable(SocketTimeoutVariable, SocketTimeoutMilliseconds);
            var output = new InstallerOutput(outputFile, progress);
            using var stopTail = new CancellationTokenSource();
            var tail = output.FollowAsync(stopTail.Token);
            var install = Task.Factory.StartNew(() => Microsoft.Playwright.Program.Main(["install", "chromium"]),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            BrowserInstallResult result;
            try
            {
                var exitCode = await install.WaitAsync(limit, cancellationToken);
                result = exitCode == 0 ? new BrowserInstallResult(true, null) : new BrowserInstallResult(false, null);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                KillInstaller(pidFile);
                // Program.Main returns once its child is gone; it is given a moment to, and abandoned otherwise.
                await Task.WhenAny(install, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
                result = new BrowserInstallResult(false, e is TimeoutException
                    ? $"it did not finish within {limit.TotalSeconds:0} s and was stopped ({TimeLimitVariable} sets the limit in seconds)"
                    : "it was interrupted");
            }
            await stopTail.CancelAsync();
            await tail;
            return result with { Failure = result.Succeeded ? null : result.Failure ?? output.FailureReason() ?? "Playwright's installer failed" };
        }
        finally
        {
            Environment.SetEnvironmentVariable(DetachedDriver.NodePathVariable, previousNode);
            Environment.SetEnvironmentVariable(SocketTimeoutVariable, previousSocketTimeout);
            DetachedDriver.EnvironmentLock.Release();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A shell script that records its process id, sends its output to <paramref name="outputFile"/>, then becomes
    /// Playwright's node; null where there is no sh or no driver to wrap.
    /// </summary>
    private static string? WriteWrapper(string folder, string pidFile, string outputFile)
    {
        var node = DetachedDriver.NodePath();
        if (OperatingSystem.IsWindows() || node is null || !File.Exists("/bin/sh")) return null;
        var wrapper = Path.Combine(folder, "node");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho $$ > {Quote(pidFile)}\nexec {Quote(node)} \"$@\" >> {Quote(outputFile)} 2>&1\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return wrapper;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    /// <summary>Kills the installer and the download process it forked.</summary>
    private static void KillInstaller(string pidFile)
    {
        try
        {
            if (!int.TryParse(File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : null, out var pid)) return;
            using var installer = Process.GetProcessById(pid);
            installer.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception) { }
    }

    /// <summary>
    /// Follows the installer's output file, passing its lines on to the progress writer without their colour codes
    /// and stack frames, and keeps its error lines to say why it failed.
    /// </summary>
    private sealed partial class InstallerOutput(string file, TextWriter progress)
    {
        private readonly List<string> _errors = [];

        public async Task FollowAsync(CancellationToken stop)
        {
            var partial = new StringBuilder();
            long position = 0;
            while (true)
            {
                var stopping = stop.IsCancellationRequested; // read once more after the stop, for the last lines
                if (File.Exists(file))
                {
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    stream.Position = position;
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    partial.Append(await reader.ReadToEndAsync(CancellationToken.None));
                    position = stream.Position;
                    var text = partial.ToString().Replace('\r', '\n');
                    var end = text.LastIndexOf('\n');
                    if (end >= 0)
                    {
                        foreach (var line in text[..end].Split('\n')) Pass(line);
                        partial.Clear().Append(text[(end + 1)..]);
                    }
                }
                if (stopping)
                {
                    if (partial.Length > 0) Pass(partial.ToString());
                    return;
                }
                try { await Task.Delay(200, stop); }
                catch (OperationCanceledException) { }
            }
        }

        private void Pass(string raw)
        {
            var line = Sgr().Replace(raw, "").TrimEnd();
            var trimmed = line.TrimStart();
            // Stack frames and the fields of node's error objects say nothing to a user.
            if (trimmed.Length == 0 || trimmed.StartsWith("at ", StringComparison.Ordinal) || NodeErrorField().IsMatch(line) || trimmed == "}") return;
            if (trimmed.StartsWith("Error: ", StringComparison.Ordinal)) _errors.Add(trimmed["Error: ".Length..]);
            progress.WriteLine("  " + line);
            progress.Flush();
        }

        /// <summary>The root cause among the installer's errors, e.g. "getaddrinfo ENOTFOUND cdn.playwright.dev".</summary>
        public string? FailureReason() =>
            _errors.FirstOrDefault(e => !e.StartsWith("Failed to download", StringComparison.Ordinal) && !e.StartsWith("Download failure", StringComparison.Ordinal))
            ?? _errors.FirstOrDefault();

        [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
        private static partial Regex Sgr();

        [GeneratedRegex(@"^\s+[a-z][a-zA-Z]*: .*,$|^\s+[a-z][a-zA-Z]*: .*'$")]
        private static partial Regex NodeErrorField();
    }
}
