using System.Runtime.InteropServices;

namespace Scanner.Browser.Loading;

/// <summary>No usable Chromium was found; the message says what to install or set.</summary>
public sealed class BrowserNotFoundException(string message) : Exception(message);

/// <summary>Where a browser was found, in the order <see cref="BrowserLocator"/> looks.</summary>
public enum BrowserSource { Explicit, PlaywrightCache, System }

/// <summary>A Chromium executable and where it was found.</summary>
public sealed record LocatedBrowser(string Path, BrowserSource Source)
{
    public string Describe() => Source switch
    {
        BrowserSource.Explicit => "given by --browser or " + BrowserLocator.EnvironmentVariable,
        BrowserSource.PlaywrightCache => "Playwright's browser cache",
        _ => "the system's, on PATH",
    };
}

/// <summary>
/// Finds a Chromium to drive, in the order DESIGN gives: an explicit path (option or SCANNER_BROWSER),
/// Playwright's own browser cache (PLAYWRIGHT_BROWSERS_PATH, else ~/.cache/ms-playwright), then a system Chromium or
/// Chrome on PATH. The system search honours PATH only (plus the macOS application folders, which are never on it),
/// so a narrowed PATH hides /usr/bin/chromium, as a test of a machine without a browser needs.
/// </summary>
public static class BrowserLocator
{
    public const string EnvironmentVariable = "SCANNER_BROWSER";

    private static readonly string[] SystemCommands = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
    private static readonly string[] ApplicationPaths =
    [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ];

    /// <exception cref="BrowserNotFoundException">Nothing was found, or the explicit path does not exist.</exception>
    public static string Locate(string? explicitPath) =>
        Find(explicitPath)?.Path ?? throw new BrowserNotFoundException(HowToInstall);

    /// <summary>The browser to drive, or null when there is none (and none was asked for explicitly).</summary>
    /// <exception cref="BrowserNotFoundException">The explicit path (option or variable) does not exist.</exception>
    public static LocatedBrowser? Find(string? explicitPath)
    {
        var requested = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (File.Exists(requested)) return new LocatedBrowser(Path.GetFullPath(requested), BrowserSource.Explicit);
            var source = explicitPath is not null ? "--browser" : EnvironmentVariable;
            throw new BrowserNotFoundException($"The browser given by {source} does not exist: {requested}");
        }
        if (FromPlaywrightCache() is { } cached) return new LocatedBrowser(cached, BrowserSource.PlaywrightCache);
        return FromSystem() is { } system ? new LocatedBrowser(system, BrowserSource.System) : null;
    }

    /// <summary>Where Playwright keeps (and its installer puts) its browsers.</summary>
    public static string PlaywrightCacheFolder
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH");
            if (!string.IsNullOrEmpty(root) && root != "0") return root;
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ms-playwright");
            if (OperatingSystem.IsMacOS())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Caches", "ms-playwright");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        }
    }

    public static string HowToInstall => "No Chromium or Chrome was found. " + BrowserInstallAdvice.ForThisMachine();

    private static string? FromPlaywrightCache()
    {
        var root = PlaywrightCacheFolder;
        if (!Directory.Exists(root)) return null;
        string[] executables = ["chrome", "headless_shell", "chrome.exe", "headless_shell.exe", "Chromium", "Google Chrome for Testing"];
        return Directory.EnumerateDirectories(root, "chromium*")
            // Playwright's installer writes this marker last: a folder without it is an interrupted install.
            .Where(d => File.Exists(Path.Combine(d, "INSTALLATION_COMPLETE")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .FirstOrDefault(f => executables.Contains(Path.GetFileName(f)));
    }

    private static string? FromSystem()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => SystemCommands.Select(cmd => Path.Combine(dir, cmd)));
        return onPath.Concat(ApplicationPaths).FirstOrDefault(File.Exists);
    }

    /// <summary>Chromium refuses to start as root without --no-sandbox; we pass it then, and only then.</summary>
    public static bool RunningAsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
