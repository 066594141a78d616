using System.Text.RegularExpressions;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Rules;

/// <summary>
/// The one rule catalogue (src/Scanner.Core/Analyzers/RuleCatalogue.cs): every descriptor unique and complete, every
/// rule the code can report described in it, and the documentation's rule tables equal to what it prints.
/// </summary>
public sealed partial class RuleCatalogueTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });

    private static readonly IReadOnlyList<RuleDescriptor> All = RuleCatalogue.For(Shipped);

    [Fact]
    public void Every_descriptor_is_unique_and_complete()
    {
        Assert.Equal(All.Count, All.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(RuleCatalogue.Documented.Count, RuleCatalogue.Documented.Select(r => r.Id).Distinct().Count());
        Assert.All(RuleCatalogue.Documented.Concat(All), rule =>
        {
            Assert.Matches(RuleIdShape(), rule.Id);
            foreach (var (field, value) in new[] { ("title", rule.Title), ("category", rule.Category), ("help", rule.Help),
                         ("severity rule", rule.SeverityRule), ("documentation anchor", rule.DocAnchor) })
                Assert.False(string.IsNullOrWhiteSpace(value), $"{rule.Id} has no {field}");
            Assert.NotNull(rule.Producer);
            Assert.NotEmpty(rule.Severities);
            Assert.Contains(rule.DefaultSeverity, rule.Severities);
            Assert.Equal(rule.Severities.Distinct().Order(), rule.Severities);
            // A rule says how it decides, in words that name every severity it can report (a rule that reports the
            // matched terms' severity names the term-independent ones).
            var named = rule.UsesTermSeverities ? rule.Severities.Where(s => s >= Severity.High) : rule.Severities;
            Assert.All(named, s => Assert.True(rule.SeverityRule.Contains(s.ToWord(), StringComparison.Ordinal),
                $"{rule.Id}: '{rule.SeverityRule}' does not say when it is {s.ToWord()}"));
        });
    }

    [Fact]
    public void Every_descriptor_names_a_source_file_and_a_documentation_anchor_that_exist()
    {
        Assert.All(RuleCatalogue.Documented, rule =>
        {
            Assert.True(File.Exists(Repo(rule.ProducerSource!)), $"{rule.Id}: {rule.ProducerSource} does not exist");
            var (file, anchor) = (rule.DocAnchor.Split('#')[0], rule.DocAnchor.Split('#')[1]);
            Assert.True(File.Exists(Repo(file)), $"{rule.Id}: {file} does not exist");
            Assert.True(AnchorsOf(File.ReadAllText(Repo(file))).Contains(anchor), $"{rule.Id}: {file} has no heading or <a id> '{anchor}'");
        });
    }

    /// <summary>A rule id written as a constant in the code that reports it and missing from the catalogue fails here.</summary>
    [Fact]
    public void Every_rule_id_in_the_analyzers_code_is_in_the_catalogue()
    {
        var ids = All.Select(r => r.Id).ToHashSet();
        var declared = Directory.EnumerateFiles(Repo("src/Scanner.Core/Analyzers"), "*.cs")
            .SelectMany(f => RuleIdConstant().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Id: m.Groups["id"].Value)))
            .ToList();
        Assert.True(declared.Count >= 30, $"only {declared.Count} rule id constants found: has the code's shape changed?");
        Assert.All(declared, d => Assert.True(ids.Contains(d.Id), $"{d.File} declares rule {d.Id}, which the catalogue does not describe"));
    }

    [Fact]
    public void Every_producer_describes_its_rules_with_the_catalogue_entries()
    {
        var described = PageAnalysis.DefaultAnalyzers.SelectMany(a => a.DescribeRules(Shipped))
            .Concat(CloakingAnalyzer.Descriptors).Concat(LinkCheckRules.Descriptors).Concat(TamperRules.Descriptors).ToList();
        Assert.Equal(All.Select(r => r.Id).Order(StringComparer.Ordinal), described.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(described.Where(r => !r.UsesTermSeverities), r => Assert.Same(RuleCatalogue.Find(r.Id), r));
        Assert.All(new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).DescribeRules(),
            r => Assert.Equal(All.Single(c => c.Id == r.Id).Severities, r.Severities));
    }

    [Fact]
    public void A_rule_that_reports_the_terms_severity_can_report_every_severity_a_loaded_term_has()
    {
        var pack = new KeywordPack { Id = "mild", Category = "mild", Severity = Severity.Low, SourceFile = "mild.yaml", Terms = [new("温和词", Severity.Info)] };
        var withMild = new RuleSet([.. Shipped.Packs, pack], Shipped.LinkPolicy) { Detectors = Shipped.Detectors };
        var catalogue = RuleCatalogue.For(withMild);
        Assert.Contains(Severity.Info, catalogue.Single(r => r.Id == "keyword.mild").Severities);
        Assert.Contains(Severity.Low, catalogue.Single(r => r.Id == "link.spam-anchor").Severities);
        Assert.Contains(Severity.Info, catalogue.Single(r => r.Id == "meta.spam").Severities);
        Assert.DoesNotContain(Severity.Info, catalogue.Single(r => r.Id == "title.rewritten").Severities);
    }

    [Fact]
    public void Policy_applies_over_the_whole_catalogue()
    {
        var policy = new RulePolicy
        {
            DisabledRules = ["link.*", "cloaking.status"],
            SeverityOverrides = new Dictionary<string, Severity> { ["title.rewritten"] = Severity.High, ["cloaking.*"] = Severity.Low },
        };
        var applied = policy.Apply(All);
        Assert.DoesNotContain(applied, r => r.Id.StartsWith("link.", StringComparison.Ordinal) || r.Id == "cloaking.status");
        Assert.Contains(applied, r => r.Id == "keyword.porn");
        var title = applied.Single(r => r.Id == "title.rewritten");
        Assert.Equal([Severity.High], title.Severities);
        Assert.Equal(Severity.High, title.DefaultSeverity);
        Assert.All(applied.Where(r => r.Id.StartsWith("cloaking.", StringComparison.Ordinal)), r => Assert.Equal([Severity.Low], r.Severities));
        Assert.Equal(All.Count - 3 - 1 - 3, applied.Count); // link.denied-domain/spam-anchor/suspicious-tld, cloaking.status, link.broken/unverified/target-spam
    }

    [Fact]
    public void Sarif_rules_carry_the_catalogue()
    {
        var report = Scanner.Core.Tests.Reports.ReportSamples.Report([]) with { Rules = All };
        using var stream = new MemoryStream();
        SarifReportWriter.Write(report, stream);
        using var sarif = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(All.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
        var title = rules.Single(r => r.GetProperty("id").GetString() == "title.rewritten").GetProperty("properties");
        Assert.Equal(["low", "critical"], title.GetProperty("severities").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("low", title.GetProperty("severity").GetString());
        Assert.Equal(SarifReportWriter.SecuritySeverityOf(Severity.Critical), title.GetProperty("security-severity").GetString());
        Assert.Equal("src/Scanner.Core/Analyzers/TitleHijackAnalyzer.cs", title.GetProperty("source").GetString());
    }

    [Fact]
    public void The_readme_rule_table_is_the_catalogue() =>
        AssertRegion("README.md", RuleListWriter.ReadmeTable(RuleCatalogue.Documented));

    [Fact]
    public void The_rules_readme_severity_table_is_the_catalogue() =>
        AssertRegion("rules/README.md", RuleListWriter.SeverityTable(RuleCatalogue.Documented));

    private const string Begin = "<!-- rule-catalogue:begin -->\n";
    private const string End = "<!-- rule-catalogue:end -->";

    /// <summary>The table between the markers must be what the catalogue prints; UPDATE_RULE_TABLES=1 rewrites it.</summary>
    private static void AssertRegion(string file, string table)
    {
        var path = Repo(file);
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{file} has no {Begin.Trim()} … {End} region for the rule table");
        var current = text[(start + Begin.Length)..end];
        if (current == table) return;
        if (Environment.GetEnvironmentVariable("UPDATE_RULE_TABLES") == "1")
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + table + text[end..]);
            return;
        }
        Assert.Fail($"The rule table in {file} and the catalogue (src/Scanner.Core/Analyzers/RuleCatalogue.cs) disagree. "
                    + "Rewrite it with: UPDATE_RULE_TABLES=1 dotnet test tests/Scanner.Core.Tests --filter RuleCatalogueTests\n"
                    + $"expected:\n{table}\nfound:\n{current}");
    }

    /// <summary>GitHub's anchors: every heading's slug and every explicit <c>&lt;a id&gt;</c>.</summary>
    private static HashSet<string> AnchorsOf(string markdown)
    {
        var anchors = ExplicitAnchor().Matches(markdown).Select(m => m.Groups["id"].Value).ToHashSet();
        foreach (Match heading in Heading().Matches(markdown))
            anchors.Add(SlugPunctuation().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'));
        return anchors;
    }

    private static string Repo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scanner.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("Cannot find the repository root (Scanner.sln) above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[a-z]+\.[a-z0-9{}-]+$")]
    private static partial Regex RuleIdShape();

    [GeneratedRegex(@"const string \w*(?:Rule|RuleId)\w* = ""(?<id>[a-z]+\.[a-z0-9-]+)""")]
    private static partial Regex RuleIdConstant();

    [GeneratedRegex(@"<a id=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd} _-]")]
    private static partial Regex SlugPunctuation();
}
