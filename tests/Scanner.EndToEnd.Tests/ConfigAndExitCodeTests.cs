using System.Text.Json.Nodes;
using NJsonSchema;
using Scanner.Cli.Configuration;
using Scanner.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The exit codes of DESIGN with the new options: 0 the gate passed, 1 it tripped, 2 the scan could not run; and
/// scanner.yml, which the command line overrides.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConfigAndExitCodeTests(BrowserFixture browser) : IDisposable
{
    private static readonly string OnePornPhrase = Path.Combine(AppContext.BaseDirectory, "fixtures", "policy", "one-porn-phrase.html");
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData(1, new string[0])]
    [InlineData(0, new[] { "--severity", "keyword.porn=medium" })]
    [InlineData(1, new[] { "--severity", "keyword.porn=medium", "--fail-on", "medium" })]
    [InlineData(0, new[] { "--severity", "keyword.*=low" })]
    [InlineData(0, new[] { "--disable-rule", "keyword.porn" })]
    [InlineData(2, new[] { "--severity", "keyword.porn=severe" })]
    [InlineData(2, new[] { "--severity", "keyword.porn" })]
    [InlineData(2, new[] { "--disable-rule", "key*word" })]
    [InlineData(2, new[] { "--format", "pdf", "--output", "x.pdf" })]
    public async Task Exit_codes_follow_the_contract_with_policy_options(int expected, string[] options)
    {
        var run = await ScannerRun.ScanAsync(browser, [OnePornPhrase, .. options]);
        Assert.True(expected == run.ExitCode, $"expected exit {expected}, got {run.ExitCode}: {run.Error}");
        if (expected == 0 && options.Contains("--disable-rule"))
            Assert.DoesNotContain(run.Findings, f => f.GetProperty("ruleId").GetString() == "keyword.porn");
        if (options.Contains("keyword.porn=medium"))
            Assert.Contains(run.Findings.Single(f => f.GetProperty("ruleId").GetString() == "keyword.porn").GetProperty("reasons").EnumerateArray(),
                r => r.GetString()!.Contains("by configuration"));
    }

    [Fact]
    public async Task Sarif_junit_and_markdown_reports_are_written_and_the_sarif_validates()
    {
        string sarif = Path.Combine(_folder, "out", "scan.sarif"), junit = Path.Combine(_folder, "out", "scan.xml"), markdown = Path.Combine(_folder, "out", "scan.md");
        var run = await ScannerRun.ScanAsync(browser, OnePornPhrase, "-f", "sarif", "-o", sarif, "-f", "junit", "-o", junit, "-f", "markdown", "-o", markdown);

        Assert.Equal(1, run.ExitCode);
        var schema = await JsonSchema.FromFileAsync(SharedFolder.Path("schemas", "sarif-schema-2.1.0.json"));
        var errors = schema.Validate(await File.ReadAllTextAsync(sarif));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        using (var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(sarif)))
        {
            // A local page is its file, relative to the folder the scan ran in, so code-scanning alerts land on it.
            var artifact = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
                .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, OnePornPhrase).Replace('\\', '/');
            Assert.Equal(relative.StartsWith("..") ? run.Findings[0].GetProperty("url").GetString() : relative, artifact.GetProperty("uri").GetString());
        }
        var xml = System.Xml.Linq.XDocument.Load(junit);
        Assert.Equal("keyword.porn", Assert.Single(xml.Descendants("failure")).Attribute("type")!.Value);
        Assert.Contains("Gate failed", await File.ReadAllTextAsync(markdown));
    }

    [Fact]
    public async Task Scan_without_targets_reads_the_configuration_and_the_command_line_overrides_it()
    {
        var config = Write("scanner.yml", $"""
            targets: [{OnePornPhrase}]
            failOn: critical
            rules:
              severity:
                keyword.porn: critical
            """);
        var fromFile = await ScannerRun.ScanAsync(browser, "--config", config);
        Assert.Equal(1, fromFile.ExitCode); // the file raised porn to critical, and fails on critical
        Assert.Equal("critical", fromFile.Findings.Single(f => f.GetProperty("ruleId").GetString() == "keyword.porn").GetProperty("severity").GetString());

        var overridden = await ScannerRun.ScanAsync(browser, "--config", config, "--severity", "keyword.porn=high");
        Assert.Equal(0, overridden.ExitCode); // the command line's severity wins; the gate stays the file's critical
        var failOnOverridden = await ScannerRun.ScanAsync(browser, "--config", config, "--severity", "keyword.porn=high", "--fail-on", "high");
        Assert.Equal(1, failOnOverridden.ExitCode);
    }

    /// <summary>A target of scanner.yml is named like one on the command line: if it cannot be loaded, the run is a 2 (or 1).</summary>
    [Fact]
    public async Task A_target_of_the_configuration_that_cannot_be_loaded_exits_2_unless_the_gate_trips()
    {
        var down = $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/";
        var config = Write("scanner.yml", $"targets: [{down}, {OnePornPhrase}]\nengine: static\n");

        var run = await ScannerRun.ScanAsync(browser, "--config", config);
        Assert.Equal(1, run.ExitCode); // the porn phrase trips the gate: that is what CI must hear first
        Assert.Contains($"warning: a target could not be loaded, so the scan could not check it: {down} (", run.Error);

        run = await ScannerRun.ScanAsync(browser, "--config", config, "--disable-rule", "keyword.porn", "--disable-rule", "signature.*");
        Assert.True(run.ExitCode == 2, $"expected exit 2, got {run.ExitCode}: {run.Error}");
        Assert.Contains($"error: a target could not be loaded, so the scan could not check it: {down} (", run.Error);
        Assert.Equal(2, run.Pages.Length); // the report is written all the same
    }

    [Fact]
    public async Task A_bad_or_missing_configuration_or_no_targets_at_all_exit_2()
    {
        var typo = Write("typo.yml", "targets: [a.html]\nfailon: high\n");
        var run = await ScannerRun.ScanAsync(browser, "--config", typo);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{typo}:2:", run.Error);

        var badSeverity = Write("sev.yml", "rules:\n  severity:\n    keyword.porn: extreme\n");
        run = await ScannerRun.ScanAsync(browser, OnePornPhrase, "--config", badSeverity);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("extreme", run.Error);

        run = await ScannerRun.ScanAsync(browser, "--config", Path.Combine(_folder, "none.yml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("none.yml", run.Error);

        run = await ScannerRun.ScanAsync(browser);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No targets", run.Error);
    }

    [Fact]
    public async Task The_example_configuration_follows_the_committed_schema_and_loads()
    {
        var docs = Path.Combine(RepositoryRoot(), "docs");
        var schema = await JsonSchema.FromFileAsync(Path.Combine(docs, "scanner.schema.json"));
        var example = Path.Combine(docs, "scanner.example.yml");
        var errors = schema.Validate(YamlToJson(await File.ReadAllTextAsync(example))!.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var invalid = schema.Validate(YamlToJson("failOn: severe\nrules: { severity: { 'key*word': high } }\nunknown: 1\n")!.ToJsonString());
        Assert.Equal(3, invalid.Count);

        var parse = new System.CommandLine.RootCommand { Scanner.Cli.Commands.ScanCommand.Create() }.Parse(["scan", "--config", example]);
        var settings = Scanner.Cli.Commands.ScanCommand.Settings(parse);
        Assert.Equal(Core.Model.Severity.Medium, settings.Policy.OverrideFor("keyword.gambling"));
        Assert.True(settings.Policy.IsDisabled("link.suspicious-tld"));
        Assert.Equal(Path.Combine(docs, "reports", "scanner.sarif"), settings.Reports.Single(r => r.Format == "sarif").OutputPath);
        Assert.Equal(1, settings.Crawl.MaxDepth);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>YAML as JSON, plain scalars typed as YAML 1.2's core schema types them (true, 4, null).</summary>
    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when p.Value is "null" or "~" or "" => null,
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when bool.TryParse(p.Value, out var b) => JsonValue.Create(b),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when long.TryParse(p.Value, out var n) => JsonValue.Create(n),
            YamlScalarNode p => JsonValue.Create(p.Value),
            _ => throw new NotSupportedException(node.GetType().Name),
        };
    }
}
