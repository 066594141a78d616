using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>`scanner doctor` on this machine (Debian's chromium and fonts-noto-cjk, as .ci/run installs them).</summary>
public class DoctorProcessTests
{
    [Fact]
    public async Task On_this_machine_it_finds_the_browser_starts_it_and_sees_Chinese_rendered()
    {
        var (exit, output, error) = await ScannerProcess.RunAsync(["doctor"]);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var lines = Lines(output);
        Assert.Matches(@"^ok\s+/\S+", lines["browser"]);
        Assert.Matches(@"^ok\s+Chromium \d+\.\d+\.\d+", lines["version"]);
        Assert.StartsWith("ok", lines["CJK fonts"]);
        Assert.Contains("Noto Sans CJK", lines["CJK fonts"]);
        Assert.Contains("render as distinct glyphs", lines["CJK fonts"]);
        Assert.Matches(Environment.UserName == "root" ? "^off .*--no-sandbox" : "^on ", lines["sandbox"]);
        Assert.Matches(@"^ok\s+Microsoft.Playwright \d+\.\d+\.\d+, driver \d+\.\d+\.\d+, node /", lines["driver"]);
        Assert.Contains("The browser engine is ready.", output);
    }

    [Fact]
    public async Task Without_CJK_fonts_Chinese_comes_out_as_tofu_and_it_says_so()
    {
        // Fontconfig limited to DejaVu (no CJK glyphs) for the child and its Chromium: a machine without fonts-noto-cjk.
        using var folder = new TemporaryFolder();
        var config = Path.Combine(folder.Path, "fonts.conf");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{folder.Path}/cache</cachedir></fontconfig>
            """);

        var (exit, output, error) = await ScannerProcess.RunAsync(["doctor"], new Dictionary<string, string> { ["FONTCONFIG_FILE"] = config });

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}"); // the browser engine still runs
        var fonts = Lines(output)["CJK fonts"];
        Assert.StartsWith("warn", fonts);
        Assert.Contains("none for Chinese", fonts);
        Assert.Contains("tofu", fonts);
        Assert.Contains("apt-get install -y chromium fonts-noto-cjk", output);
    }

    [Fact]
    public async Task Without_a_browser_it_says_what_to_install_and_exits_2()
    {
        using var machine = new BrowserlessMachine();

        var (exit, output, error) = await ScannerProcess.RunAsync(["doctor"], machine.Environment());

        Assert.True(exit == 2, $"exit {exit}\n{output}\n{error}");
        Assert.StartsWith("FAIL", Lines(output)["browser"]);
        Assert.Contains("apt-get install -y chromium fonts-noto-cjk", output);
        Assert.Contains("--engine static", output);
    }

    /// <summary>The report's rows by their first column: "browser" → "ok    /usr/bin/chromium (...)".</summary>
    private static Dictionary<string, string> Lines(string output) => output.Split('\n')
        .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(browser|version|CJK fonts|sandbox|driver|cache)\s+(.*)$"))
        .Where(m => m.Success)
        .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.TrimEnd());

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("scanner-doctor-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
