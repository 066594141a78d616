using System.Runtime.InteropServices;

namespace Scanner.Browser.Loading;

/// <summary>No usable Chromium was found; the message says what to install or set.</summary>
public sealed class BrowserNotFoundException(string message) : Exception(message);

/// <summary>
/// Finds a Chromium to drive, in the order DESIGN gives: an explicit path (option or SCANNER_BROWSER),
/// Playwright's own browser cache, then a system Chromium or Chrome.
/// </summary>
public static class BrowserLocator
{
    public const string EnvironmentVariable = "SCANNER_BROWSER";

    private static readonly string[] SystemCommands = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
    private static readonly string[] SystemPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ];

    public static string Locate(string? explicitPath)
    {
        var requested = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (File.Exists(requested)) return Path.GetFullPath(requested);
            var source = explicitPath is not null ? "--browser" : EnvironmentVariable;
            throw new BrowserNotFoundException($"The browser given by {source} does not exist: {requested}");
        }
        return FromPlaywrightCache() ?? FromSystem() ?? throw new BrowserNotFoundException(HowToInstall);
    }

    public static string HowToInstall =>
        "No Chromium or Chrome was found. Install one and run again:\n" +
        "  Debian/Ubuntu:  sudo apt-get install -y chromium fonts-noto-cjk\n" +
        "  or Playwright's own build:  pwsh src/Scanner.Cli/bin/Debug/net10.0/playwright.ps1 install chromium\n" +
        $"  or point --browser PATH (or {EnvironmentVariable}) at a Chrome/Chromium executable.\n" +
        "Without a browser, --engine static scans what the server sends, without running scripts.";

    private static string? FromPlaywrightCache()
    {
        var root = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH");
        if (string.IsNullOrEmpty(root) || root == "0")
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (!Directory.Exists(root)) return null;
        string[] executables = ["chrome", "headless_shell", "chrome.exe", "Chromium"];
        return Directory.EnumerateDirectories(root, "chromium*")
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .FirstOrDefault(f => executables.Contains(Path.GetFileName(f)));
    }

    private static string? FromSystem()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => SystemCommands.Select(cmd => Path.Combine(dir, cmd)));
        return onPath.Concat(SystemPaths).FirstOrDefault(File.Exists);
    }

    /// <summary>Chromium refuses to start as root without --no-sandbox; we pass it then, and only then.</summary>
    public static bool RunningAsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
