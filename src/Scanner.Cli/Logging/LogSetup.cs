using Serilog;
using Serilog.Events;
using Serilog.Core;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Scanner.Cli.Logging;

/// <summary>Progress for people on standard error; structured JSON events in --log-file for machines.</summary>
public static class LogSetup
{
    /// <summary>
    /// An event with this property is already on standard error in the words of an `error:` line: the console sink
    /// leaves it out (each error is printed once), the --log-file keeps it.
    /// </summary>
    public const string AlreadyOnConsole = "AlreadyOnConsole";

    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

    /// <param name="console">Where the people's lines go instead of standard error (a test reads them there).</param>
    public static ILogger Create(LogEventLevel consoleLevel, string? logFile, TextWriter? console = null)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Debug()
            // A sub-logger gets its own copy of each event, so escaping for the terminal leaves the file's values alone.
            .WriteTo.Logger(people =>
            {
                people.Filter.ByExcluding(e => e.Properties.ContainsKey(AlreadyOnConsole));
                people.Enrich.With(new TerminalSafeEnricher());
                if (console is null)
                    people.WriteTo.Console(restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: ConsoleTemplate);
                else
                    people.WriteTo.Sink(new TextWriterSink(console, new MessageTemplateTextFormatter(ConsoleTemplate)), consoleLevel);
            });
        if (logFile is not null)
            config = config.WriteTo.File(new CompactJsonFormatter(), logFile, restrictedToMinimumLevel: LogEventLevel.Debug);
        return config.CreateLogger();
    }
}

/// <summary>The console's lines into any writer.</summary>
internal sealed class TextWriterSink(TextWriter output, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock) formatter.Format(logEvent, output);
    }
}
