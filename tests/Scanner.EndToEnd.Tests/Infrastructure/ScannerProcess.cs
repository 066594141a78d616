using System.Diagnostics;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the real `scanner` executable, for what only a separate process shows (argument parsing, exit codes, signals).</summary>
public static class ScannerProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string[] args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var running = Start(args, environment, workingDirectory);
        return await running.WaitAsync();
    }

    /// <summary>Starts the scanner and leaves it running, for a test that signals it.</summary>
    /// <param name="ownProcessGroup">
    /// Start it as the leader of a process group (and session) of its own, as a shell starts a command, so a test can
    /// signal the whole group the way a terminal's Ctrl+C or `timeout` does (setsid and env exec without forking here).
    /// Its SIGINT and SIGQUIT are reset to the default, as an interactive shell does for a foreground command: when the
    /// tests run in the background of a non-interactive shell (`.ci/run &`), they inherit SIGINT ignored, and .NET then
    /// never delivers Ctrl+C to the scanner, by design (POSIX background-job convention).
    /// </param>
    public static RunningScanner Start(string[] args, IDictionary<string, string>? environment = null, string? workingDirectory = null, bool ownProcessGroup = false)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "scanner.dll"), .. args];
        if (ownProcessGroup) command = ["setsid", "env", "--default-signal=INT,QUIT", .. command];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new RunningScanner(Process.Start(start)!);
    }
}

/// <summary>A scanner process whose output is read as it comes, so it never blocks on a full pipe.</summary>
public sealed class RunningScanner : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    public RunningScanner(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;
    public int Id => _process.Id;

    /// <summary>Sends a POSIX signal (INT, TERM) the way a terminal or a CI runner would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString()])!;
        kill.WaitForExit();
    }

    /// <summary>kill -9: the scanner gets no chance to clean up.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Sends a signal to the scanner's whole process group (it must have been started with its own).</summary>
    public void SignalGroup(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", "--", $"-{_process.Id}"])!;
        kill.WaitForExit();
    }

    public async Task<(int Exit, string Output, string Error)> WaitAsync()
    {
        await _process.WaitForExitAsync();
        return (_process.ExitCode, await _output, await _error);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
