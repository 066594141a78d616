using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The scanner on a machine without a browser: Playwright's cache empty (PLAYWRIGHT_BROWSERS_PATH names an empty
/// folder) and no chromium or google-chrome on PATH (PATH is one empty folder; the locator looks for the system's
/// browser on PATH only, so the real /usr/bin/chromium stays where it is for everyone else). It must try Playwright's
/// installer, and when the download fails, say what to run and exit 2. The download host is a loopback server
/// (PLAYWRIGHT_DOWNLOAD_HOST), so the install fails the same way on every machine and the test never reaches the internet.
/// </summary>
public class BrowserInstallProcessTests
{
    [Fact]
    public async Task Without_a_browser_the_scan_tries_to_install_one_and_when_that_fails_says_what_to_run_and_exits_2()
    {
        var requested = new ConcurrentBag<string>();
        await using var downloads = await LoopbackServer.StartAsync(app => app.Map("{**path}", (HttpContext c) =>
        {
            requested.Add(c.Request.Path.Value ?? "");
            return Results.NotFound();
        }));
        using var machine = new BrowserlessMachine();

        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", DemoSite.Folder],
            machine.Environment(("PLAYWRIGHT_DOWNLOAD_HOST", downloads.BaseUri.AbsoluteUri.TrimEnd('/'))));

        Assert.True(exit == 2, $"exit {exit}\n{error}");
        Assert.Contains("installing Playwright's Chromium", error);
        Assert.Contains(requested, path => path.Contains("chrom", StringComparison.OrdinalIgnoreCase)); // the installer asked for a build
        Assert.Contains("installing Playwright's Chromium failed", error);
        Assert.Contains("apt-get install -y chromium fonts-noto-cjk", error);
        Assert.Contains("--engine static", error);
        Assert.Contains("install chromium", error); // Playwright's own command, for the other systems
        Assert.Equal("", output); // the installer's chatter never reaches standard output, where reports go
        Assert.Empty(Directory.EnumerateFiles(machine.BrowsersFolder, "INSTALLATION_COMPLETE", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Without_a_browser_the_scan_installs_one_uses_it_and_the_next_run_finds_it_in_the_cache()
    {
        // A loopback stand-in for Playwright's download servers: each build it asks for is a zip holding the executable
        // at the path Playwright expects, a script that starts this machine's Chromium (the real builds are out of reach).
        var system = Browser.Loading.BrowserLocator.Find(null) ?? throw new InvalidOperationException("this test needs a Chromium on the machine");
        var requested = new ConcurrentBag<string>();
        await using var downloads = await LoopbackServer.StartAsync(app => app.Map("{**path}", (HttpContext c) =>
        {
            var path = c.Request.Path.Value ?? "";
            requested.Add(path);
            return Results.File(BuildZip(path, system.Path), "application/zip");
        }));
        using var machine = new BrowserlessMachine();
        var environment = machine.Environment(("PLAYWRIGHT_DOWNLOAD_HOST", downloads.BaseUri.AbsoluteUri.TrimEnd('/')));

        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", DemoSite.Folder], environment);

        Assert.True(exit == 1, $"exit {exit}\n{error}"); // the demo's hacked page trips the gate: the scan ran
        Assert.Contains("installing Playwright's Chromium", error);
        Assert.Contains("100%", error); // the installer's progress is shown
        Assert.Contains(requested, p => p.EndsWith("/chrome-linux64.zip", StringComparison.Ordinal));
        Assert.Contains("link.spam-anchor", output);
        Assert.Single(Directory.EnumerateFiles(machine.BrowsersFolder, "INSTALLATION_COMPLETE", SearchOption.AllDirectories),
            f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("chromium-", StringComparison.Ordinal));

        var asked = requested.Count;
        var doctor = await ScannerProcess.RunAsync(["doctor"], environment);
        Assert.True(doctor.Exit == 0, $"exit {doctor.Exit}\n{doctor.Output}\n{doctor.Error}");
        Assert.Contains(machine.BrowsersFolder, doctor.Output);
        Assert.Contains("Playwright's browser cache", doctor.Output);
        Assert.Equal(asked, requested.Count); // found in the cache: nothing downloaded again
    }

    /// <summary>A zip of the one executable Playwright expects in the build at <paramref name="path"/>.</summary>
    private static byte[] BuildZip(string path, string chromium)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var entry = name switch
        {
            "chrome-linux64.zip" => "chrome-linux64/chrome",
            "chrome-headless-shell-linux64.zip" => "chrome-headless-shell-linux64/chrome-headless-shell",
            _ => Path.GetFileNameWithoutExtension(name), // ffmpeg-linux.zip and the like
        };
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var file = zip.CreateEntry(entry);
            file.ExternalAttributes = Convert.ToInt32("100755", 8) << 16; // a regular file, rwxr-xr-x
            using var writer = new StreamWriter(file.Open());
            writer.Write($"#!/bin/sh\nexec '{chromium}' \"$@\"\n");
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task An_install_whose_download_never_answers_is_stopped_at_its_time_limit()
    {
        // A download host that accepts connections and never answers: a network that swallows packets.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(100);
        var held = new ConcurrentBag<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try { while (true) held.Add(await silent.AcceptTcpClientAsync(stop.Token)); }
            catch (OperationCanceledException) { }
        });
        using var machine = new BrowserlessMachine();
        var host = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", DemoSite.Folder],
            machine.Environment(("PLAYWRIGHT_DOWNLOAD_HOST", host), ("SCANNER_BROWSER_INSTALL_TIMEOUT", "3"),
                // Playwright's own socket timeout would stop it too; a long one leaves the scanner's limit to act.
                ("PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT", "600000")));
        clock.Stop();
        await stop.CancelAsync();
        await accepting;
        foreach (var client in held) client.Dispose();

        Assert.True(exit == 2, $"exit {exit}\n{error}");
        Assert.Contains("did not finish within 3 s", error);
        Assert.Contains("apt-get install -y chromium fonts-noto-cjk", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}"); // generous: a loaded machine
        Assert.Empty(machine.ProcessesLeft()); // the installer and its download process were killed
    }
}

/// <summary>The environment of a machine without a browser, for a scanner child process.</summary>
internal sealed class BrowserlessMachine : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("scanner-no-browser-");

    public BrowserlessMachine()
    {
        Directory.CreateDirectory(BrowsersFolder);
        Directory.CreateDirectory(PathFolder);
    }

    public string BrowsersFolder => Path.Combine(_root.FullName, "ms-playwright");
    private string PathFolder => Path.Combine(_root.FullName, "bin");

    public Dictionary<string, string> Environment(params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = PathFolder,
            ["PLAYWRIGHT_BROWSERS_PATH"] = BrowsersFolder,
            ["SCANNER_BROWSER"] = "",
        };
        foreach (var (key, value) in more) environment[key] = value;
        return environment;
    }

    /// <summary>Processes still running with this machine's browser folder in their environment (Linux /proc).</summary>
    public IReadOnlyList<int> ProcessesLeft()
    {
        var marker = "PLAYWRIGHT_BROWSERS_PATH=" + BrowsersFolder + "\0";
        var left = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal)) left.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return left;
    }

    public void Dispose()
    {
        try { _root.Delete(recursive: true); }
        catch (IOException) { }
    }
}
