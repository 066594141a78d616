using System.Text.Json;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>The JSON report of a hostile scan, read by page.</summary>
public sealed class HostileReport(JsonDocument report)
{
    public JsonElement[] Pages => report.RootElement.GetProperty("pages").EnumerateArray().ToArray();

    public JsonElement Page(string url) =>
        Pages.SingleOrDefault(p => p.GetProperty("url").GetString() == url) is { ValueKind: JsonValueKind.Object } page
            ? page
            : throw new Xunit.Sdk.XunitException($"{url} is not in the report; it has: {string.Join(", ", Pages.Select(p => p.GetProperty("url").GetString()))}");

    public bool Has(string url) => Pages.Any(p => p.GetProperty("url").GetString() == url);

    public static string? Error(JsonElement page) => page.GetProperty("error").GetString();
    public static int Findings(JsonElement page) => page.GetProperty("findings").GetInt32();
    public static double Seconds(JsonElement page) => page.GetProperty("loadTimeMs").GetDouble() / 1000;
    public static string Notes(JsonElement page) =>
        page.TryGetProperty("notes", out var notes) ? string.Join(" | ", notes.EnumerateArray().Select(n => n.GetString())) : "";

    /// <summary>Recorded with its error or its findings: what every hostile page must end as.</summary>
    public static bool Recorded(JsonElement page) => Error(page) is not null || Findings(page) > 0 || page.GetProperty("status").ValueKind == JsonValueKind.Number;

    public string Describe() => string.Join("\n", Pages.Select(p =>
        $"{p.GetProperty("url").GetString()}: {Seconds(p):0.0} s, error={Error(p) ?? "-"}, findings={Findings(p)}, notes={Notes(p)}"));
}
