using System.Text.Json;
using System.Text.Json.Serialization;
using Scanner.Core.Model;

namespace Scanner.Browser.Probe;

/// <summary>The JSON that probe.js returns, and its mapping onto the snapshot model.</summary>
internal sealed record ProbeResult(
    string Title, string Url, string? Lang, List<ProbeBlock> Blocks, List<ProbeLink> Links,
    List<ProbeScript> Scripts, List<ProbeFrame> Frames, List<ProbeMeta> Meta,
    long DocumentBytes = -1, List<string>? Notes = null)
{
    /// <summary>Link titles and image alts (probe.js: attributeTexts).</summary>
    public List<ProbeAttributeText>? AttributeTexts { get; init; }

    /// <summary>The encoding Chromium decoded the document with (document.characterSet).</summary>
    public string? Charset { get; init; }

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static string Script { get; } = LoadScript();

    public static ProbeResult Parse(JsonElement json) =>
        json.Deserialize<ProbeResult>(Options) ?? throw new InvalidOperationException("the page probe returned nothing");

    private static string LoadScript()
    {
        using var stream = typeof(ProbeResult).Assembly.GetManifestResourceStream("Scanner.Browser.probe.js")
            ?? throw new InvalidOperationException("probe.js is not embedded in Scanner.Browser");
        return new StreamReader(stream).ReadToEnd();
    }
}

internal sealed record ProbeVisibility(bool Hidden, List<string> Reasons)
{
    public Visibility ToModel() => Hidden ? new Visibility(true, Reasons) : Visibility.Visible;
}

internal sealed record ProbeBox(double X, double Y, double Width, double Height)
{
    public Box ToModel() => new(X, Y, Width, Height);
}

internal sealed record ProbeBlock(string Selector, string Tag, string Text, ProbeVisibility Visibility, ProbeBox Box, string? LinkHref)
{
    public TextBlock ToModel() => new(Selector, Tag, Text, Visibility.ToModel(), Box.ToModel(), LinkHref);
}

internal sealed record ProbeLink(string Selector, string Href, string Text, ProbeVisibility Visibility, ProbeBox Box, string? Rel, string? Container)
{
    public PageLink ToModel() => new(Selector, Href, Text, Visibility.ToModel(), Box.ToModel(), Rel, Container);
}

internal sealed record ProbeAttributeText(string Selector, string Tag, string Attribute, string Text, ProbeVisibility Visibility, ProbeBox? ImageBox, string? LinkHref)
{
    public AttributeText ToModel() => new(Selector, Tag, Attribute, Text, Visibility.ToModel(), ImageBox?.ToModel(), LinkHref);
}

internal sealed record ProbeScript(string? Src, string? InlineText, string Selector)
{
    public PageScript ToModel() => new(Src, InlineText, Selector);
}

internal sealed record ProbeFrame(string Selector, string Src, ProbeVisibility Visibility, ProbeBox Box)
{
    public PageFrame ToModel() => new(Selector, Src, Visibility.ToModel(), Box.ToModel());
}

internal sealed record ProbeMeta(string? Name, string? HttpEquiv, string? Property, string Content)
{
    [JsonIgnore] public MetaTag Model => new(Name, HttpEquiv, Property, Content);
}
