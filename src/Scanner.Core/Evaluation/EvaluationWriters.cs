using System.Globalization;
using System.Text.Json;
using Scanner.Core.Model;

namespace Scanner.Core.Evaluation;

/// <summary>The evaluation as a table for people: one line per technique, the totals, then every miss and false alarm.</summary>
public static class EvaluationTextWriter
{
    public static void Write(EvaluationResult result, TextWriter output)
    {
        var width = Math.Max(9, result.Techniques.Select(t => t.Technique.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"scanner eval: {result.Pages.Count} labelled page(s), engine {result.Engine}, a page counts as flagged at --fail-on {result.Gate}");
        if (result.UnlabelledPages > 0) output.WriteLine($"({result.UnlabelledPages} scanned page(s) without a label left out)");
        output.WriteLine();
        output.WriteLine($"{"technique".PadRight(width)}  {"spam",5} {"caught",6} {"recall",7}  {"clean",5} {"false alarms",12} {"rate",6}");
        foreach (var t in result.Techniques) output.WriteLine(Row(t, width));
        output.WriteLine(new string('-', width + 50));
        output.WriteLine(Row(result.Total, width));
        output.WriteLine();
        output.WriteLine($"Recall: {result.Total.Caught} of {result.Total.SpamPages} spam page(s) caught ({Percent(result.Total.Recall)})");
        output.WriteLine($"False alarms: {result.Total.FalseAlarms} of {result.Total.CleanPages} clean page(s) ({Percent(result.Total.FalseAlarmRate)})");
        Section(output, "Misses (spam not flagged)", result.Misses);
        Section(output, "False alarms (clean flagged)", result.FalseAlarms);
    }

    private static void Section(TextWriter output, string heading, IEnumerable<PageOutcome> outcomes)
    {
        var list = outcomes.ToList();
        if (list.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"{heading}: {list.Count}");
        foreach (var o in list.OrderBy(o => o.Label.Technique, StringComparer.Ordinal).ThenBy(o => o.Label.File, StringComparer.Ordinal))
            output.WriteLine($"  {o.Label.Technique,-24} {o.Label.File}  {Describe(o)}");
    }

    /// <summary>What the page got instead: its most severe findings, or its load error.</summary>
    public static string Describe(PageOutcome o) =>
        o.Error is not null ? $"error: {o.Error}"
        : o.TopSeverity is { } top ? $"top: {top.ToWord()} {string.Join(", ", o.TopRules)}"
        : "no findings";

    private static string Row(TechniqueScore t, int width) =>
        $"{t.Technique.PadRight(width)}  {Count(t.SpamPages),5} {Count(t.Caught, t.SpamPages),6} {Percent(t.Recall),7}  {Count(t.CleanPages),5} {Count(t.FalseAlarms, t.CleanPages),12} {Percent(t.FalseAlarmRate),6}";

    private static string Count(int n, int of = 1) => of == 0 ? "-" : n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
}

/// <summary>The evaluation for machines (<c>--format json</c>): totals, per-technique scores and every page's outcome.</summary>
public static class EvaluationJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static void Write(EvaluationResult result, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schemaVersion", SchemaVersion);
        json.WriteString("engine", result.Engine);
        json.WriteString("failOn", result.Gate);
        json.WriteNumber("unlabelledPages", result.UnlabelledPages);
        json.WritePropertyName("total");
        Score(json, result.Total);
        json.WriteStartArray("techniques");
        foreach (var t in result.Techniques) Score(json, t);
        json.WriteEndArray();
        json.WriteStartArray("pages");
        foreach (var o in result.Pages)
        {
            json.WriteStartObject();
            json.WriteString("file", o.Label.File);
            json.WriteString("label", o.Label.Spam ? "spam" : "clean");
            json.WriteString("technique", o.Label.Technique);
            json.WriteBoolean("flagged", o.Flagged);
            json.WriteString("outcome", o.Label.Spam ? (o.Flagged ? "caught" : "missed") : (o.Flagged ? "false-alarm" : "quiet"));
            if (o.TopSeverity is { } top) json.WriteString("topSeverity", top.ToWord()); else json.WriteNull("topSeverity");
            json.WriteStartArray("topRules");
            foreach (var rule in o.TopRules) json.WriteStringValue(rule);
            json.WriteEndArray();
            if (o.Error is null) json.WriteNull("error"); else json.WriteString("error", o.Error);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Score(Utf8JsonWriter json, TechniqueScore t)
    {
        json.WriteStartObject();
        json.WriteString("technique", t.Technique);
        json.WriteNumber("spamPages", t.SpamPages);
        json.WriteNumber("caught", t.Caught);
        if (t.Recall is { } r) json.WriteNumber("recall", Math.Round(r, 4)); else json.WriteNull("recall");
        json.WriteNumber("cleanPages", t.CleanPages);
        json.WriteNumber("falseAlarms", t.FalseAlarms);
        if (t.FalseAlarmRate is { } f) json.WriteNumber("falseAlarmRate", Math.Round(f, 4)); else json.WriteNull("falseAlarmRate");
        json.WriteEndObject();
    }
}
