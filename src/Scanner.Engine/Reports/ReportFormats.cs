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
    /// <summary>
    /// Writes the report to <paramref name="path"/>, atomically. A JSON report keeps the run's screenshots in a folder
    /// beside it (<see cref="ScreenshotFolder"/>) and names each finding's image there.
    /// </summary>
    public static Action<ScanReport> ToFile(string format, string path, ReportPresentation? presentation = null) => report =>
    {
        var screenshots = format == "json" ? CopyScreenshots(report, path) : null;
        WriteAtomically(path, stream =>
        {
            if (format == "json") JsonReportWriter.Write(report, stream, screenshots);
            else
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                Write(report, format, writer, colour: false, presentation);
            }
        });
    };

    public static Action<ScanReport> ToStandardOutput(string format, TextWriter standardOutput, ReportPresentation? presentation = null) => report =>
    {
        if (format == "console") Write(report, format, standardOutput, ConsoleReportWriter.ShouldColour(standardOutput), presentation);
        else Write(report, format, IsTerminal(standardOutput) ? new TerminalSafeWriter(standardOutput) : standardOutput, colour: false, presentation);
    };

    /// <summary>Where a JSON report at <paramref name="reportPath"/> keeps its screenshots: report.json → report.screenshots/.</summary>
    public static string ScreenshotFolder(string reportPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, Path.GetFileNameWithoutExtension(reportPath) + ".screenshots");

    /// <summary>
    /// The run's screenshots copied beside a JSON report (they live in a temporary folder that goes with the run):
    /// fingerprint → the image's path relative to the report's folder, '/'-separated.
    /// </summary>
    private static Dictionary<string, string>? CopyScreenshots(ScanReport report, string reportPath)
    {
        if (report.Screenshots.Count == 0) return null;
        var folder = ScreenshotFolder(reportPath);
        Directory.CreateDirectory(folder);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fingerprint, shot) in report.Screenshots)
        {
            if (!File.Exists(shot.File)) continue;
            var name = string.Concat(fingerprint.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')) + (shot.MediaType == "image/jpeg" ? ".jpg" : ".png");
            File.Copy(shot.File, Path.Combine(folder, name), overwrite: true);
            paths[fingerprint] = $"{Path.GetFileName(folder)}/{name}";
        }
        return paths;
    }

    /// <summary>Standard output that a person reads on a terminal (page text in a report must not drive it).</summary>
    private static bool IsTerminal(TextWriter output) => output == Console.Out && !Console.IsOutputRedirected;

    public static void Write(ScanReport report, string format, TextWriter writer, bool colour, ReportPresentation? presentation = null)
    {
        var language = (presentation ?? ReportPresentation.Default).Language;
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
                MarkdownReportWriter.Write(report, writer, language);
                break;
            case "html":
                HtmlReportWriter.Write(report, writer, language);
                break;
            case "console":
                new ConsoleReportWriter(writer, colour, presentation).Write(report);
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
