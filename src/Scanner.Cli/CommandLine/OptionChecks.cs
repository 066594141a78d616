using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Scanner.Cli.CommandLine;

/// <summary>
/// Checks of an option's values that System.CommandLine runs while parsing, so the command line and scanner.yml (whose
/// values are parsed by the same options) refuse a bad value alike. Messages leave the option's name out: the
/// caller puts `--max-depth:` or `scanner.yml:4:11: maxDepth:` in front.
/// </summary>
public static class OptionChecks
{
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (int.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && value < minimum)
                    result.AddError($"must be at least {minimum}, got {value}");
        });
        return option;
    }

    public static Option<double> AtLeast(this Option<double> option, double minimum)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (double.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && value < minimum)
                    result.AddError($"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, got {token.Value}");
        });
        return option;
    }

    /// <summary>Only these words, in any case; they are also what the shell completes.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] words)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!words.Contains(token.Value, StringComparer.OrdinalIgnoreCase))
                    result.AddError($"'{token.Value}' is not one of: {string.Join(", ", words)}");
        });
        option.CompletionSources.Add(words);
        return option;
    }

    /// <summary>Each value is checked by <paramref name="check"/>, which throws <see cref="ArgumentException"/> with the problem.</summary>
    public static Option<T> Each<T>(this Option<T> option, Action<string> check)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                try { check(token.Value); }
                catch (ArgumentException e) { result.AddError(e.Message); }
            }
        });
        return option;
    }
}
