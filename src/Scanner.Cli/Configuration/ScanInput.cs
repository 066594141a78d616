using System.CommandLine;
using System.CommandLine.Parsing;

namespace Scanner.Cli.Configuration;

/// <summary>
/// The value of each scan option: from the command line when it was given there, else from scanner.yml when the file
/// sets its key, else the option's default. A key is the file's or the command line's as a whole: `--screenshots` on
/// the command line outweighs `screenshots: false` in the file. Keys that combine (rules.severity, rules.disabled)
/// take the file's values and then the command line's.
/// </summary>
public sealed class ScanInput(ParseResult commandLine, ScannerConfig? config, ConfigTable table)
{
    public T? Get<T>(Option<T> option) => FromFile(option) ? config!.Values.GetValue(option) : commandLine.GetValue(option);

    public T? Get<T>(Argument<T> argument) => FromFile(argument) ? config!.Values.GetValue(argument) : commandLine.GetValue(argument);

    /// <summary>Whether the option was given on the command line or set in the file (not just its default).</summary>
    public bool IsSet(Option option) => Given(option) || FromFile(option);

    /// <summary>The file's values then the command line's, each with where it came from ("--severity", "scanner.yml:5:5: rules.severity").</summary>
    public IEnumerable<(string Value, string Origin)> Combined(Option<string[]> option)
    {
        var key = table.KeyOf(option);
        if (config is not null && key is not null && config.Keys.Contains(key.Key))
            foreach (var value in config.Values.GetValue(option) ?? [])
                yield return (value, $"{config.OriginOf(key.Key, value) ?? config.SourceFile}: {key.Key}");
        foreach (var value in commandLine.GetValue(option) ?? [])
            yield return (value, option.Name);
    }

    private bool Given(Symbol symbol) => commandLine.GetResult(symbol) switch
    {
        OptionResult option => !option.Implicit,
        ArgumentResult argument => argument.Tokens.Count > 0,
        _ => false,
    };

    private bool FromFile(Symbol symbol) =>
        config is not null && table.KeyOf(symbol) is { } key && config.Keys.Contains(key.Key)
        && !table.EntriesOf(key.Key).Any(e => Given(e.Symbol));
}
