using System.CommandLine;
using Scanner.Core.Reports;
using Scanner.Engine.Reports;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Cli.Commands;

/// <summary>`scanner rules test` runs every pack's own test cases; `scanner rules list` shows every rule;
/// `scanner rules import` turns a plain word list into a keyword pack.</summary>
public static class RulesCommand
{
    private static readonly Option<string[]> RulePaths = new("--rules") { Description = "Extra rule files or folders (YAML)" };
    private static readonly Option<bool> NoDefaultRules = new("--no-default-rules") { Description = "Skip the packs shipped with the scanner" };

    private static readonly Option<string> ListFormat = new("--format", "-f")
    {
        Description = $"How to print the rules: {string.Join(", ", RuleListWriter.Formats)}",
        DefaultValueFactory = _ => "text",
    };

    private static readonly Argument<string> WordListFile = new("list") { Description = "A plain word list: one term per line, # comments, UTF-8" };
    private static readonly Option<string> PackId = new("--id")
    {
        Description = "The pack id (lower-case letters, digits, dashes); its findings have the rule id keyword.ID",
        Required = true,
    };
    private static readonly Option<string?> PackCategory = new("--category") { Description = "The findings' category (default: the id)" };
    private static readonly Option<string> PackSeverity = new("--severity")
    {
        Description = $"The findings' severity: {string.Join(", ", SeverityNames.AllWords)}",
        DefaultValueFactory = _ => "high",
    };
    private static readonly Option<string?> PackOutput = new("--output", "-o") { Description = "The YAML pack to write (default: standard output)" };
    private static readonly Option<string[]> CleanPages = new("--clean-pages")
    {
        Description = "A folder of the site's own clean pages (*.html, *.htm): terms that occur in them are left out and listed",
    };

    public static Command Create()
    {
        var rules = new Command("rules", "Inspect and test rule packs");
        var test = new Command("test", "Run every rule pack's must-match and must-not-match cases; exit 1 if one fails");
        var list = new Command("list", "List every rule a scan can report (with --profiles and --check-links too): id, severities, category, title");
        list.Options.Add(ListFormat);
        ListFormat.AcceptOnlyFromAmong(RuleListWriter.Formats);
        foreach (var command in new[] { test, list })
        {
            command.Options.Add(RulePaths);
            command.Options.Add(NoDefaultRules);
        }
        test.SetAction(parse => WithRules(parse, Test));
        list.SetAction(parse => WithRules(parse, rules => List(rules, parse.GetValue(ListFormat) ?? "text")));
        var import = new Command("import", "Turn a plain word list into a keyword rule pack of a chosen category and severity (load it with --rules)");
        import.Arguments.Add(WordListFile);
        foreach (var option in new Option[] { PackId, PackCategory, PackSeverity, PackOutput, CleanPages }) import.Options.Add(option);
        import.SetAction(parse => Import(parse.GetValue(WordListFile)!, parse.GetValue(PackId)!, parse.GetValue(PackCategory),
            parse.GetValue(PackSeverity)!, parse.GetValue(PackOutput), parse.GetValue(CleanPages) ?? [], Console.Out, Console.Error));
        rules.Subcommands.Add(test);
        rules.Subcommands.Add(list);
        rules.Subcommands.Add(import);
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
            Console.Error.WriteLine($"error: {e.ForPeople}");
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

    /// <summary>Every rule of the catalogue that these rules can report, whatever the scan's options.</summary>
    private static int List(RuleSet rules, string format)
    {
        var catalogue = RuleCatalogue.For(rules);
        switch (format)
        {
            case "json":
                using (var stdout = Console.OpenStandardOutput()) RuleListWriter.WriteJson(catalogue, stdout);
                Console.WriteLine();
                break;
            case "markdown":
                Console.Write(RuleListWriter.MarkdownTable(catalogue));
                break;
            default:
                RuleListWriter.WriteText(catalogue, Console.Out);
                break;
        }
        return ExitCodes.Passed;
    }

    /// <summary>Writes the pack (atomically, when to a file) and says on standard error what was kept and what was
    /// left out. The written file is read back with the rule parser before it replaces anything.</summary>
    internal static int Import(string list, string id, string? category, string severityWord, string? output, string[] cleanFolders,
        TextWriter stdout, TextWriter stderr)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]*$"))
            return Fail(stderr, $"--id '{id}' must be lower-case letters, digits and dashes");
        if (!SeverityNames.TryParse(severityWord, out var severity))
            return Fail(stderr, $"--severity '{severityWord}' is not one of: {string.Join(", ", SeverityNames.AllWords)}");
        if (!File.Exists(list)) return Fail(stderr, $"{list}: word list not found");
        if (cleanFolders.FirstOrDefault(f => !Directory.Exists(f)) is { } missing) return Fail(stderr, $"{missing}: folder of clean pages not found");

        WordListImport import;
        string[] cleanPages;
        var yaml = new StringWriter();
        try
        {
            cleanPages = cleanFolders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories))
                .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToArray();
            if (cleanFolders.Length > 0 && cleanPages.Length == 0) return Fail(stderr, $"{string.Join(", ", cleanFolders)}: no .html pages");
            import = WordListImport.FromFile(list, id, category ?? id, severity);
            if (cleanPages.Length > 0) import = import.WithoutTermsFoundIn(cleanPages);
            if (import.Pack.Terms.Count == 0) return Fail(stderr, $"{list}: no term left (of two characters or more, not in the clean pages)");
            KeywordPackWriter.Write(import.Pack, yaml, HeaderOf(import, list, cleanPages.Length));
            RuleFileParser.Parse(yaml.ToString(), output ?? "(standard output)"); // the pack must load before it is written
        }
        catch (Exception e) when (e is RuleFileException or IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, e.Message);
        }
        if (output is null) stdout.Write(yaml.ToString());
        else
        {
            try
            {
                ReportFormats.WriteAtomically(output, stream =>
                {
                    using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
                    writer.Write(yaml.ToString());
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"{output}: {e.Message}");
            }
        }

        Summarize(import, output ?? "pack", cleanPages.Length, stderr);
        return ExitCodes.Passed;
    }

    /// <summary>The comment block at the top of an imported pack: where it came from and what was left out.</summary>
    private static IEnumerable<string> HeaderOf(WordListImport import, string list, int cleanPages)
    {
        yield return $"Imported by `scanner rules import` from {Path.GetFileName(list)} on {DateTime.UtcNow:yyyy-MM-dd}.";
        yield return $"{import.Entries} entries: {import.Pack.Terms.Count} terms kept, {import.Duplicates} duplicates after folding,";
        yield return $"{import.SingleCharacters.Count} single-character terms left out (add them by hand, with context).";
        if (cleanPages == 0) yield break;
        yield return $"{import.FoundOnCleanPages.Count} terms left out because they occur in {cleanPages} clean pages:";
        foreach (var line in import.FoundOnCleanPages.Chunk(8))
            yield return "  " + string.Join(", ", line.Select(f => $"{f.Term} ({f.Pages})"));
    }

    /// <summary>What was kept and what was left out, on standard error (the pack may be on standard output).</summary>
    private static void Summarize(WordListImport import, string written, int cleanPages, TextWriter stderr)
    {
        stderr.WriteLine($"{written}: {import.Pack.Terms.Count} terms as {import.Pack.RuleId} " +
                         $"(category {import.Pack.Category}, severity {import.Pack.Severity.ToWord()}) from {import.Entries} entries; " +
                         $"{import.Duplicates} duplicates after folding");
        if (import.SingleCharacters.Count > 0)
            stderr.WriteLine($"left out {import.SingleCharacters.Count} single-character terms (alone they sit inside ordinary words): " +
                             string.Join(" ", import.SingleCharacters.Take(20)) + (import.SingleCharacters.Count > 20 ? " …" : ""));
        if (cleanPages > 0)
            stderr.WriteLine($"left out {import.FoundOnCleanPages.Count} terms that occur in {cleanPages} clean pages (pages): " +
                             string.Join(", ", import.FoundOnCleanPages.Take(20).Select(f => $"{f.Term} ({f.Pages})")) +
                             (import.FoundOnCleanPages.Count > 20 ? " …" : ""));
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return ExitCodes.CannotRun;
    }
}
