using System.CommandLine;
using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.Cli.Scanning;
using Scanner.Core.Loading;
using Serilog;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// `scanner eval` on a small labelled folder (fixtures/eval): one spam page caught (a hidden porn block), one spam
/// page missed (an image-only advert), one clean page quiet and one "clean" page flagged (its label is wrong: it hides a
/// gambling block), one page without a label. Static engine: the scoring is what is under test, not the loader.
/// </summary>
public sealed class EvalCommandTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "eval");

    private static async Task<(int Exit, string Output, string Error)> EvalAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(EvalCommand.Create());
        var parse = root.Parse(["eval", .. args]);
        Assert.Empty(parse.Errors);
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = EvalCommand.Settings(parse);
        var exit = await new EvalApplication(output, error, new LoggerConfiguration().CreateLogger())
            .RunAsync(settings, (s, guard) => Task.FromResult<IPageLoader>(new StaticPageLoader(s.PageTimeout, guard)), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Prints_recall_false_alarms_and_misses_per_technique()
    {
        var (exit, output, error) = await EvalAsync(Path.Combine(Folder, "pages"), "--labels", Path.Combine(Folder, "labels.tsv"), "--engine", "static");

        Assert.True(exit == 0, error);
        Assert.Contains("4 labelled page(s), engine static, a page counts as flagged at --fail-on high", output);
        Assert.Contains("(1 scanned page(s) without a label left out)", output);
        Assert.Contains("Recall: 1 of 2 spam page(s) caught (50.0%)", output);
        Assert.Contains("False alarms: 1 of 2 clean page(s) (50.0%)", output);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^footer-block\s+1\s+1\s+100\.0%\s+0\s+-\s+-$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^image-ad\s+1\s+0\s+0\.0%\s+0\s+-\s+-$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^news\s+0\s+-\s+-\s+2\s+1\s+50\.0%$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^all\s+2\s+1\s+50\.0%\s+2\s+1\s+50\.0%$"));
        Assert.Contains(lines, l => l.Contains("image-ad") && l.Contains("sub/image-only-ad.html") && l.Contains("no findings"));
        Assert.Contains(lines, l => l.Contains("news") && l.Contains("mislabelled.html") && l.Contains("top: critical"));
        Assert.DoesNotContain(lines, l => l.Contains("plain-news.html"));
    }

    [Fact]
    public async Task Json_gives_the_same_numbers_and_where_selects_rows()
    {
        var (exit, output, error) = await EvalAsync(Path.Combine(Folder, "pages"), "--labels", Path.Combine(Folder, "labels.tsv"),
            "--engine", "static", "--format", "json", "--where", "split=holdout");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var total = json.RootElement.GetProperty("total");
        Assert.Equal(1, total.GetProperty("spamPages").GetInt32());
        Assert.Equal(0, total.GetProperty("caught").GetInt32());
        Assert.Equal(1, total.GetProperty("cleanPages").GetInt32());
        Assert.Equal(1, total.GetProperty("falseAlarms").GetInt32());
        Assert.Equal(1.0, total.GetProperty("falseAlarmRate").GetDouble());
        var pages = json.RootElement.GetProperty("pages").EnumerateArray().ToDictionary(p => p.GetProperty("file").GetString()!, p => p.GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["sub/image-only-ad.html"] = "missed", ["mislabelled.html"] = "false-alarm" }, pages);
    }

    [Fact]
    public async Task A_stricter_gate_changes_what_counts()
    {
        // At critical the hidden blocks still count (both are critical): the numbers stay; at none it is refused.
        var (exit, output, _) = await EvalAsync(Path.Combine(Folder, "pages"), "--labels", Path.Combine(Folder, "labels.tsv"), "--engine", "static", "--fail-on", "critical");
        Assert.Equal(0, exit);
        Assert.Contains("Recall: 1 of 2 spam page(s) caught (50.0%)", output);
    }

    [Fact]
    public async Task A_bad_labels_file_is_exit_2_with_file_and_line()
    {
        var labels = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.tsv");
        await File.WriteAllTextAsync(labels, "file\tlabel\ttechnique\nfooter-porn.html\tmaybe\tx\n");
        try
        {
            var (exit, _, error) = await EvalAsync(Path.Combine(Folder, "pages"), "--labels", labels, "--engine", "static");
            Assert.Equal(2, exit);
            Assert.Contains($"{labels}:2: label 'maybe' must be 'spam' or 'clean'", error);

            await File.WriteAllTextAsync(labels, "file\tlabel\ttechnique\nnot-there.html\tspam\tx\n");
            (exit, _, error) = await EvalAsync(Path.Combine(Folder, "pages"), "--labels", labels, "--engine", "static");
            Assert.Equal(2, exit);
            Assert.Contains("not-there.html", error);
        }
        finally
        {
            File.Delete(labels);
        }
    }
}
