using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// A browser to drive, installed first when there is none: what the scanner and the end-to-end tests do before they
/// start Chromium, so a machine with only the .NET SDK gets one by itself.
/// </summary>
public static class BrowserSetup
{
    /// <summary>The browser <see cref="BrowserLocator"/> finds; when it finds none, Playwright's Chromium, installed now.</summary>
    /// <param name="progress">Where the installer's progress goes (the scanner: standard error).</param>
    /// <exception cref="BrowserNotFoundException">None was found and the install failed: the message says what to run.</exception>
    public static async Task<LocatedBrowser> LocateOrInstallAsync(string? explicitPath, TextWriter progress, ILogger log, CancellationToken cancellationToken = default)
    {
        if (BrowserLocator.Find(explicitPath) is { } found) return found;

        progress.WriteLine($"No Chromium or Chrome was found: installing Playwright's Chromium into {BrowserLocator.PlaywrightCacheFolder}");
        var limit = BrowserInstaller.TimeLimit;
        progress.WriteLine($"(once; a download of a few hundred MB, given at most {(limit.TotalMinutes >= 1 ? $"{limit.TotalMinutes:0.#} min" : $"{limit.TotalSeconds:0} s")}) ...");
        progress.Flush();
        var started = DateTime.UtcNow;
        var result = await BrowserInstaller.InstallChromiumAsync(progress, cancellationToken);
        if (result.Succeeded && BrowserLocator.Find(explicitPath) is { } installed)
        {
            log.Information("Installed Playwright's Chromium in {Seconds:0} s: {Executable}", (DateTime.UtcNow - started).TotalSeconds, installed.Path);
            return installed;
        }
        var why = result.Failure ?? "the installer finished but no Chromium is in Playwright's cache";
        throw new BrowserNotFoundException(
            $"No Chromium or Chrome was found, and installing Playwright's Chromium failed: {why}\n{BrowserInstallAdvice.ForThisMachine()}");
    }
}
