using System.Diagnostics;
using Scanner.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The scan steps of the GitHub Action (action.yml) and of the GitLab CI template (ci/scanner.gitlab-ci.yml), run
/// with bash as the runners run them, a `scanner` command on PATH (the one the tool install puts there): the reports
/// they name are written, and the job fails by the gate. Installing the tool is ToolInstallProcessTests' part.
/// </summary>
public sealed class CiTemplateProcessTests : IDisposable
{
    private static readonly string Page = Path.Combine(AppContext.BaseDirectory, "fixtures", "policy", "one-porn-phrase.html");
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-ci-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_action_scans_writes_sarif_and_its_gate_step_fails_the_job_by_the_exit_code()
    {
        var steps = (YamlSequenceNode)Load("action.yml")["runs"]["steps"];
        string Run(string key, string value) => steps.Cast<YamlMappingNode>()
            .Single(s => s.Children.TryGetValue(key, out var v) && v.ToString() == value)["run"].ToString();
        var output = Path.Combine(_folder, "github-output");
        var sarif = Path.Combine(_folder, "scanner.sarif");

        var scan = await BashAsync(Run("id", "scan"), new()
        {
            ["TARGETS"] = Page, ["FAIL_ON"] = "high", ["BASELINE"] = "", ["ARGS"] = "--no-screenshots", ["SARIF"] = sarif, ["GITHUB_OUTPUT"] = output,
        });

        Assert.True(scan.Exit == 0, $"the scan step itself must not fail (the SARIF is uploaded after it): {scan.Error}");
        Assert.Contains("exit-code=1", await File.ReadAllTextAsync(output));
        Assert.Contains("\"keyword.porn\"", await File.ReadAllTextAsync(sarif));
        var gate = Run("name", "Gate");
        Assert.Equal(1, (await BashAsync(gate, new() { ["CODE"] = "1" })).Exit);
        Assert.Equal(2, (await BashAsync(gate, new() { ["CODE"] = "2" })).Exit);
        Assert.Equal(0, (await BashAsync(gate, new() { ["CODE"] = "0" })).Exit);
    }

    [Fact]
    public async Task The_gitlab_template_scans_writes_its_reports_and_fails_by_the_gate()
    {
        var job = (YamlMappingNode)Load(Path.Combine("ci", "scanner.gitlab-ci.yml"))[".seo-spam-scan"];
        var script = string.Join("\n", ((YamlSequenceNode)job["script"]).Select(n => n.ToString()));

        var run = await BashAsync(script, new() { ["SCANNER_TARGETS"] = Page, ["SCANNER_FAIL_ON"] = "high", ["SCANNER_BASELINE"] = "", ["SCANNER_ARGS"] = "--no-screenshots" });

        Assert.True(run.Exit == 1, $"expected the job to fail by the gate (exit 1), got {run.Exit}: {run.Error}");
        var artifacts = ((YamlSequenceNode)job["artifacts"]["paths"]).Select(n => n.ToString()).ToList();
        Assert.Contains("scanner.junit.xml", artifacts);
        Assert.All(artifacts, a => Assert.True(File.Exists(Path.Combine(_folder, a)), $"{a} was not written"));
        Assert.Contains("keyword.porn", await File.ReadAllTextAsync(Path.Combine(_folder, "scanner.junit.xml")));
    }

    private static YamlMappingNode Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot(), relativePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The script under `bash -eo pipefail` (how both runners start a step), with `scanner` on PATH.</summary>
    private async Task<(int Exit, string Output, string Error)> BashAsync(string script, Dictionary<string, string> environment)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var command = Path.Combine(bin, "scanner");
        if (!File.Exists(command))
        {
            await File.WriteAllTextAsync(command, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "scanner.dll")}' \"$@\"\n");
            File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var file = Path.Combine(_folder, "step.sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", file])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder,
        };
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
