using System.CommandLine;
using Scanner.Cli.CommandLine;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>Messages that are never wrong, through the real executable: each names the real problem, once, and says
/// what to do without suggesting anything harmful.</summary>
public sealed class CommandLineMessageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-messages-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Page => Write("page.html", File.ReadAllText(Path.Combine(DemoSite.Folder, "notice.html")));

    /// <summary>Runs scanner in the test's folder (no scanner.yml there) and returns the error lines.</summary>
    private async Task<(int Exit, string Output, string Error, string[] ErrorLines)> RunAsync(params string[] args)
    {
        var (exit, output, error) = await ScannerProcess.RunAsync(args, workingDirectory: _folder);
        return (exit, output, error, error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task An_unknown_option_is_called_one_and_the_hint_names_the_command_typed()
    {
        var (exit, _, _, lines) = await RunAsync("scan", "--frobnicate", Page);
        Assert.Equal(2, exit);
        Assert.Equal(["error: unknown option `--frobnicate`", "Run 'scanner scan --help' for usage."], lines);

        (exit, _, _, lines) = await RunAsync("rules", "list", "--frobnicate");
        Assert.Equal(2, exit);
        Assert.Equal(["error: unknown option `--frobnicate`", "Run 'scanner rules list --help' for usage."], lines);

        // After --, a name that starts with a dash is a target, not an option.
        (exit, _, _, lines) = await RunAsync("scan", "--engine", "static", "--", "-page.html");
        Assert.Equal(2, exit);
        Assert.Contains(lines, l => l.Contains("'-page.html' is neither an http(s) URL nor an existing file"));
    }

    [Fact]
    public async Task Type_errors_are_worded_for_people_each_once()
    {
        var (exit, _, error, lines) = await RunAsync("scan", Page, "--max-depth", "abc", "--delay", "soon", "--timeout", "0");
        Assert.Equal(2, exit);
        Assert.Equal([
            "Run 'scanner scan --help' for usage.",
            "error: --delay: expected a number, got 'soon'",
            "error: --max-depth: expected a whole number, got 'abc'",
            "error: --timeout: must be at least 1, got 0"], lines.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("System.", error);

        (exit, _, _, lines) = await RunAsync("eval", _folder, "--labels", "x.tsv", "--concurrency", "many");
        Assert.Equal(2, exit);
        Assert.Equal(["error: --concurrency: expected a whole number, got 'many'", "Run 'scanner eval --help' for usage."], lines);
    }

    [Fact]
    public async Task Scan_version_prints_the_version_and_so_does_every_command()
    {
        var (exit, version, _, _) = await RunAsync("--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        (exit, var output, _, _) = await RunAsync("scan", "--version");
        Assert.Equal(0, exit);
        Assert.Equal(version, output);

        // Every other command, parsed and run in this process as Program does (the version here is the test host's).
        var root = ScannerCommandLine.Create();
        var here = new StringWriter();
        root.Parse(["--version"]).Invoke(new InvocationConfiguration { Output = here });
        foreach (var command in Commands(root).Where(c => c != root))
        {
            var path = Path(command);
            var written = new StringWriter();
            var parse = root.Parse([.. path, "--version"]);
            Assert.True(UsageErrors.Of(parse).Count == 0, $"{string.Join(' ', path)} --version: {string.Join("; ", UsageErrors.Of(parse))}");
            Assert.Equal(0, parse.Invoke(new InvocationConfiguration { Output = written }));
            Assert.Equal(here.ToString(), written.ToString());
        }

        static IEnumerable<Command> Commands(Command c) => c.Subcommands.SelectMany(Commands).Prepend(c);
        static string[] Path(Command c) => c.Parents.OfType<Command>().FirstOrDefault() is { } parent and not RootCommand ? [.. Path(parent), c.Name] : [c.Name];
    }

    [Fact]
    public async Task A_misspelled_rule_id_is_an_error_that_suggests_the_nearest()
    {
        var (exit, _, error, _) = await RunAsync("scan", Page, "--engine", "static", "--disable-rule", "keyword.pron", "--severity", "link.spam-anchr=low", "--disable-rule", "keyword.*");
        Assert.Equal(2, exit);
        Assert.Contains("error: --disable-rule: no rule 'keyword.pron'; did you mean keyword.porn?", error);
        Assert.Contains("error: --severity: no rule 'link.spam-anchr'; did you mean link.spam-anchor?", error);
        Assert.DoesNotContain("keyword.*", error); // a family that exists is fine

        var config = Write("scanner.yml", "rules:\n  disabled: [signature.spam-phrase-lst]\n");
        (exit, _, error, _) = await RunAsync("scan", Page, "--engine", "static");
        Assert.Equal(2, exit);
        Assert.Contains($"error: {config}:2:14: rules.disabled: no rule 'signature.spam-phrase-lst'; did you mean signature.spam-phrase-list?", error);
    }

    [Fact]
    public async Task Keyword_lists_that_are_missing_or_empty_are_refused_and_left_out_terms_are_counted_once()
    {
        var (exit, _, _, lines) = await RunAsync("scan", Page, "--keywords", "nope.txt");
        Assert.Equal(2, exit);
        Assert.Equal("error: --keywords: keyword list not found: nope.txt", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains(":0:0"));

        Write("empty.txt", "# our words\n\n");
        (exit, _, _, lines) = await RunAsync("scan", Page, "--engine", "static", "--keywords", "empty.txt");
        Assert.Equal(2, exit);
        Assert.Contains("error: keyword list has no terms (one term per line, # comments): empty.txt", lines);

        Write("single.txt", "色\n赌\n");
        (exit, _, _, lines) = await RunAsync("scan", Page, "--engine", "static", "--keywords", "single.txt");
        Assert.Equal(2, exit);
        Assert.Contains(lines, l => l.StartsWith("error: keyword list has no term of two characters or more (2 single-character term(s) left out"));

        Write("words.txt", "色\n赌\n澳门赌场\n");
        (exit, _, var error, _) = await RunAsync("scan", Page, "--engine", "static", "--keywords", "words.txt", "-q");
        Assert.Equal(1, exit);
        Assert.Single(error.Split('\n'), l => l.Contains("left out 2 single-character term(s)"));
    }

    [Fact]
    public async Task Url_lists_with_lines_without_a_scheme_or_without_urls_are_refused_with_line_numbers()
    {
        Write("urls.txt", "# our pages\nhttps://www.example.gov.cn/\nwww.example.gov.cn/news.html\n\nexample.gov.cn\n");
        var (exit, _, error, _) = await RunAsync("scan", "urls.txt", "--engine", "static");
        Assert.Equal(2, exit);
        Assert.Contains("line 3 'www.example.gov.cn/news.html', line 5 'example.gov.cn'", error);

        Write("notes.txt", "# nothing yet\n");
        (exit, _, error, var lines) = await RunAsync("scan", "notes.txt", "--engine", "static");
        Assert.Equal(2, exit);
        Assert.Contains("The URL list notes.txt lists no URL", error);
        Assert.Single(lines, l => l.Contains("lists no URL")); // printed once, not also as a log line
    }

    [Fact]
    public async Task A_baseline_hint_never_suggests_overwriting_a_file_that_is_not_a_baseline()
    {
        var page = Page;
        var before = File.ReadAllText(page);
        var (exit, _, error, _) = await RunAsync("scan", page, "--engine", "static", "--baseline", page);
        Assert.Equal(2, exit);
        Assert.DoesNotContain("--output", error);
        Assert.Contains("is neither and is left as it is", error);
        Assert.Equal(before, File.ReadAllText(page));

        (exit, _, error, _) = await RunAsync("scan", page, "--engine", "static", "--baseline", "missing.json");
        Assert.Equal(2, exit);
        Assert.Contains("create it with 'scanner baseline create --from report.json --output missing.json'", error);

        // And `baseline create` itself will not write over the page given as --output by mistake.
        (exit, _, _, _) = await RunAsync("scan", page, "--engine", "static", "-q", "--format", "json", "--output", "report.json");
        Assert.Equal(1, exit);
        (exit, _, error, _) = await RunAsync("baseline", "create", "--from", "report.json", "--output", page);
        Assert.Equal(2, exit);
        Assert.Contains("is not a baseline or a scan's JSON report; it is left as it is", error);
        Assert.Equal(before, File.ReadAllText(page));
    }

    /// <summary>The bash script of `scanner completion bash`, in a real bash, completes options and their values
    /// through System.CommandLine's [suggest] directive.</summary>
    [Fact]
    public async Task Bash_completion_completes_options_and_their_values()
    {
        var (exit, script, _, _) = await RunAsync("completion", "bash");
        Assert.Equal(0, exit);
        var bin = Directory.CreateDirectory(System.IO.Path.Combine(_folder, "bin")).FullName;
        var scanner = Write("bin/scanner", $"#!/bin/sh\nexec dotnet '{System.IO.Path.Combine(AppContext.BaseDirectory, "scanner.dll")}' \"$@\"\n");
        File.SetUnixFileMode(scanner, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        Write("completion.bash", script);

        async Task<string[]> Complete(string line)
        {
            var test = $"""
                source {_folder}/completion.bash
                COMP_LINE='{line}'; COMP_POINT=${"{#COMP_LINE}"}
                read -ra COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${"{#COMP_WORDS[@]}"} - 1 ))
                _scanner_complete; printf '%s\n' "${"{COMPREPLY[@]}"}"
                """;
            var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", test]) { RedirectStandardOutput = true };
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            using var bash = System.Diagnostics.Process.Start(start)!;
            var output = await bash.StandardOutput.ReadToEndAsync();
            await bash.WaitForExitAsync();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        Assert.Equal(["--engine"], await Complete("scanner scan --engi"));
        Assert.Equal(["browser", "static"], (await Complete("scanner scan --engine ")).Order());
        Assert.Contains("init", await Complete("scanner i"));
    }
}
