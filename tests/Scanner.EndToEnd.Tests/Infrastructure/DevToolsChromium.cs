using System.Diagnostics;
using System.Text.RegularExpressions;
using Scanner.Browser.Loading;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Chromium started apart from the scanner with --remote-debugging-port on 127.0.0.1, as an operator or a
/// supervisor would start one for --cdp-endpoint. It can be killed and started again on the same port, to drop the
/// scanner's connection mid-scan.
/// </summary>
public sealed partial class DevToolsChromium : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _profile = Directory.CreateTempSubdirectory("scanner-cdp-profile-").FullName;
    private Process? _process;

    private DevToolsChromium(string executable) => _executable = executable;

    public int Port { get; private set; }
    /// <summary>What --cdp-endpoint is given: the HTTP endpoint, whose /json/version names the browser's WebSocket.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>Debian's Chromium (the one the scanner itself would find), on a port of its own choosing.</summary>
    public static async Task<DevToolsChromium> StartAsync()
    {
        var executable = BrowserLocator.Find(null)?.Path
            ?? throw new InvalidOperationException("No Chromium found (apt-get install chromium): the DevTools endpoint tests need one.");
        var chromium = new DevToolsChromium(executable);
        await chromium.LaunchAsync(0);
        return chromium;
    }

    /// <summary>kill -9, as a crash or the OOM killer would end it; the scanner's connection drops.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>A new Chromium on the same port, as a supervisor would bring the endpoint back.</summary>
    public Task StartAgainAsync() => LaunchAsync(Port);

    private async Task LaunchAsync(int port)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "--headless", "--remote-debugging-address=127.0.0.1", $"--remote-debugging-port={port}",
                     $"--user-data-dir={_profile}", "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage", "about:blank" })
            start.ArgumentList.Add(arg);
        if (BrowserLocator.RunningAsRoot) start.ArgumentList.Add("--no-sandbox");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
            throw new InvalidOperationException($"{_executable} did not open its DevTools port ({(first == exited ? "it exited" : "no answer within 60 s")})");
        Port = await listening.Task;
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
    }
}
