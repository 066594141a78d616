using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Scanner.Cli.CommandLine;

/// <summary>
/// System.CommandLine's parse errors worded for people ("expected a whole number", not "System.Int32"), each once, and
/// the one problem it does not see: an unknown option that a command's arguments swallowed (`scan --frobnicate` would
/// otherwise be a target named "--frobnicate").
/// </summary>
public static partial class UsageErrors
{
    /// <summary>One line per problem, each naming its option: `--max-depth: expected a whole number, got 'abc'`.</summary>
    public static IReadOnlyList<string> Of(ParseResult parse)
    {
        var lines = new List<string>();
        foreach (var value in OptionsTakenAsArguments(parse)) lines.Add(UnknownOption(value));
        foreach (var error in parse.Errors)
        {
            var (option, problem) = Describe(error);
            lines.Add(option is null ? problem : $"{option}: {problem}");
        }
        return lines.Distinct().ToList();
    }

    /// <summary>The option an error is about (null for the command's own) and the problem, without the option's name.</summary>
    public static (string? Option, string Problem) Describe(ParseError error)
    {
        var option = OptionOf(error.SymbolResult)?.Name;
        var message = error.Message;
        if (CannotParse().Match(message) is { Success: true } cannot)
            return (cannot.Groups["option"].Value, $"expected {PeopleWordsFor(cannot.Groups["type"].Value)}, got '{cannot.Groups["value"].Value}'");
        if (Unrecognized().Match(message) is { Success: true } unrecognized)
        {
            var token = unrecognized.Groups["token"].Value;
            return (null, token.StartsWith('-') && token.Length > 1 ? UnknownOption(token) : $"unexpected argument '{token}'");
        }
        if (RequiredValue().Match(message) is { Success: true } required)
            return (required.Groups["option"].Value, "needs a value");
        if (NotAmong().Match(message) is { Success: true } notAmong)
        {
            var allowed = Regex.Matches(message[notAmong.Length..], "'([^']*)'").Select(m => m.Groups[1].Value);
            return (option, $"'{notAmong.Groups["value"].Value}' is not one of: {string.Join(", ", allowed)}");
        }
        if (SingleValue().Match(message) is { Success: true } single)
            return (single.Groups["option"].Value, $"given {single.Groups["count"].Value} times; give it once");
        return (option, message);
    }

    /// <summary>"Run 'scanner rules list --help' for usage.": the command the user typed, not always `scan`.</summary>
    public static string HelpHint(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command is RootCommand ? "scanner" : c.Command.Name);
        return $"Run '{string.Join(' ', names)} --help' for usage.";
    }

    public static string UnknownOption(string token) => $"unknown option `{token.Split('=', ':')[0]}`";

    /// <summary>
    /// Values that a command's arguments took but that look like options (`--frobnicate`), before any `--` (after
    /// it, `-name` is a literal argument). A lone "-" is standard input/output, not an option.
    /// </summary>
    private static IEnumerable<string> OptionsTakenAsArguments(ParseResult parse)
    {
        var doubleDash = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        var beforeDoubleDash = new HashSet<Token>(doubleDash < 0 ? parse.Tokens : parse.Tokens.Take(doubleDash), ReferenceEqualityComparer.Instance);
        for (SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
        {
            if (r is not CommandResult command) continue;
            foreach (var argument in command.Children.OfType<ArgumentResult>())
                foreach (var token in argument.Tokens)
                    if (token.Value.Length > 1 && token.Value.StartsWith('-') && beforeDoubleDash.Contains(token) && !double.TryParse(token.Value, out _))
                        yield return token.Value;
        }
    }

    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult o => o.Option,
        ArgumentResult { Parent: OptionResult o } => o.Option,
        _ => null,
    };

    private static string PeopleWordsFor(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
        "System.Double" or "System.Decimal" or "System.Nullable`1[System.Double]" => "a number",
        "System.Boolean" => "true or false",
        _ => "a " + type[(type.LastIndexOf('.') + 1)..].ToLowerInvariant(),
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']*)'\.?$")]
    private static partial Regex RequiredValue();

    [GeneratedRegex(@"^Argument '(?<value>.*?)' not recognized\. Must be one of:")]
    private static partial Regex NotAmong();

    [GeneratedRegex(@"^Option '(?<option>[^']*)' expects a single argument but (?<count>\d+) were provided\.?$")]
    private static partial Regex SingleValue();
}
