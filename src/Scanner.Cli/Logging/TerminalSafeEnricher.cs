using Scanner.Engine.Reports;
using Serilog.Core;
using Serilog.Events;

namespace Scanner.Cli.Logging;

/// <summary>
/// For the console only: string values in log events (URLs, titles, error messages that quote a page) are escaped
/// as the report is (<see cref="TerminalText"/>), so a hostile page cannot drive the terminal through a progress line.
/// The log file keeps the values as they were (JSON escapes them there).
/// </summary>
public sealed class TerminalSafeEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
            if (Escape(value) is { } escaped) logEvent.AddOrUpdateProperty(new LogEventProperty(name, escaped));
    }

    /// <summary>The value with its strings escaped, or null when nothing needed it.</summary>
    private static LogEventPropertyValue? Escape(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when s.Any(TerminalText.IsUnsafe) => new ScalarValue(TerminalText.Escape(s)),
        ScalarValue { Value: Uri u } when u.OriginalString.Any(TerminalText.IsUnsafe) => new ScalarValue(TerminalText.Escape(u.OriginalString)),
        SequenceValue seq when seq.Elements.Any(e => Escape(e) is not null) => new SequenceValue(seq.Elements.Select(e => Escape(e) ?? e)),
        _ => null,
    };
}
