namespace Scanner.Core.Rules;

/// <summary>
/// The weights, thresholds and lists of the detectors, read from <c>kind: detector-settings</c> files in rules/
/// (rules/detectors.yaml), never from C# constants. A later file replaces the doorway section and each single setting
/// it sets. A setting no loaded file sets has the value of rules/detectors.yaml as built into this assembly.
/// </summary>
public sealed record DetectorSettings
{
    /// <summary>No file loaded: every setting has its default and the doorway verdict does not run.</summary>
    public static DetectorSettings None { get; } = new();

    public DoorwaySettings? Doorway { get; init; }

    /// <summary>The settings a file set, by <see cref="DetectorSetting.Name"/>.</summary>
    public IReadOnlyDictionary<string, object> Values { get; init; } = new Dictionary<string, object>();

    public DetectorSettings Merge(DetectorSettings later) => new()
    {
        Doorway = later.Doorway ?? Doorway,
        Values = Values.Concat(later.Values).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
    };

    /// <summary>The value of <paramref name="setting"/>: the last loaded file's, or the built-in default.</summary>
    public T Get<T>(DetectorSetting<T> setting) where T : notnull =>
        (T)(Values.TryGetValue(setting.Name, out var value) ? value : BuiltIn.Value.Values[setting.Name]);

    /// <summary>The built-in defaults: rules/detectors.yaml as shipped (embedded), which must set every setting.</summary>
    public static DetectorSettings Defaults => BuiltIn.Value;

    public const string BuiltInName = "rules/detectors.yaml (built in)";

    private static readonly Lazy<DetectorSettings> BuiltIn = new(() =>
    {
        using var stream = typeof(DetectorSettings).Assembly.GetManifestResourceStream("Scanner.Core.Rules.detectors.yaml")
            ?? throw new InvalidOperationException("The built-in rules/detectors.yaml is missing from Scanner.Core.");
        var settings = RuleFileParser.Parse(new StreamReader(stream).ReadToEnd(), BuiltInName).Detectors!;
        var missing = DetectorSettingDeclarations.All.Where(s => !settings.Values.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"The built-in rules/detectors.yaml does not set {string.Join(", ", missing)}.");
        // The doorway verdict stays opt-in: it runs when a loaded rules file has a doorway section, as before.
        return settings with { Doorway = null };
    });
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
