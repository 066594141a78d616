using YamlDotNet.RepresentationModel;

namespace Scanner.Core.Rules;

/// <summary>Writes a keyword pack as a YAML rule file that <see cref="RuleFileParser"/> reads back unchanged. The
/// YAML library quotes what needs quoting: word lists hold terms such as "a: b", "#1" or "- x".</summary>
public static class KeywordPackWriter
{
    /// <param name="pack">Id, category, severity, title, help and plain terms (per-term severity and context are
    /// not written: an imported pack has none).</param>
    /// <param name="writer">Where the YAML goes.</param>
    /// <param name="comments">Lines for the comment block at the top of the file.</param>
    public static void Write(KeywordPack pack, TextWriter writer, IEnumerable<string> comments)
    {
        foreach (var line in comments) writer.WriteLine($"# {line}".TrimEnd());
        var root = new YamlMappingNode
        {
            { "kind", "keywords" },
            { "id", pack.Id },
            { "category", pack.Category },
            { "severity", Model.SeverityNames.ToWord(pack.Severity) },
            { "title", pack.Title },
            { "help", pack.Help },
            { "keywords", new YamlSequenceNode(pack.Terms.Select(t => new YamlScalarNode(t.Term))) },
        };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }
}
