using System.Text;
using System.Text.Json.Nodes;
using Scanner.Core.Model;
using Scanner.Core.Reports;

namespace Scanner.Engine.Alerts;

/// <summary>
/// The JSON posted to each kind of webhook. Generic: our own summary, every new finding with its fingerprint (for
/// scripts). Chat robots get a short message in the markup they render: 企业微信 and 钉钉 markdown, 飞书 and Slack text.
/// </summary>
public static class AlertPayloads
{
    public const string GenericSchemaVersion = "1.0";

    public static JsonObject Build(WebhookKind kind, AlertSummary summary) => kind switch
    {
        WebhookKind.WeCom => new JsonObject { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["content"] = Markdown(summary) } },
        WebhookKind.DingTalk => new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["title"] = summary.Headline, ["text"] = Markdown(summary) },
        },
        WebhookKind.Feishu => new JsonObject { ["msg_type"] = "text", ["content"] = new JsonObject { ["text"] = PlainText(summary) } },
        WebhookKind.Slack => new JsonObject { ["text"] = PlainText(summary) },
        _ => Generic(summary),
    };

    private static JsonObject Generic(AlertSummary s) => new()
    {
        ["schemaVersion"] = GenericSchemaVersion,
        ["tool"] = new JsonObject { ["name"] = ScanReport.ToolName, ["version"] = ScanReport.ToolVersion },
        ["runId"] = s.RunId,
        ["targets"] = new JsonArray([.. s.Targets.Select(t => (JsonNode?)JsonValue.Create(t))]),
        ["finishedAt"] = s.FinishedAt.ToString("O"),
        ["notifyOn"] = s.Threshold.ToWord(),
        ["pages"] = s.PagesScanned,
        ["summary"] = new JsonObject
        {
            ["new"] = s.NewFindings.Count,
            ["resolved"] = s.Resolved,
            ["bySeverity"] = new JsonObject(ScanReport.SeveritiesDescending.Select(v => KeyValuePair.Create(v.ToWord(), (JsonNode?)s.NewFindings.Count(f => f.Severity == v)))),
        },
        ["findings"] = new JsonArray([.. s.NewFindings.Select(f => (JsonNode?)new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["severity"] = f.Severity.ToWord(),
            ["title"] = f.Title,
            ["url"] = f.Url,
            ["selector"] = f.Selector,
            ["evidence"] = Short(f.Evidence, 500),
            ["fingerprint"] = f.Fingerprint,
            ["historyState"] = f.HistoryState?.ToWord(),
        })]),
    };

    private static string Markdown(AlertSummary s)
    {
        var text = new StringBuilder($"### {s.Headline}\n");
        foreach (var f in s.NewFindings.Take(AlertSummary.Shown))
            text.Append($"- **{f.Severity.ToWord().ToUpperInvariant()}** {f.Title} (`{f.RuleId}`)\n  {f.Url}\n  > {Short(f.Evidence, 120)}\n");
        if (s.NewFindings.Count > AlertSummary.Shown) text.Append($"- … and {s.NewFindings.Count - AlertSummary.Shown} more\n");
        text.Append($"\nRun {s.RunId}: {s.PagesScanned} page(s), {s.Resolved} finding(s) resolved since the previous run.");
        return text.ToString();
    }

    private static string PlainText(AlertSummary s)
    {
        var text = new StringBuilder($"{s.Headline}\n");
        foreach (var f in s.NewFindings.Take(AlertSummary.Shown))
            text.Append($"• {f.Severity.ToWord().ToUpperInvariant()} {f.Title} ({f.RuleId}) {f.Url}: {Short(f.Evidence, 120)}\n");
        if (s.NewFindings.Count > AlertSummary.Shown) text.Append($"• … and {s.NewFindings.Count - AlertSummary.Shown} more\n");
        text.Append($"Run {s.RunId}: {s.PagesScanned} page(s), {s.Resolved} finding(s) resolved since the previous run.");
        return text.ToString();
    }

    private static string Short(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..max] + "…";
    }
}
