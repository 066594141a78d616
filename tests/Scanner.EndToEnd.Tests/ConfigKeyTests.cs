using System.CommandLine;
using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.Cli.Configuration;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// scanner.yml holds every option of `scanner scan`: each option has a key in ScanCommand.Table (or a reason to stay on
/// the command line), the schema documents every key, the starter of `scanner init` lists every key and loads, and a
/// key gives the same settings as its option.
/// </summary>
public sealed class ConfigKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-keys-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_option_of_scan_has_a_config_key()
    {
        var scan = ScanCommand.Create();
        var missing = scan.Options.Where(o => o is not (System.CommandLine.Help.HelpOption or VersionOption))
            .Where(o => ScanCommand.Table.KeyOf(o) is null && !ScanCommand.Table.CommandLineOnly.ContainsKey(o))
            .Select(o => o.Name).ToList();
        Assert.True(missing.Count == 0, $"options without a scanner.yml key: {string.Join(", ", missing)}; add a line to ScanCommand.Table");
        Assert.All(scan.Arguments, a => Assert.NotNull(ScanCommand.Table.KeyOf(a)));
        Assert.Equal("maxDepth", ScanCommand.Table.KeyOf(scan.Options.Single(o => o.Name == "--max-depth"))!.Key);
        Assert.Equal("checkLinks", ScanCommand.Table.KeyOf(scan.Options.Single(o => o.Name == "--check-links"))!.Key);
    }

    [Fact]
    public void The_schema_documents_every_key_and_no_other()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "scanner.schema.json")));
        var keys = new List<string>();
        foreach (var property in schema.RootElement.GetProperty("properties").EnumerateObject())
        {
            if (property.Value.TryGetProperty("type", out var type) && type.GetString() == "object" && property.Value.TryGetProperty("properties", out var inner))
                keys.AddRange(inner.EnumerateObject().Select(p => $"{property.Name}.{p.Name}"));
            else keys.Add(property.Name);
        }
        var undocumented = ScanCommand.Table.Keys.Except(keys).ToList();
        var unknown = keys.Except(ScanCommand.Table.Keys).ToList();
        Assert.True(undocumented.Count == 0 && unknown.Count == 0,
            $"docs/scanner.schema.json lacks {string.Join(", ", undocumented)}; it has keys no option has: {string.Join(", ", unknown)}");
    }

    /// <summary>Deleting every `#` before a key of the starter gives a file that loads, with the options' defaults.</summary>
    [Fact]
    public void The_starter_of_init_lists_every_key_and_loads_when_every_key_is_uncommented()
    {
        var starter = StarterConfig.Write(ScanCommand.Table, []);
        var uncommented = string.Join('\n', starter.Split('\n').Select(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#(?=\s*([A-Za-z][A-Za-z0-9]*:|- ))") ? l[1..] : l));
        foreach (var key in ScanCommand.Table.Keys)
            Assert.Contains($"{key.Split('.')[^1]}:", uncommented);
        var path = Path.Combine(_folder, "scanner.yml");
        File.WriteAllText(path, uncommented.Replace("targets: []", "targets: [https://www.example.gov.cn/]"));
        var config = ScannerConfig.Load(path, ScanCommand.Table);
        Assert.Equal(ScanCommand.Table.Keys.Order(StringComparer.Ordinal), config.Keys.Order(StringComparer.Ordinal));

        var settings = SettingsOf("--config", path);
        var defaults = SettingsOf("https://www.example.gov.cn/", "--config", Path.Combine(_folder, "none.yml"), "--format", "console", "--format", "json", "--output", "-", "--output", Path.Combine(_folder, "scanner-report.json"));
        Assert.Equal(defaults.Crawl with { Include = [], Exclude = [] }, settings.Crawl with { Include = [], Exclude = [] });
        Assert.Equal((defaults.Engine, defaults.Gate, defaults.PageTimeout, defaults.Screenshots), (settings.Engine, settings.Gate, settings.PageTimeout, settings.Screenshots));
    }

    /// <summary>Each crawl and scan key sets what its option sets.</summary>
    [Fact]
    public void Each_key_gives_the_settings_of_its_option()
    {
        var config = Path.Combine(_folder, "scanner.yml");
        File.WriteAllText(config, """
            targets: [https://www.example.gov.cn/]
            engine: static
            profiles: [visitor, spider]
            concurrency: 3
            timeout: 12
            maxDepth: 2
            maxPages: 40
            scope: site
            include: ["/news/**"]
            exclude: ["/search?*", "re:\\.pdf$"]
            ignoreRobots: true
            hostConcurrency: 2
            delay: 0.5
            retries: 4
            checkLinks: true
            allowPrivate: true
            screenshots: false
            failOn: medium
            rules:
              defaultRules: false
              severity: { keyword.porn: medium }
              disabled: [link.*]
            quiet: true
            """);
        var fromFile = SettingsOf("--config", config);
        var fromCommandLine = SettingsOf("https://www.example.gov.cn/", "--config", Path.Combine(_folder, "none.yml"), "--engine", "static",
            "--profiles", "visitor,spider", "-j", "3", "--timeout", "12", "--max-depth", "2", "--max-pages", "40", "--scope", "site",
            "--include", "/news/**", "--exclude", "/search?*", "--exclude", "re:\\.pdf$", "--ignore-robots", "--host-concurrency", "2",
            "--delay", "0.5", "--retries", "4", "--check-links", "--allow-private", "--no-screenshots", "--fail-on", "medium",
            "--no-default-rules", "--severity", "keyword.porn=medium", "--disable-rule", "link.*", "-q");
        Assert.Equal(2, fromFile.Crawl.MaxDepth);
        Assert.True(fromFile.Crawl.CheckLinks);
        Assert.Equal(Describe(fromCommandLine), Describe(fromFile));

        // The command line wins over the file, key by key.
        var overridden = SettingsOf("--config", config, "--max-depth", "0", "--screenshots");
        Assert.Equal((0, true, 40), (overridden.Crawl.MaxDepth, overridden.Screenshots, overridden.Crawl.MaxPages));
    }

    private static string Describe(Scanner.Cli.Scanning.ScanSettings s) => string.Join("\n",
        string.Join(",", s.Targets), s.Engine, string.Join(",", s.Profiles), s.Concurrency, s.PageTimeout, s.Crawl.MaxDepth, s.Crawl.MaxPages,
        s.Crawl.Scope, string.Join(",", s.Crawl.Include.Select(p => p.ToString())), string.Join(",", s.Crawl.Exclude.Select(p => p.ToString())),
        s.Crawl.RespectRobots, s.Crawl.PerHostConcurrency, s.Crawl.PerHostDelay, s.Crawl.Retries, s.Crawl.CheckLinks, s.AllowPrivate,
        s.Screenshots, s.Gate.Describe(), string.Join(",", s.Rules.RulePaths), string.Join(",", s.Policy.SeverityOverrides.Select(o => $"{o.Key}={o.Value}")),
        string.Join(",", s.Policy.DisabledRules), s.ConsoleLogLevel);

    private static Scanner.Cli.Scanning.ScanSettings SettingsOf(params string[] args)
    {
        var parse = new RootCommand { ScanCommand.Create() }.Parse(["scan", .. args]);
        Assert.True(parse.Errors.Count == 0, string.Join("\n", parse.Errors.Select(e => e.Message)));
        // A missing --config file is an error; an absent one means "this folder's", so point at one that is empty.
        if (args.Contains("--config") && !File.Exists(args[Array.IndexOf(args, "--config") + 1]))
            File.WriteAllText(args[Array.IndexOf(args, "--config") + 1], "");
        return ScanCommand.Settings(parse);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }
}
