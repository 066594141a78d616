using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Scanner.EndToEnd.Tests.Sharding;

/// <summary>
/// The sharding examples of docs/examples/sharding run as written: the Kubernetes Indexed Job's container scripts
/// for every JOB_COMPLETION_INDEX, the GitHub Actions matrix's run: scripts for every matrix value, the GitLab
/// parallel job's script for every CI_NODE_INDEX, then each one's merge step. Only what cannot exist here is swapped:
/// the site (TARGET, a loopback site), the reports volume (REPORTS, a temporary folder) and how `scanner` is installed
/// (the built scanner.dll). Each merged report must hold every page of the crawl, and the gate must trip on its spam.
/// The Kubernetes example crawls the whole test site; the GitHub and GitLab ones start from a page without links (a
/// crawl of one page, so twelve processes cost little more than their start: the split of a crawl is
/// <see cref="ShardMergeProcessTests"/>'s to prove).
/// </summary>
public sealed class ShardingExamplesTests : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "scanner.dll");
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-examples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Example(string name) =>
        Path.Combine(RepositoryRoot(), "docs", "examples", "sharding", name) is var path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The example {name} is missing from docs/examples/sharding.");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Scanner.sln not found above the test's folder");
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];
    private static YamlSequenceNode Seq(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node)[key];
    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    [Fact]
    public async Task The_kubernetes_indexed_job_and_its_merge_job_run_as_documented()
    {
        await using var site = await ShardSite.StartAsync();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Example("kubernetes-indexed-job.yaml"))));
        var (shards, merge) = (yaml.Documents[0].RootNode, yaml.Documents[1].RootNode);
        var spec = Map(shards, "spec");
        Assert.Equal("Indexed", Text(spec, "completionMode"));
        var container = Seq(Map(Map(spec, "template"), "spec"), "containers")[0];
        var env = Seq(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => Text(e, "value"));
        var completions = int.Parse(Text(spec, "completions"));
        Assert.Equal(completions.ToString(), env["SHARDS"]);
        Assert.Equal(["sh", "-c"], Seq(container, "command").Select(n => ((YamlScalarNode)n).Value));

        var script = K8sScript(container);
        var runs = await Task.WhenAll(Enumerable.Range(0, completions).Select(index => RunAsync("sh", script, new()
        {
            ["JOB_COMPLETION_INDEX"] = index.ToString(), ["SHARDS"] = env["SHARDS"], ["TARGET"] = site.Home, ["REPORTS"] = _folder,
        })));
        Assert.All(runs, r => Assert.True(r.Exit == 0, r.Error));
        Assert.Equal(Enumerable.Range(1, completions).Select(i => $"shard-{i}.json"), Directory.GetFiles(_folder, "shard-*.json").Select(Path.GetFileName).Order());

        var mergeContainer = Seq(Map(Map(Map(merge, "spec"), "template"), "spec"), "containers")[0];
        var merged = await RunAsync("sh", K8sScript(mergeContainer), new() { ["REPORTS"] = _folder });
        AssertMerged(merged, site.CrawlPages, "report.json", "report.html", "report.sarif");
    }

    [Fact]
    public async Task The_github_actions_matrix_and_its_merge_job_run_as_documented()
    {
        await using var site = await ShardSite.StartAsync();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Example("github-actions-sharded.yml"))));
        var jobs = Map(yaml.Documents[0].RootNode, "jobs");
        var matrix = Seq(Map(Map(Map(jobs, "scan"), "strategy"), "matrix"), "shard").Select(n => ((YamlScalarNode)n).Value!).ToList();
        var scan = RunScript(Map(jobs, "scan"), "scanner scan");
        var runs = await Task.WhenAll(matrix.Select(shard => RunAsync("bash", Installed(scan
            .Replace("${{ matrix.shard }}", shard).Replace("${{ strategy.job-total }}", matrix.Count.ToString())), new() { ["TARGET"] = site.SpamLeaf })));
        Assert.All(runs, r => Assert.True(r.Exit == 0, r.Error));

        var merged = await RunAsync("bash", Installed(RunScript(Map(jobs, "merge"), "scanner merge")), new());
        AssertMerged(merged, 1, null, "report.html", "scan.sarif");
        Assert.Contains("Gate (--fail-on high): FAILED", merged.Output); // --format console
    }

    [Fact]
    public async Task The_gitlab_parallel_job_and_its_merge_job_run_as_documented()
    {
        await using var site = await ShardSite.StartAsync();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Example("gitlab-ci-sharded.yml"))));
        var root = yaml.Documents[0].RootNode;
        var parallel = int.Parse(Text(Map(root, "scan"), "parallel"));
        var scan = string.Join("\n", Seq(Map(root, "scan"), "script").Select(n => ((YamlScalarNode)n).Value));
        var runs = await Task.WhenAll(Enumerable.Range(1, parallel).Select(index => RunAsync("bash", Installed(scan), new()
        {
            ["CI_NODE_INDEX"] = index.ToString(), ["CI_NODE_TOTAL"] = parallel.ToString(), ["TARGET"] = site.SpamLeaf,
        })));
        Assert.All(runs, r => Assert.True(r.Exit == 0, r.Error));

        var merged = await RunAsync("bash", Installed(string.Join("\n", Seq(Map(root, "merge"), "script").Select(n => ((YamlScalarNode)n).Value))), new());
        AssertMerged(merged, 1, null, "report.html", "junit.xml");
    }

    /// <summary>The merge exits 1 (the site has spam, --fail-on high), and its reports hold every page of the crawl.</summary>
    private void AssertMerged((int Exit, string Output, string Error) merged, int pages, string? json, params string[] files)
    {
        Assert.True(merged.Exit == 1, merged.Error);
        Assert.Contains($": {pages} page(s)", merged.Error);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(_folder, f)), f));
        if (json is not null)
            Assert.Equal(pages, JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, json))).RootElement.GetProperty("pages").GetArrayLength());
    }

    /// <summary>A container's script (args[0] of sh -c), with the image's tool replaced by the built one.</summary>
    private static string K8sScript(YamlNode container) =>
        ((YamlScalarNode)Seq(container, "args")[0]).Value!.Replace("/opt/scanner/scanner", $"dotnet '{Dll}'");

    /// <summary>The run: script of the job's step that holds <paramref name="command"/>.</summary>
    private static string RunScript(YamlMappingNode job, string command) => Seq(job, "steps").Cast<YamlMappingNode>()
        .Select(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? ((YamlScalarNode)run).Value! : "")
        .Single(run => run.Contains(command));

    /// <summary>`scanner` as `dotnet tool install` would put it on PATH: here the built scanner.dll.</summary>
    private static string Installed(string script)
    {
        Assert.DoesNotMatch(new Regex(@"\$\{\{"), script); // every CI expression was given its value
        return $"set -e\nscanner() {{ dotnet '{Dll}' \"$@\"; }}\n{script}";
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string shell, string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(shell, ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
