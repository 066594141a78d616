using System.Text.Encodings.Web;
using System.Text.Json;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;

namespace Scanner.Core.Reports;

/// <summary>
/// The rule catalogue as `scanner rules list` prints it (text, JSON) and as the documentation shows it: the README's
/// table (<see cref="ReadmeTable"/>) and rules/README.md's (<see cref="SeverityTable"/>), which a test keeps equal to what
/// these methods write.
/// </summary>
public static class RuleListWriter
{
    public static readonly string[] Formats = ["text", "json", "markdown"];

    /// <summary>The severities a rule can report, lowest first: <c>low,critical</c>.</summary>
    public static string SeverityList(RuleDescriptor rule, string separator = ",") => string.Join(separator, rule.Severities.Select(s => s.ToWord()));

    /// <summary>One line per rule: id, default severity, every severity it can report, category, title.</summary>
    public static void WriteText(IEnumerable<RuleDescriptor> rules, TextWriter output)
    {
        var list = rules.ToList();
        var idWidth = Math.Max(24, list.Max(r => r.Id.Length) + 1);
        output.WriteLine($"{"id".PadRight(idWidth)} {"default",-8} {"can report",-28} {"category",-16} title");
        foreach (var rule in list)
            output.WriteLine($"{rule.Id.PadRight(idWidth)} {rule.DefaultSeverity.ToWord(),-8} {SeverityList(rule),-28} {rule.Category,-16} {rule.Title}");
    }

    /// <summary>Every field of every descriptor, for scripts.</summary>
    public static void WriteJson(IEnumerable<RuleDescriptor> rules, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("title", rule.Title);
            json.WriteString("category", rule.Category);
            json.WriteString("defaultSeverity", rule.DefaultSeverity.ToWord());
            json.WriteStartArray("severities");
            foreach (var severity in rule.Severities) json.WriteStringValue(severity.ToWord());
            json.WriteEndArray();
            json.WriteString("severityRule", rule.SeverityRule);
            json.WriteString("help", rule.Help);
            json.WriteString("documentation", rule.DocAnchor);
            if (rule.ProducerSource is { } source) json.WriteString("source", source);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>README.md's rule table: id, severity, the class that reports it.</summary>
    public static string ReadmeTable(IEnumerable<RuleDescriptor> rules) =>
        Table(["rule id", "severity", "code", "docs"], rules.Select(r => new[]
        {
            $"`{r.Id}`", r.Severities.Count == 1 ? r.DefaultSeverity.ToWord() : $"{SeverityList(r, ", ")}; default {r.DefaultSeverity.ToWord()}",
            Code(r), DocLink(r, "README.md"),
        }));

    /// <summary>rules/README.md's table: how each rule's severity is decided, and the class that reports it.</summary>
    public static string SeverityTable(IEnumerable<RuleDescriptor> rules) =>
        Table(["id", "severity", "how the severity is decided", "code"], rules.Select(r => new[]
        {
            $"`{r.Id}`", SeverityList(r, ", "), Escape(r.SeverityRule), Code(r),
        }));

    /// <summary><c>scanner rules list --format markdown</c>: both tables' columns in one.</summary>
    public static string MarkdownTable(IEnumerable<RuleDescriptor> rules) =>
        Table(["id", "title", "severity", "how the severity is decided", "code", "docs"], rules.Select(r => new[]
        {
            $"`{r.Id}`", Escape(r.Title), SeverityList(r), Escape(r.SeverityRule), Code(r), $"`{r.DocAnchor}`",
        }));

    private static string Code(RuleDescriptor rule) => rule.ProducerSource is { } source ? $"`{source}`" : "";

    /// <summary>A link to the rule's documentation from the README at the repository's root.</summary>
    private static string DocLink(RuleDescriptor rule, string from)
    {
        if (rule.DocAnchor.Length == 0) return "";
        var target = rule.DocAnchor.StartsWith(from + "#", StringComparison.Ordinal) ? rule.DocAnchor[from.Length..] : rule.DocAnchor;
        return $"[{rule.DocAnchor}]({target})";
    }

    private static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var text = new System.Text.StringBuilder();
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        text.Append('|').AppendJoin('|', header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows) text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|").Replace("\n", " ");
}
