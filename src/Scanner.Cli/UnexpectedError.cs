using Scanner.Engine.Reports;
using Serilog;

namespace Scanner.Cli;

/// <summary>
/// A bug or an unforeseen failure in the scanner itself: one line on standard error and exit 2 (never 1, which CI
/// reads as "the gate tripped"). The stack trace goes to the log: the --log-file always, standard error with -v.
/// </summary>
public static class UnexpectedError
{
    public static int Report(Exception e, TextWriter error, ILogger? log, bool verbose, string? logFile)
    {
        log?.Debug(e, "Unexpected error");
        if (log is null && verbose) error.WriteLine(e);
        var details = verbose ? "" : logFile is not null ? $" (stack trace in {logFile})" : " (run again with -v for the stack trace)";
        error.WriteLine($"error: unexpected internal error: {OneLine(e)}{details}");
        return ExitCodes.CannotRun;
    }

    /// <summary>The exception's type and message on one line, safe for a terminal (a message may quote a page).</summary>
    public static string OneLine(Exception e)
    {
        var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return TerminalText.Escape($"{e.GetType().Name}: {message}");
    }
}
