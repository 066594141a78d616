using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The detector fixtures (fixtures/detectors) through both engines: every rule and severity that one engine reports on a
/// fixture and the other does not is printed, and each must be a known engine difference listed, with its reason, in
/// fixtures/engine-differences.txt. A listed difference that no longer occurs fails too, so the list stays true and short.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EngineDifferenceTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string AllowList = Path.Combine(AppContext.BaseDirectory, "fixtures", "engine-differences.txt");

    /// <summary>One finding kind on one fixture that only <see cref="Engine"/> reports.</summary>
    private sealed record Difference(string Fixture, string Engine, string Finding)
    {
        public override string ToString() => $"{Fixture} {Engine} {Finding}";
    }

    [Fact]
    public async Task Every_difference_between_the_engines_on_the_detector_fixtures_is_a_known_one()
    {
        var browserRun = await DetectorFixtureScans.Browser(browser);
        var staticRun = await DetectorFixtureScans.Static(browser);
        var byBrowser = FindingsByFixture(browserRun);
        var byStatic = FindingsByFixture(staticRun);
        Assert.Equal(Fixtures(browserRun), Fixtures(staticRun));

        var differences = new List<Difference>();
        foreach (var fixture in Fixtures(browserRun))
        {
            var b = byBrowser.GetValueOrDefault(fixture, []);
            var s = byStatic.GetValueOrDefault(fixture, []);
            differences.AddRange(b.Except(s).Order(StringComparer.Ordinal).Select(f => new Difference(fixture, "browser", f)));
            differences.AddRange(s.Except(b).Order(StringComparer.Ordinal).Select(f => new Difference(fixture, "static", f)));
        }
        output.WriteLine($"{differences.Count} difference(s) between the engines (fixture, the engine that reports it, rule:severity):");
        foreach (var d in differences) output.WriteLine("  " + d);

        var known = KnownDifferences();
        var unexplained = differences.Where(d => !known.Contains(d)).ToList();
        var stale = known.Where(k => !differences.Contains(k)).ToList();
        Assert.True(unexplained.Count == 0,
            $"differences not listed in fixtures/engine-differences.txt (fix the engine, or list them with a reason):\n  {string.Join("\n  ", unexplained)}");
        Assert.True(stale.Count == 0, $"listed in fixtures/engine-differences.txt but no longer found (remove them):\n  {string.Join("\n  ", stale)}");
    }

    /// <summary>The allow-list: <c>FIXTURE ENGINE RULE:SEVERITY # reason</c>, one a line; every entry must give its reason.</summary>
    private static HashSet<Difference> KnownDifferences()
    {
        var known = new HashSet<Difference>();
        foreach (var (line, number) in File.ReadAllLines(AllowList).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var hash = line.IndexOf('#');
            Assert.True(hash > 0 && line[(hash + 1)..].Trim().Length > 0, $"engine-differences.txt:{number}: no reason after '#'");
            var parts = line[..hash].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts.Length == 3 && parts[1] is "browser" or "static", $"engine-differences.txt:{number}: expected FIXTURE browser|static RULE:SEVERITY # reason");
            known.Add(new Difference(parts[0], parts[1], parts[2]));
        }
        return known;
    }

    private static string FixtureOf(string url) => Uri.UnescapeDataString(new Uri(url).AbsolutePath.TrimStart('/'));

    private static List<string> Fixtures(ScannerRun run) =>
        run.Pages.Select(p => FixtureOf(p.GetProperty("url").GetString()!)).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, HashSet<string>> FindingsByFixture(ScannerRun run)
    {
        // Findings carry the page's final URL: map it back to the fixture that was asked for.
        var fixtureOf = run.Pages.ToDictionary(p => (p.GetProperty("finalUrl").GetString() ?? p.GetProperty("url").GetString())!,
            p => FixtureOf(p.GetProperty("url").GetString()!));
        return run.Findings
            .GroupBy(f => fixtureOf.GetValueOrDefault(f.GetProperty("url").GetString()!, FixtureOf(f.GetProperty("url").GetString()!)))
            .ToDictionary(g => g.Key, g => g.Select(Kind).ToHashSet(StringComparer.Ordinal));
    }

    private static string Kind(JsonElement finding) => $"{finding.GetProperty("ruleId").GetString()}:{finding.GetProperty("severity").GetString()}";
}
