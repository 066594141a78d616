using System.CommandLine;
using Scanner.Browser.Loading;
using Scanner.Cli.Logging;
using Scanner.Engine.Reports;
using Serilog.Events;

namespace Scanner.Cli.Commands;

/// <summary>
/// `scanner doctor`: is this machine ready for the browser engine? Which browser, its version (by starting it), CJK
/// fonts (fontconfig, and Chinese drawn in the browser: without fonts it comes out as boxes), the sandbox, Playwright's
/// driver. Exit 0 when the browser engine can run, 2 when not (with what to install).
/// </summary>
public static class DoctorCommand
{
    private static readonly Option<string?> BrowserPath = new("--browser")
    {
        Description = $"Check this Chromium/Chrome executable (default: ${BrowserLocator.EnvironmentVariable}, Playwright's cache, then the system's)",
    };

    public static Command Create()
    {
        var doctor = new Command("doctor", "Check the set-up: browser and its version, CJK fonts, sandbox, Playwright driver (exit 0 usable, 2 not)");
        doctor.Options.Add(BrowserPath);
        doctor.SetAction(async (parse, _) =>
        {
            var log = LogSetup.Create(LogEventLevel.Warning, null);
            var report = await SetupCheck.RunAsync(parse.GetValue(BrowserPath), log);
            Print(report, Console.Out);
            return report.Usable ? ExitCodes.Passed : ExitCodes.CannotRun;
        });
        return doctor;
    }

    public static void Print(SetupReport report, TextWriter output)
    {
        var rows = new List<(string Item, string Status, string Detail)>();
        if (report.Browser is { } browser)
            rows.Add(("browser", report.Usable ? "ok" : "FAIL", $"{browser.Path} ({browser.Describe()})"));
        else
            rows.Add(("browser", "FAIL", "none found (--browser/SCANNER_BROWSER, Playwright's cache, chromium or google-chrome on PATH); a scan would install Playwright's"));
        rows.Add(("version", report.BrowserVersion is null ? "-" : "ok", report.BrowserVersion is { } v ? $"Chromium {v} (started headless)" : "not started"));

        var families = report.CjkFontFamilies;
        var fontsListed = families is { Count: > 0 };
        var fontDetail = families is null ? "fc-list not available" : fontsListed ? $"{families.Count} famil{(families.Count == 1 ? "y" : "ies")} for Chinese: {string.Join(", ", families.Take(4))}{(families.Count > 4 ? ", ..." : "")}" : "none for Chinese (fc-list :lang=zh is empty)";
        var renderDetail = report.ChineseRenders switch
        {
            true => "中 and 国 render as distinct glyphs in the browser",
            false => "中 and 国 render as empty boxes (tofu) in the browser: screenshots of Chinese pages will be unreadable",
            null => "not drawn (no browser)",
        };
        var fontsOk = report.ChineseRenders ?? fontsListed;
        rows.Add(("CJK fonts", fontsOk ? "ok" : "warn", $"{fontDetail}; {renderDetail}"));
        rows.Add(("sandbox", report.SandboxOn ? "on" : "off", report.SandboxOn
            ? "Chromium runs in its sandbox"
            : "running as root: Chromium is started with --no-sandbox (run as an ordinary user to keep the sandbox)"));
        rows.Add(("driver", report.DriverNode is null ? "FAIL" : "ok",
            $"Microsoft.Playwright {report.PlaywrightVersion}, driver {report.DriverVersion ?? "?"}, node {report.DriverNode ?? "missing (build the project: the driver is copied beside scanner.dll)"}"));
        rows.Add(("cache", "-", $"Playwright's browsers: {report.PlaywrightCache}"));

        var width = rows.Max(r => r.Item.Length);
        foreach (var (item, status, detail) in rows)
            output.WriteLine($"{item.PadRight(width)}  {status,-4}  {TerminalText.Escape(detail)}");
        output.WriteLine();
        if (report.Usable)
        {
            output.WriteLine(fontsOk
                ? "The browser engine is ready."
                : $"The browser engine runs, but install CJK fonts for Chinese pages: {BrowserInstallAdvice.AptCommand}");
        }
        else
        {
            output.WriteLine("The browser engine cannot run here: " + (report.BrowserProblem ?? ""));
            output.WriteLine("(--engine static needs no browser.)");
        }
    }
}
