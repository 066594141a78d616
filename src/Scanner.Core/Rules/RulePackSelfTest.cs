namespace Scanner.Core.Rules;

/// <summary>One of a pack's own test cases that did not hold.</summary>
public sealed record RulePackTestFailure(KeywordPack Pack, string Text, bool ExpectedMatch, IReadOnlyList<string> Matched)
{
    public override string ToString() => ExpectedMatch
        ? $"{Pack.SourceFile}: pack '{Pack.Id}' should match \"{Text}\" but did not"
        : $"{Pack.SourceFile}: pack '{Pack.Id}' should not match \"{Text}\" but matched {string.Join(", ", Matched.Select(m => $"\"{m}\""))}";
}

/// <summary>Runs every pack's must-match and must-not-match cases against the whole rule set, as a scan would.</summary>
public static class RulePackSelfTest
{
    public static (int Cases, IReadOnlyList<RulePackTestFailure> Failures) Run(RuleSet rules)
    {
        var failures = new List<RulePackTestFailure>();
        var cases = 0;
        foreach (var pack in rules.Packs)
        {
            foreach (var (text, expected) in pack.MustMatch.Select(t => (t, true)).Concat(pack.MustNotMatch.Select(t => (t, false))))
            {
                cases++;
                var matched = rules.FindKeywords(text).Where(h => h.Hit.Pack == pack).Select(h => h.Match.Evidence(text)).ToList();
                if (matched.Count > 0 != expected) failures.Add(new RulePackTestFailure(pack, text, expected, matched));
            }
        }
        return (cases, failures);
    }
}
