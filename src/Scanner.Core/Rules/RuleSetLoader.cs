using Scanner.Core.Model;

namespace Scanner.Core.Rules;

/// <summary>Where rules come from for one run.</summary>
public sealed record RuleSources
{
    /// <summary>Rule files or folders of them (*.yaml, *.yml).</summary>
    public IReadOnlyList<string> RulePaths { get; init; } = [];
    /// <summary>Plain word lists; each becomes a pack of category 'custom' and severity 'high'.</summary>
    public IReadOnlyList<string> KeywordLists { get; init; } = [];
}

public static class RuleSetLoader
{
    /// <summary>The folder of default packs shipped beside the executable.</summary>
    public static string DefaultRulesDirectory => Path.Combine(AppContext.BaseDirectory, "rules");

    public static RuleSet Load(RuleSources sources)
    {
        var packs = new List<KeywordPack>();
        var policy = LinkPolicy.Empty;
        var detectors = DetectorSettings.None;
        var realWords = new List<string>();
        foreach (var file in sources.RulePaths.SelectMany(ExpandRuleFiles))
        {
            var parsed = RuleFileParser.ParseFile(file);
            if (parsed.Pack is { } pack)
            {
                var clash = packs.FirstOrDefault(p => p.Id == pack.Id);
                if (clash is not null)
                    throw new RuleFileException(file, 1, 1, $"pack id '{pack.Id}' is already used by {clash.SourceFile}");
                packs.Add(pack);
            }
            if (parsed.LinkPolicy is { } linkPolicy) policy = policy.Merge(linkPolicy);
            if (parsed.Detectors is { } settings) detectors = detectors.Merge(settings);
            if (parsed.RealWords is { } words) realWords.AddRange(words);
        }
        var notes = new List<string>();
        foreach (var list in sources.KeywordLists)
        {
            if (!File.Exists(list)) throw new RuleFileException(list, 0, 0, "keyword list not found");
            var import = WordListImport.FromFile(list, "custom", "custom", Severity.High);
            var single = import.SingleCharacters.Count;
            // An empty list is refused as `rules import` refuses it: a scan with it would check nothing and pass.
            if (import.Pack.Terms.Count == 0)
                throw new RuleFileException(list, 0, 0, single > 0
                    ? $"keyword list has no term of two characters or more ({single} single-character term(s) left out: alone they sit inside ordinary words)"
                    : "keyword list has no terms (one term per line, # comments)");
            if (single > 0)
                notes.Add($"{list}: left out {single} single-character term(s) (alone they sit inside ordinary words; add them to a rule pack with context): " +
                          string.Join(" ", import.SingleCharacters.Take(20)) + (single > 20 ? " …" : ""));
            var pack = import.Pack;
            var existing = packs.FindIndex(p => p.Id == "custom");
            if (existing >= 0) pack = packs[existing] with { Terms = packs[existing].Terms.Concat(pack.Terms).ToArray() };
            if (existing >= 0) packs[existing] = pack; else packs.Add(pack);
        }
        return new RuleSet(packs, policy, realWords) { Detectors = detectors, Notes = notes };
    }

    private static IEnumerable<string> ExpandRuleFiles(string path)
    {
        if (File.Exists(path)) return [Path.GetFullPath(path)];
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
        throw new RuleFileException(path, 0, 0, "no such rule file or folder");
    }
}
