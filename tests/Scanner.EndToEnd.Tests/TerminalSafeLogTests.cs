using Scanner.Cli.Logging;
using Serilog.Events;

namespace Scanner.EndToEnd.Tests;

/// <summary>The scanner's own logger: values from pages are escaped on the terminal and kept as they were in the log file.</summary>
public sealed class TerminalSafeLogTests
{
    [Fact]
    public void Log_lines_escape_page_values_on_the_terminal_and_keep_them_in_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scanner-log-{Guid.NewGuid():N}.json");
        var console = new StringWriter();
        try
        {
            var log = LogSetup.Create(LogEventLevel.Debug, file, console);
            const string title = "市政府\u001b]0;pwned\u0007\u001b[2J\r\u202e百家乐";
            log.Warning("Scanning {Url}: {Stage} failed ({Error})", "http://a.example/x", "analysing", $"bad title {title}");
            log.Information("Titles {Titles}", new[] { title });
            (log as IDisposable)!.Dispose();

            var text = console.ToString();
            foreach (var c in "\u001b\u0007\r\u202e") Assert.DoesNotContain(c, text);
            Assert.Contains(@"市政府\u001b]0;pwned\u0007\u001b[2J\u000d\u202e百家乐", text);
            var logged = File.ReadAllLines(file).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Single(e => e.TryGetProperty("Error", out _)).GetProperty("Error").GetString();
            Assert.Equal($"bad title {title}", logged);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
