using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Scanner.Core.Rules;

/// <summary>
/// One setting of a structural detector in a <c>kind: detector-settings</c> file: its place (<c>section.key</c>), what
/// it holds and the range its value must fall in. The values, and the reason for each, are data: rules/detectors.yaml
/// (built into this assembly as the defaults; a user's rules file overrides single settings). The declarations are
/// in <see cref="DetectorSettingDeclarations"/>; rules/detectors.schema.json describes the same for editors.
/// </summary>
public abstract record DetectorSetting(string Section, string Key)
{
    public string Name => $"{Section}.{Key}";

    /// <summary>What a value must be, as error messages say it: "a whole number from 1 to 1000".</summary>
    public abstract string Expected { get; }

    /// <summary>The value written at <paramref name="node"/>; a <see cref="RuleFileException"/> at its line when it is not <see cref="Expected"/>.</summary>
    internal abstract object Read(YamlNode node, string file);

    private protected RuleFileException Wrong(YamlNode node, string file) =>
        RuleFileParser.Error(file, node, $"'{Name}' must be {Expected}, not '{(node as YamlScalarNode)?.Value ?? node.NodeType.ToString().ToLowerInvariant()}'");
}

/// <summary>A setting whose value the detectors read as <typeparamref name="T"/>.</summary>
public abstract record DetectorSetting<T>(string Section, string Key) : DetectorSetting(Section, Key) where T : notnull;

/// <summary>A count (links, sites, characters, terms).</summary>
public sealed record WholeNumberSetting(string Section, string Key, int Min, int Max) : DetectorSetting<int>(Section, Key)
{
    public override string Expected => $"a whole number from {Min} to {Max}";

    internal override object Read(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        && value >= Min && value <= Max ? value : throw Wrong(node, file);
}

/// <summary>A share or a ratio.</summary>
public sealed record NumberSetting(string Section, string Key, double Min, double Max) : DetectorSetting<double>(Section, Key)
{
    public override string Expected => $"a number from {Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)}";

    internal override object Read(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && value >= Min && value <= Max ? value : throw Wrong(node, file);
}

/// <summary>A list of domain names (jquery.com); a name covers its subdomains.</summary>
public sealed record DomainListSetting(string Section, string Key) : DetectorSetting<IReadOnlySet<string>>(Section, Key)
{
    public override string Expected => "a list of domain names";

    internal override object Read(YamlNode node, string file) =>
        node is YamlSequenceNode ? LinkPolicy.Set(RuleFileParser.DomainList(node, Name, file)) : throw Wrong(node, file);
}

/// <summary>
/// A list of domain suffixes (gov.cn, edu.au) that may also be a single top-level label (gov, edu, mil: the suffixes of
/// US public institutions); a name covers its subdomains.
/// </summary>
public sealed record SuffixListSetting(string Section, string Key) : DetectorSetting<IReadOnlySet<string>>(Section, Key)
{
    public override string Expected => "a list of domain suffixes (gov, gov.cn)";

    internal override object Read(YamlNode node, string file) =>
        node is YamlSequenceNode ? LinkPolicy.Set(RuleFileParser.DomainList(node, Name, file, allowSingleLabel: true)) : throw Wrong(node, file);
}

/// <summary>A list of plain strings (library banners).</summary>
public sealed record TextListSetting(string Section, string Key) : DetectorSetting<IReadOnlyList<string>>(Section, Key)
{
    public override string Expected => "a list of non-empty strings";

    internal override object Read(YamlNode node, string file) =>
        node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 })
            ? list.Children.Select(c => ((YamlScalarNode)c).Value!).ToArray()
            : throw Wrong(node, file);
}

/// <summary>
/// Every detector setting, by section. The analyzers read them as <c>rules.Detectors.Get(LinkFarmSettings.MinLinks)</c>;
/// rules/detectors.yaml holds each one's value and why.
/// </summary>
public static class DetectorSettingDeclarations
{
    public static IReadOnlyList<DetectorSetting> All { get; } =
    [
        KeywordSettings.SpamBlockTerms, KeywordSettings.SparseShare, KeywordSettings.SparseMinimumLength, KeywordSettings.ClusterShare,
        HiddenLinkSettings.FarmLinks, HiddenLinkSettings.FarmSites, HiddenLinkSettings.ManySites,
        HiddenLinkSettings.StructureHigh, HiddenLinkSettings.StructureCritical, HiddenLinkSettings.InstitutionSuffixes,
        StaticVisibilitySettings.AboveThePagePixels,
        SubresourceSettings.StyleSheetsPerPage, SubresourceSettings.StyleSheetBytes, SubresourceSettings.PageWaitMilliseconds,
        LinkFarmSettings.MinLinks, LinkFarmSettings.MinSites,
        SignatureSettings.MinKana, SignatureSettings.TitleKana, SignatureSettings.KanaShare, SignatureSettings.MinPinyin,
        SignatureSettings.MinSpamPhrases,
        ServedSourceSettings.ManySites,
        OutsideDocumentSettings.FarmSites,
        CloakingSettings.MinimumAddedText,
        HiddenFrameSettings.TinyPixels,
        WindowFrameSettings.MinWidth, WindowFrameSettings.MinHeight,
        ScriptSettings.GenuineOwners, ScriptSettings.LibraryBanners,
        HomeSiteSettings.MinLinks, HomeSiteSettings.Share,
        AttributeSettings.TinyPixels, AttributeSettings.ManyElements, AttributeSettings.HighSignals, AttributeSettings.CriticalSignals,
    ];

    /// <summary>The section names, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Sections { get; } = All.Select(s => s.Section).Distinct().ToArray();
}

/// <summary><c>keyword.*</c> (KeywordAnalyzer) and <c>meta.spam</c> (TitleHijackAnalyzer).</summary>
public static class KeywordSettings
{
    public static readonly WholeNumberSetting SpamBlockTerms = new("keywords", "spamBlockTerms", 1, 1000);
    public static readonly NumberSetting SparseShare = new("keywords", "sparseShare", 0, 1);
    public static readonly WholeNumberSetting SparseMinimumLength = new("keywords", "sparseMinimumLength", 1, 100_000_000);
    public static readonly NumberSetting ClusterShare = new("keywords", "clusterShare", 0, 1);
}

/// <summary><c>hidden.external-links</c> (HiddenContentAnalyzer).</summary>
public static class HiddenLinkSettings
{
    public static readonly WholeNumberSetting FarmLinks = new("hiddenLinks", "farmLinks", 1, 100_000);
    public static readonly WholeNumberSetting FarmSites = new("hiddenLinks", "farmSites", 1, 100_000);
    public static readonly WholeNumberSetting ManySites = new("hiddenLinks", "manySites", 1, 100_000);
    public static readonly WholeNumberSetting StructureHigh = new("hiddenLinks", "structureHigh", 1, 100);
    public static readonly WholeNumberSetting StructureCritical = new("hiddenLinks", "structureCritical", 1, 100);
    public static readonly SuffixListSetting InstitutionSuffixes = new("hiddenLinks", "institutionSuffixes");
}

/// <summary>What the static engine counts as hidden without a layout (CssVisibility).</summary>
public static class StaticVisibilitySettings
{
    public static readonly WholeNumberSetting AboveThePagePixels = new("staticVisibility", "aboveThePagePixels", 1, 100_000);
}

/// <summary>The static engine's fetch of what decides visibility besides the page (LinkedStyleSheets): stylesheets, their imports, same-site scripts.</summary>
public static class SubresourceSettings
{
    public static readonly WholeNumberSetting StyleSheetsPerPage = new("subresources", "styleSheetsPerPage", 0, 1000);
    public static readonly WholeNumberSetting StyleSheetBytes = new("subresources", "styleSheetBytes", 1024, 64 * 1024 * 1024);
    public static readonly WholeNumberSetting PageWaitMilliseconds = new("subresources", "pageWaitMilliseconds", 0, 600_000);
}

/// <summary><c>linkfarm.block</c> (LinkFarmAnalyzer).</summary>
public static class LinkFarmSettings
{
    public static readonly WholeNumberSetting MinLinks = new("linkFarm", "minLinks", 1, 100_000);
    public static readonly WholeNumberSetting MinSites = new("linkFarm", "minSites", 1, 100_000);
}

/// <summary><c>signature.*</c> (MassSpamSignatureAnalyzer).</summary>
public static class SignatureSettings
{
    public static readonly WholeNumberSetting MinKana = new("signatures", "minKana", 1, 100_000);
    public static readonly WholeNumberSetting TitleKana = new("signatures", "titleKana", 1, 1000);
    public static readonly NumberSetting KanaShare = new("signatures", "kanaShare", 0, 1);
    public static readonly WholeNumberSetting MinPinyin = new("signatures", "minPinyin", 1, 100_000);
    public static readonly WholeNumberSetting MinSpamPhrases = new("signatures", "minSpamPhrases", 1, 1000);
}

/// <summary><c>served.only-in-source</c> (ServedSourceAnalyzer).</summary>
public static class ServedSourceSettings
{
    public static readonly WholeNumberSetting ManySites = new("servedSource", "manySites", 1, 100_000);
}

/// <summary><c>document.outside-html</c> (OutsideDocumentAnalyzer).</summary>
public static class OutsideDocumentSettings
{
    public static readonly WholeNumberSetting FarmSites = new("outsideDocument", "farmSites", 1, 100_000);
}

/// <summary><c>cloaking.content</c> (CloakingAnalyzer).</summary>
public static class CloakingSettings
{
    public static readonly WholeNumberSetting MinimumAddedText = new("cloaking", "minimumAddedText", 0, 100_000_000);
}

/// <summary><c>frame.hidden-external</c> (RedirectAnalyzer).</summary>
public static class HiddenFrameSettings
{
    public static readonly WholeNumberSetting TinyPixels = new("hiddenFrames", "tinyPixels", 0, 10_000);
}

/// <summary><c>redirect.cross-domain</c> for a frame that fills the window (RedirectAnalyzer, WindowFrames).</summary>
public static class WindowFrameSettings
{
    public static readonly WholeNumberSetting MinWidth = new("windowFrames", "minWidth", 1, 100_000);
    public static readonly WholeNumberSetting MinHeight = new("windowFrames", "minHeight", 1, 100_000);
}

/// <summary><c>script.external-host</c> (ScriptInjectionAnalyzer).</summary>
public static class ScriptSettings
{
    public static readonly DomainListSetting GenuineOwners = new("scripts", "genuineOwners");
    public static readonly TextListSetting LibraryBanners = new("scripts", "libraryBanners");
}

/// <summary>The sites a page treats as its own (Signals.HomeSites): never the targets of the link and redirect rules.</summary>
public static class HomeSiteSettings
{
    public static readonly WholeNumberSetting MinLinks = new("homeSites", "minLinks", 1, 100_000);
    public static readonly NumberSetting Share = new("homeSites", "share", 0, 1);
}

/// <summary><c>attribute.spam</c> (AttributeSpamAnalyzer): spam terms in link titles and image alts, judged by corroboration.</summary>
public static class AttributeSettings
{
    public static readonly WholeNumberSetting TinyPixels = new("attributes", "tinyPixels", 0, 10_000);
    public static readonly WholeNumberSetting ManyElements = new("attributes", "manyElements", 1, 100_000);
    public static readonly WholeNumberSetting HighSignals = new("attributes", "highSignals", 1, 10);
    public static readonly WholeNumberSetting CriticalSignals = new("attributes", "criticalSignals", 1, 10);
}
