using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Scanner.Cli.Logging;

/// <summary>Progress for people on standard error; structured JSON events in --log-file for machines.</summary>
public static class LogSetup
{
    public static ILogger Create(LogEventLevel consoleLevel, string? logFile)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.Console(
                restrictedToMinimumLevel: consoleLevel,
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        if (logFile is not null)
            config = config.WriteTo.File(new CompactJsonFormatter(), logFile, restrictedToMinimumLevel: LogEventLevel.Debug);
        return config.CreateLogger();
    }
}
