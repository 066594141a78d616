using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The real executable meeting failures nobody planned for: exit 2 (never 1, which CI reads as "the gate tripped")
/// with one line on standard error; the stack trace only in the --log-file, or on standard error with -v.
/// </summary>
public sealed class UnexpectedErrorProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-unexpected-").FullName;

    /// <summary>A word list that exists but cannot be read (reading /proc/self/mem from the start is an I/O error).</summary>
    private const string UnreadableList = "/proc/self/mem";

    private string Page()
    {
        var page = Path.Combine(_folder, "page.html");
        File.WriteAllText(page, "<html><body><p>全市教育大会召开</p></body></html>");
        return page;
    }

    [Fact]
    public async Task An_unexpected_exception_exits_2_with_one_line_and_the_stack_trace_goes_to_the_log_file()
    {
        var log = Path.Combine(_folder, "scan.log");
        var (exit, output, error) = await ScannerProcess.RunAsync(["scan", Page(), "--engine", "static", "-q", "--keywords", UnreadableList, "--log-file", log]);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: unexpected internal error: IOException", line);
        Assert.Contains(log, line);
        Assert.Equal("", output);
        var events = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.TryGetProperty("@x", out var x) && x.GetString()!.Contains(" at Scanner."));
    }

    [Fact]
    public async Task With_verbose_the_stack_trace_goes_to_standard_error()
    {
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", Page(), "--engine", "static", "-v", "--keywords", UnreadableList]);

        Assert.Equal(2, exit);
        Assert.Contains(" at Scanner.", error);
        Assert.Contains("error: unexpected internal error: IOException", error);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_exits_2_with_a_message()
    {
        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", Page(), "--engine", "static", "-q", "--format", "json", "--output", "/proc/version"]);

        Assert.Equal(2, exit);
        Assert.Contains("a report could not be written", error);
        Assert.DoesNotContain(" at ", error);
    }

    [Fact]
    public async Task A_paragraph_the_parser_moves_out_of_a_table_is_reported_with_its_place_in_the_file()
    {
        // The page that used to end every scan with an ArgumentOutOfRangeException in the source locator.
        var page = Path.Combine(_folder, "t.html");
        File.WriteAllText(page, "<table><tr><td>x</td></tr><p>百家乐 无码视频 婷婷五月</p></table>");
        var report = Path.Combine(_folder, "r.json");

        var (exit, _, error) = await ScannerProcess.RunAsync(["scan", page, "--engine", "static", "-q", "--format", "json", "--output", report]);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("Exception", error);
        var findings = JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal((1, 30), (f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32())));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
