using System.Diagnostics;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the real `scanner` executable, for what only a separate process shows (argument parsing, exit codes).</summary>
public static class ScannerProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string[] args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "scanner.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
