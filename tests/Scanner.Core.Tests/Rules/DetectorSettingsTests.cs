using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using Scanner.Core.Rules;
using YamlDotNet.RepresentationModel;

namespace Scanner.Core.Tests.Rules;

/// <summary>The detectors' settings as data (rules/detectors.yaml, rules/detectors.schema.json, DetectorSettingDeclarations).</summary>
public class DetectorSettingsTests
{
    [Fact]
    public void The_built_in_defaults_are_the_values_the_detectors_had_as_constants()
    {
        var d = DetectorSettings.Defaults;
        Assert.Equal(3, d.Get(KeywordSettings.SpamBlockTerms));
        Assert.Equal(0.02, d.Get(KeywordSettings.SparseShare));
        Assert.Equal(0.25, d.Get(KeywordSettings.ClusterShare));
        Assert.Equal(1000, d.Get(KeywordSettings.SparseMinimumLength));
        Assert.Equal((5, 3, 8), (d.Get(HiddenLinkSettings.FarmLinks), d.Get(HiddenLinkSettings.FarmSites), d.Get(HiddenLinkSettings.ManySites)));
        Assert.Equal((8, 5), (d.Get(LinkFarmSettings.MinLinks), d.Get(LinkFarmSettings.MinSites)));
        Assert.Equal((10, 4, 0.2, 5, 3), (d.Get(SignatureSettings.MinKana), d.Get(SignatureSettings.TitleKana), d.Get(SignatureSettings.KanaShare),
            d.Get(SignatureSettings.MinPinyin), d.Get(SignatureSettings.MinSpamPhrases)));
        Assert.Equal(3, d.Get(ServedSourceSettings.ManySites));
        Assert.Equal(3, d.Get(OutsideDocumentSettings.FarmSites));
        Assert.Equal(40, d.Get(CloakingSettings.MinimumAddedText));
        Assert.Equal(2, d.Get(HiddenFrameSettings.TinyPixels));
        Assert.Equal((10, 0.2), (d.Get(HomeSiteSettings.MinLinks), d.Get(HomeSiteSettings.Share)));
        var owners = d.Get(ScriptSettings.GenuineOwners);
        Assert.Equal(25, owners.Count);
        Assert.Contains("jquery.com", owners);
        Assert.Contains("braintree-api.com", owners);
        Assert.Equal(200, d.Get(StaticVisibilitySettings.AboveThePagePixels));
        Assert.Equal((8, 512 * 1024, 3000), (d.Get(SubresourceSettings.StyleSheetsPerPage), d.Get(SubresourceSettings.StyleSheetBytes),
            d.Get(SubresourceSettings.PageWaitMilliseconds)));
        var institutions = d.Get(HiddenLinkSettings.InstitutionSuffixes);
        Assert.Contains("gov.cn", institutions);
        Assert.Contains("gov", institutions);
        Assert.Contains("edu", institutions);
        Assert.Contains("mil", institutions);
        Assert.Contains("gov.uk", institutions);
        Assert.Null(d.Doorway); // the doorway verdict runs only when a loaded rules file has a doorway section
        Assert.Equal(DetectorSettings.None.Get(LinkFarmSettings.MinLinks), d.Get(LinkFarmSettings.MinLinks));
    }

    [Fact]
    public void The_shipped_file_sets_every_setting_once_with_a_comment_saying_why()
    {
        var path = RepoPath("rules", "detectors.yaml");
        var lines = File.ReadAllLines(path);
        var parsed = RuleFileParser.ParseFile(path).Detectors!;
        foreach (var setting in DetectorSettingDeclarations.All)
        {
            Assert.True(parsed.Values.ContainsKey(setting.Name), $"{setting.Name} is not set in rules/detectors.yaml");
            var section = Array.FindIndex(lines, l => l.StartsWith(setting.Section + ":", StringComparison.Ordinal));
            var at = Array.FindIndex(lines, section, l => l.TrimStart().StartsWith(setting.Key + ":", StringComparison.Ordinal));
            Assert.True(at > section, $"{setting.Name} not found under its section");
            // Why: a comment on the setting's line, or on the lines just above it (a list's explanation).
            Assert.True(lines[at].Contains(" # ") || lines[at - 1].TrimStart().StartsWith('#'), $"rules/detectors.yaml:{at + 1}: {setting.Name} has no comment saying why");
        }
    }

    [Fact]
    public async Task The_schema_describes_the_declared_settings_and_the_shipped_file_follows_it()
    {
        var schemaPath = RepoPath("rules", "detectors.schema.json");
        var properties = JsonNode.Parse(await File.ReadAllTextAsync(schemaPath))!["properties"]!.AsObject();
        foreach (var setting in DetectorSettingDeclarations.All)
        {
            var entry = properties[setting.Section]?["properties"]?[setting.Key] ?? throw new Xunit.Sdk.XunitException($"{setting.Name} is missing from the schema");
            switch (setting)
            {
                case WholeNumberSetting whole:
                    Assert.Equal(("integer", whole.Min, whole.Max), ((string)entry["type"]!, (int)entry["minimum"]!, (int)entry["maximum"]!));
                    break;
                case NumberSetting number:
                    Assert.Equal(("number", number.Min, number.Max), ((string)entry["type"]!, (double)entry["minimum"]!, (double)entry["maximum"]!));
                    break;
                case DomainListSetting or TextListSetting or SuffixListSetting:
                    Assert.Equal("array", (string)entry["type"]!);
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"{setting.Name}: a kind of setting the schema test does not know");
            }
            Assert.False(string.IsNullOrWhiteSpace((string?)entry["description"]), $"{setting.Name} has no description in the schema");
        }
        foreach (var section in DetectorSettingDeclarations.Sections)
            Assert.Equal(DetectorSettingDeclarations.All.Where(s => s.Section == section).Select(s => s.Key).Order(),
                properties[section]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(DetectorSettingDeclarations.Sections.Append("doorway").Append("kind").Order(StringComparer.Ordinal),
            properties.Select(p => p.Key).Order(StringComparer.Ordinal));

        var schema = await JsonSchema.FromFileAsync(schemaPath);
        var errors = schema.Validate(YamlToJson(await File.ReadAllTextAsync(RepoPath("rules", "detectors.yaml")))!.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var bad = schema.Validate(YamlToJson("kind: detector-settings\nlinkFarm: { minLinks: 0, minLink: 3 }\nkeywords: { sparseShare: 2 }\n")!.ToJsonString());
        Assert.Equal(3, bad.Count);
    }

    [Theory]
    [InlineData("kind: detector-settings\nlinkFarm:\n  minLink: 8\n", 3, 3, "unknown setting 'linkFarm.minLink' (the settings of 'linkFarm' are: minLinks, minSites)")]
    [InlineData("kind: detector-settings\nlinkFarm:\n  minLinks: eight\n", 3, 13, "'linkFarm.minLinks' must be a whole number from 1 to 100000, not 'eight'")]
    [InlineData("kind: detector-settings\nlinkFarm:\n  minLinks: 2.5\n", 3, 13, "'linkFarm.minLinks' must be a whole number")]
    [InlineData("kind: detector-settings\nlinkFarm:\n  minLinks: 0\n", 3, 13, "'linkFarm.minLinks' must be a whole number from 1 to 100000, not '0'")]
    [InlineData("kind: detector-settings\nkeywords:\n  sparseShare: 1.5\n", 3, 16, "'keywords.sparseShare' must be a number from 0 to 1, not '1.5'")]
    [InlineData("kind: detector-settings\nkeywords:\n  sparseShare: [0.1]\n", 3, 16, "'keywords.sparseShare' must be a number from 0 to 1, not 'sequence'")]
    [InlineData("kind: detector-settings\nlinkfarm:\n  minLinks: 8\n", 2, 1, "unknown key 'linkfarm'")]
    [InlineData("kind: detector-settings\nlinkFarm: 8\n", 2, 11, "'linkFarm' must be a mapping")]
    [InlineData("kind: detector-settings\nscripts:\n  genuineOwners: [jquery.com, https://paypal.com/]\n", 3, 31, "'https://paypal.com/' in 'scripts.genuineOwners' is not a domain name")]
    [InlineData("kind: detector-settings\nscripts:\n  genuineOwners: jquery.com\n", 3, 18, "'scripts.genuineOwners' must be a list")]
    [InlineData("kind: detector-settings\nscripts:\n  genuineOwners: [com]\n", 3, 19, "'com' in 'scripts.genuineOwners' is not a domain name")] // one label: a domain list needs two
    [InlineData("kind: detector-settings\nhiddenLinks:\n  institutionSuffixes: [gov, '*.gov']\n", 3, 30, "'*.gov' in 'hiddenLinks.institutionSuffixes' is not a domain suffix")]
    [InlineData("kind: detector-settings\nsubresources:\n  styleSheetBytes: 10\n", 3, 20, "'subresources.styleSheetBytes' must be a whole number from 1024 to 67108864, not '10'")]
    [InlineData("kind: detector-settings\nscripts:\n  libraryBanners: jQuery v\n", 3, 19, "'scripts.libraryBanners' must be a list of non-empty strings, not 'jQuery v'")]
    public void A_malformed_settings_file_names_the_file_the_line_and_the_problem(string yaml, int line, int column, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("scanner-settings-");
        try
        {
            var file = Path.Combine(folder.FullName, "my-detectors.yaml");
            File.WriteAllText(file, yaml);
            var e = Assert.Throws<RuleFileException>(() => RuleSetLoader.Load(new RuleSources { RulePaths = [folder.FullName] }));
            Assert.StartsWith($"{file}:{line}:{column}: ", e.Message);
            Assert.Contains(problem, e.Message);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void A_users_rules_folder_overrides_single_settings_and_keeps_the_rest()
    {
        var folder = Directory.CreateTempSubdirectory("scanner-settings-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a-first.yaml"), "kind: detector-settings\nlinkFarm: { minLinks: 12, minSites: 6 }\n");
            File.WriteAllText(Path.Combine(folder.FullName, "b-later.yaml"), "kind: detector-settings\nlinkFarm: { minSites: 7 }\nscripts: { genuineOwners: [example-cdn.com] }\n"
                + "hiddenLinks: { institutionSuffixes: [gov, gouv.fr] }\nstaticVisibility: { aboveThePagePixels: 120 }\n");
            var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [RepoPath("rules"), folder.FullName] });
            Assert.Equal(12, rules.Detectors.Get(LinkFarmSettings.MinLinks));
            Assert.Equal(7, rules.Detectors.Get(LinkFarmSettings.MinSites)); // the later file wins
            Assert.Equal(["example-cdn.com"], rules.Detectors.Get(ScriptSettings.GenuineOwners)); // a list is replaced, not extended
            Assert.Equal(["gouv.fr", "gov"], rules.Detectors.Get(HiddenLinkSettings.InstitutionSuffixes).Order()); // a top-level label alone is a suffix
            Assert.Equal(120, rules.Detectors.Get(StaticVisibilitySettings.AboveThePagePixels));
            Assert.Equal(8, rules.Detectors.Get(HiddenLinkSettings.ManySites)); // untouched: the shipped value
            Assert.NotNull(rules.Detectors.Doorway); // the shipped doorway section stays: the user's files do not set one
        }
        finally { folder.Delete(recursive: true); }
    }

    private static string RepoPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("no Scanner.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>YAML as JSON, plain scalars typed as YAML 1.2's core schema types them (true, 4, 0.5).</summary>
    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when long.TryParse(p.Value, out var n) => JsonValue.Create(n),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            YamlScalarNode p => JsonValue.Create(p.Value),
            _ => throw new NotSupportedException(node.GetType().Name),
        };
    }
}
