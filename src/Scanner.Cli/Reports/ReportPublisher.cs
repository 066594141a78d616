using System.Text;
using Scanner.Core.Reports;

namespace Scanner.Cli.Reports;

/// <summary>
/// Writes the requested reports. A file is written beside its destination and renamed into place,
/// so a killed scan never leaves a half-written report over a good earlier one.
/// </summary>
public sealed class ReportPublisher(TextWriter standardOutput)
{
    public void Publish(ScanReport report, IReadOnlyList<ReportRequest> requests)
    {
        foreach (var request in requests.Where(r => !r.IsStreamed)) // a stream has been written as the scan ran
        {
            if (request.OutputPath is null && request.Format == "console")
                WriteTo(report, request.Format, standardOutput, ConsoleReportWriter.ShouldColour(standardOutput));
            else if (request.OutputPath is null)
                WriteTo(report, request.Format, IsTerminal(standardOutput) ? new TerminalSafeWriter(standardOutput) : standardOutput, colour: false);
            else
                WriteAtomically(request.OutputPath, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                    WriteTo(report, request.Format, writer, colour: false);
                });
        }
    }

    /// <summary>Standard output that a person reads on a terminal (page text in a report must not drive it).</summary>
    private static bool IsTerminal(TextWriter output) => output == Console.Out && !Console.IsOutputRedirected;

    private static void WriteTo(ScanReport report, string format, TextWriter writer, bool colour)
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
