using System.CommandLine;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Cli.Commands;

/// <summary>`scanner rules test` runs every pack's own test cases; `scanner rules list` shows every rule.</summary>
public static class RulesCommand
{
    private static readonly Option<string[]> RulePaths = new("--rules") { Description = "Extra rule files or folders (YAML)" };
    private static readonly Option<bool> NoDefaultRules = new("--no-default-rules") { Description = "Skip the packs shipped with the scanner" };

    public static Command Create()
    {
        var rules = new Command("rules", "Inspect and test rule packs");
        var test = new Command("test", "Run every rule pack's must-match and must-not-match cases; exit 1 if one fails");
        var list = new Command("list", "List every rule with its id, severity and title");
        foreach (var command in new[] { test, list })
        {
            command.Options.Add(RulePaths);
            command.Options.Add(NoDefaultRules);
        }
        test.SetAction(parse => WithRules(parse, Test));
        list.SetAction(parse => WithRules(parse, List));
        rules.Subcommands.Add(test);
        rules.Subcommands.Add(list);
        return rules;
    }

    private static int WithRules(ParseResult parse, Func<RuleSet, int> action)
    {
        var paths = parse.GetValue(NoDefaultRules) ? [] : new List<string> { RuleSetLoader.DefaultRulesDirectory };
        paths.AddRange(parse.GetValue(RulePaths) ?? []);
        try
        {
            return action(RuleSetLoader.Load(new RuleSources { RulePaths = paths }));
        }
        catch (RuleFileException e)
        {
            Console.Error.WriteLine($"error: invalid rule file {e.Message}");
            return ExitCodes.CannotRun;
        }
    }

    private static int Test(RuleSet rules)
    {
        var (cases, failures) = RulePackSelfTest.Run(rules);
        foreach (var failure in failures) Console.WriteLine($"FAIL  {failure}");
        Console.WriteLine($"{rules.Packs.Count} pack(s), {cases} case(s), {failures.Count} failure(s)");
        return failures.Count == 0 ? ExitCodes.Passed : ExitCodes.GateTripped;
    }

    private static int List(RuleSet rules)
    {
        var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, rules);
        foreach (var rule in analysis.DescribeRules())
            Console.WriteLine($"{rule.Id,-24} {rule.DefaultSeverity.ToWord(),-8} {rule.Category,-10} {rule.Title}");
        return ExitCodes.Passed;
    }
}
