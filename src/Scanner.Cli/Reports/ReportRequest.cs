namespace Scanner.Cli.Reports;

/// <summary>One report the user asked for: a format, and a file (null, or "-" on the command line, = standard output).</summary>
public sealed record ReportRequest(string Format, string? OutputPath)
{
    public static readonly string[] ContractFormats = ["console", "json", "jsonl", "sarif", "junit", "markdown", "html"];

    /// <summary>Written page by page while the scan runs (it survives a kill); the others are written whole at the end.</summary>
    public bool IsStreamed => Format == "jsonl";

    /// <summary>
    /// Pairs each --format with the --output at the same position: `--format json --output a.json --format console`.
    /// With no --format, a console report on standard output.
    /// </summary>
    public static IReadOnlyList<ReportRequest> Pair(IReadOnlyList<string> formats, IReadOnlyList<string> outputs)
    {
        if (outputs.Count > formats.Count && !(formats.Count == 0 && outputs.Count == 1))
            throw new ArgumentException("There are more --output paths than --format options; give one --format for each --output.");
        if (formats.Count == 0) formats = outputs.Count == 1 ? [FormatFromExtension(outputs[0])] : ["console"];
        var requests = formats.Select((f, i) => new ReportRequest(f.ToLowerInvariant(), i < outputs.Count && outputs[i] != "-" ? outputs[i] : null)).ToList();
        foreach (var r in requests.Where(r => !ContractFormats.Contains(r.Format)))
            throw new ArgumentException($"Unknown format '{r.Format}'. Use one of: {string.Join(", ", ContractFormats)}.");
        if (requests.Count(r => r.OutputPath is null) > 1)
            throw new ArgumentException("Only one report can go to standard output; give the others an --output path.");
        return requests;
    }

    private static string FormatFromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "json",
        ".jsonl" or ".ndjson" => "jsonl",
        ".sarif" => "sarif",
        ".xml" => "junit",
        ".md" => "markdown",
        ".html" or ".htm" => "html",
        _ => "console",
    };
}
