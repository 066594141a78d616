using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>What <c>scanner doctor</c> found: the browser, whether it starts, CJK fonts, the sandbox and Playwright's driver.</summary>
public sealed record SetupReport
{
    public LocatedBrowser? Browser { get; init; }
    /// <summary>Why no browser was found or why it would not start; null when it started.</summary>
    public string? BrowserProblem { get; init; }
    public string? BrowserVersion { get; init; }
    /// <summary>Families fontconfig lists for Chinese (<c>fc-list :lang=zh</c>); null when fc-list is not there.</summary>
    public IReadOnlyList<string>? CjkFontFamilies { get; init; }
    /// <summary>Whether the browser drew 中 and 国 as two different glyphs, neither of them the box of a character no font has; null untried.</summary>
    public bool? ChineseRenders { get; init; }
    public bool SandboxOn { get; init; }
    public required string PlaywrightVersion { get; init; }
    public string? DriverVersion { get; init; }
    public string? DriverNode { get; init; }
    public required string PlaywrightCache { get; init; }

    /// <summary>The browser engine can run: a browser was found and started.</summary>
    public bool Usable => Browser is not null && BrowserProblem is null;
}

/// <summary>Checks the set-up the browser engine needs, by starting the browser and drawing Chinese text in it.</summary>
public static class SetupCheck
{
    public static async Task<SetupReport> RunAsync(string? explicitPath, ILogger log)
    {
        var report = new SetupReport
        {
            SandboxOn = !BrowserLocator.RunningAsRoot,
            PlaywrightVersion = typeof(IPlaywright).Assembly.GetName().Version?.ToString(3) ?? "?",
            DriverNode = DetachedDriver.NodePath(),
            DriverVersion = DriverPackageVersion(),
            PlaywrightCache = BrowserLocator.PlaywrightCacheFolder,
            CjkFontFamilies = await FontconfigChineseFamiliesAsync(),
        };
        LocatedBrowser? browser;
        try
        {
            browser = BrowserLocator.Find(explicitPath);
        }
        catch (BrowserNotFoundException e)
        {
            return report with { BrowserProblem = e.Message };
        }
        if (browser is null) return report with { BrowserProblem = BrowserLocator.HowToInstall };
        report = report with { Browser = browser };
        try
        {
            await using var host = await BrowserHost.StartAsync(browser.Path, log);
            var version = host.Session.Browser.Version;
            return report with { BrowserVersion = version, ChineseRenders = await ChineseRendersAsync(host.Session.Browser) };
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return report with { BrowserProblem = $"it would not start: {e.Message.Split('\n', 2)[0].Trim()}" };
        }
    }

    /// <summary>
    /// Draws 中, 国 and a private-use character (which no font has) on a canvas: without a CJK font all three come out
    /// as the same empty box (tofu), as they do in a screenshot.
    /// </summary>
    private static async Task<bool> ChineseRendersAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        return await page.EvaluateAsync<bool>("""
            () => {
              const canvas = document.createElement('canvas');
              canvas.width = 64; canvas.height = 64;
              const g = canvas.getContext('2d');
              const draw = ch => {
                g.clearRect(0, 0, 64, 64);
                g.font = '48px sans-serif';
                g.fillStyle = '#000';
                g.fillText(ch, 4, 52);
                return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
              };
              const zhong = draw('中'), guo = draw('国'), none = draw('\uE000');
              return zhong !== guo && zhong !== none && guo !== none;
            }
            """);
    }

    private static async Task<IReadOnlyList<string>?> FontconfigChineseFamiliesAsync()
    {
        try
        {
            using var fcList = Process.Start(new ProcessStartInfo("fc-list", [":lang=zh", "family"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (fcList is null) return null;
            var output = await fcList.StandardOutput.ReadToEndAsync();
            await fcList.WaitForExitAsync();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(',')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no fontconfig (Windows, macOS): only the render check speaks
        }
    }

    /// <summary>The version of the driver package shipped beside Microsoft.Playwright.dll (.playwright/package).</summary>
    private static string? DriverPackageVersion()
    {
        var folder = Path.GetDirectoryName(typeof(IPlaywright).Assembly.Location) is { Length: > 0 } location ? location : AppContext.BaseDirectory;
        var package = Path.Combine(folder, ".playwright", "package", "package.json");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(package));
            return json.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
