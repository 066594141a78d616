using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// A page whose title, id, class names and text hold terminal escape sequences (colours, a window-title OSC, a
/// hyperlink OSC, cursor moves), BEL, CR and bidi overrides: the real scanner prints its report and its log lines
/// (-v: every debug line with URLs, selectors and errors) with all of them escaped, none raw.
/// </summary>
public sealed class TerminalSafetyTests : IDisposable
{
    private const string Esc = "\u001b";

    private static readonly string Page =
        "<html><head><meta charset=\"utf-8\"><title>市政府" + Esc + "]0;pwned\u0007 " + Esc + "[2J 百家乐&#13;婷婷五月\u202e</title></head><body>\n"
        + "<div id=\"n" + Esc + "[31mews\u202e\" class=\"footer" + Esc + "[8m\"><p class=\"x" + Esc + "]8;;http://evil.example/\u0007y\">"
        + "婷婷五月 人妻系列 无码视频 " + Esc + "[1A&#13;百家乐\u202e在线赌场\u2066 高清无码\u0007</p></div>\n"
        + "<div class=\"hide" + Esc + "[0m\u0008\" style=\"display:none\"><a class=\"l" + Esc + "[5m\" href=\"http://spam.example/" + Esc + "[31m\">"
        + "澳门新葡京娱乐场\u202e</a> 真人百家乐在线开户 " + Esc + "[38;5;201m</div>\n</body></html>";

    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-terminal-").FullName;

    [Theory]
    [InlineData("static")]
    [InlineData("browser")]
    public async Task Nothing_from_the_page_reaches_the_terminal_raw(string engine)
    {
        var page = Path.Combine(_folder, "hostile.html");
        await File.WriteAllTextAsync(page, Page);

        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", page, "--engine", engine, "-v"]);

        Assert.True(exit == 1, $"exit {exit}: {error}");
        foreach (var (name, text) in new[] { ("standard output", output), ("standard error", error) })
            foreach (var c in new[] { '\u001b', '\u0007', '\u0008', '\r', '\u202e', '\u2066' })
                Assert.False(text.Contains(c), $"{name} holds U+{(int)c:X4} raw:\n{text}");
        // The values are shown, escaped, not dropped: the spam line's evidence and the hostile id in its selector.
        Assert.Contains(@"\u001b[1A", output);
        Assert.Contains(@"\u202e", output);
        Assert.Contains("hostile.html", error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
