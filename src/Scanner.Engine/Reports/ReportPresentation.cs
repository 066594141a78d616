using Scanner.Core.Model;
using Scanner.Core.Reports.Localization;

namespace Scanner.Engine.Reports;

/// <summary>How the reports people read are presented: their language, and how much of the run the console lists.</summary>
/// <param name="ConsoleMinSeverity">
/// List findings at or above this severity (known ones too); null = the default: only the findings that trip the gate
/// (high and above with --fail-on none), everything else counted on one line.
/// </param>
public sealed record ReportPresentation(ReportLanguage Language, Severity? ConsoleMinSeverity = null)
{
    public static ReportPresentation Default { get; } = new(ReportLanguage.English);
}
