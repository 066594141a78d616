using System.Text;
using Scanner.Core.Reports;

namespace Scanner.Engine.Reports;

/// <summary>
/// The whole-run report formats and where they go. A file is written beside its destination and renamed into place,
/// so a killed scan never leaves a half-written report over a good earlier one. On standard output, the console
/// report is coloured on a terminal and the machine formats are made terminal-safe there (page text must not drive
/// the terminal); files and pipes get them unchanged.
/// </summary>
public static class ReportFormats
{
    /// <summary>Writes the report to <paramref name="path"/>, atomically.</summary>
    public static Action<ScanReport> ToFile(string format, string path) => report =>
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            Write(report, format, writer, colour: false);
        });

    public static Action<ScanReport> ToStandardOutput(string format, TextWriter standardOutput) => report =>
    {
        if (format == "console") Write(report, format, standardOutput, ConsoleReportWriter.ShouldColour(standardOutput));
        else Write(report, format, IsTerminal(standardOutput) ? new TerminalSafeWriter(standardOutput) : standardOutput, colour: false);
    };

    /// <summary>Standard output that a person reads on a terminal (page text in a report must not drive it).</summary>
    private static bool IsTerminal(TextWriter output) => output == Console.Out && !Console.IsOutputRedirected;

    public static void Write(ScanReport report, string format, TextWriter writer, bool colour)
    {
        switch (format)
        {
            case "json":
                using (var buffer = new MemoryStream())
                {
                    JsonReportWriter.Write(report, buffer);
                    writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                }
                break;
            case "sarif":
                using (var buffer = new MemoryStream())
                {
                    SarifReportWriter.Write(report, buffer);
                    writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                }
                break;
            case "junit":
                using (var buffer = new MemoryStream())
                {
                    JUnitReportWriter.Write(report, buffer);
                    writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                }
                break;
            case "markdown":
                MarkdownReportWriter.Write(report, writer);
                break;
            case "html":
                HtmlReportWriter.Write(report, writer);
                break;
            case "console":
                new ConsoleReportWriter(writer, colour).Write(report);
                break;
            default:
                throw new InvalidOperationException($"no writer for format '{format}'");
        }
        writer.Flush();
    }

    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = File.Create(temporary)) write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
