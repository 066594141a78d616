namespace Scanner.Core.Rules;

/// <summary>
/// The weights and thresholds of the page-level detectors, read from a <c>kind: detector-settings</c> file in rules/
/// (rules/detectors.yaml), never from C# constants. A later file replaces the sections it sets.
/// </summary>
public sealed record DetectorSettings
{
    /// <summary>No settings loaded: the detectors that need them do not run.</summary>
    public static DetectorSettings None { get; } = new();

    public DoorwaySettings? Doorway { get; init; }

    public DetectorSettings Merge(DetectorSettings later) => new() { Doorway = later.Doorway ?? Doorway };
}

/// <summary>
/// The doorway-page verdict (<c>page.doorway</c>): each signal is a value from 0 to 1, the score is the sum of value ×
/// weight, and the severity is the highest threshold the score reaches.
/// </summary>
public sealed record DoorwaySettings
{
    /// <summary>Signal name → weight. Names: <see cref="SignalNames"/>.</summary>
    public required IReadOnlyDictionary<string, double> Weights { get; init; }
    /// <summary>Distinct spam terms in the title that make the title signal 1.</summary>
    public required double TitleTermsForFull { get; init; }
    /// <summary>Distinct spam terms on the page that make the diversity signal 1.</summary>
    public required double DistinctTermsForFull { get; init; }
    /// <summary>Spam categories on the page that make the categories signal 1.</summary>
    public required double CategoriesForFull { get; init; }
    /// <summary>Below this many distinct spam terms on the whole page there is no verdict.</summary>
    public required int MinimumDistinctTerms { get; init; }
    public required double MediumScore { get; init; }
    public required double HighScore { get; init; }
    public required double CriticalScore { get; init; }
    public required string SourceFile { get; init; }
    /// <summary>
    /// Words of enforcement and warning (警方, 打击, 法院, 提醒…): the score is multiplied by 1 − share × weight, where share
    /// is the part of the spam-bearing blocks that hold one. Crackdown news names the games; doorway pages sell them.
    /// </summary>
    public IReadOnlyList<string> EnforcementWords { get; init; } = [];
    public double EnforcementWeight { get; init; }

    public static readonly string[] SignalNames = ["title", "headings", "body", "diversity", "categories", "anchors", "url", "contact"];

    public double WeightOf(string signal) => Weights.TryGetValue(signal, out var w) ? w : 0;
}
