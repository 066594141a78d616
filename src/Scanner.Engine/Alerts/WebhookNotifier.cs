using System.Net;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Serilog;

namespace Scanner.Engine.Alerts;

/// <summary>
/// Posts a run's alert to each --notify webhook, with Polly retrying what a second try can fix (a connection error, a
/// timeout, 429, 5xx; Retry-After honoured). A robot that answers 200 with an error code in its body (企业微信, 钉钉,
/// 飞书 do) is a failure, not retried. Nothing is posted when nothing is new. Only <see cref="WebhookTarget.Redacted"/>
/// URLs are logged. A failed alert is logged; it does not change the scan's exit code.
/// </summary>
public sealed class WebhookNotifier(HttpClient http, ILogger log, int retries = 3, TimeSpan? firstDelay = null)
{
    private readonly ResiliencePipeline<HttpResponseMessage> _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, retries),
            Delay = firstDelay ?? TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter?.Delta is { } after && after < TimeSpan.FromMinutes(1) ? after : (TimeSpan?)null),
        })
        .Build();

    /// <summary>Posts to every target; returns how many accepted it. Posts nothing (returns 0) when nothing is new.</summary>
    public async Task<int> NotifyAsync(IReadOnlyList<WebhookTarget> targets, AlertSummary summary, CancellationToken ct)
    {
        if (summary.NewFindings.Count == 0 || targets.Count == 0) return 0;
        var delivered = 0;
        foreach (var target in targets)
            if (await PostAsync(target, summary, ct)) delivered++;
        return delivered;
    }

    private async Task<bool> PostAsync(WebhookTarget target, AlertSummary summary, CancellationToken ct)
    {
        var body = AlertPayloads.Build(target.Kind, summary).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        try
        {
            using var response = await _retry.ExecuteAsync(async token =>
                await http.PostAsync(target.Url, new StringContent(body, Encoding.UTF8, "application/json"), token), ct);
            var answer = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                log.Warning("Alert to {Webhook} ({Kind}) failed: HTTP {Status}", target.Redacted, target.Kind, (int)response.StatusCode);
                return false;
            }
            if (RobotError(answer) is { } error)
            {
                log.Warning("Alert to {Webhook} ({Kind}) refused by the robot: {Error}", target.Redacted, target.Kind, error);
                return false;
            }
            log.Information("Alert sent to {Webhook} ({Kind}): {Count} new finding(s)", target.Redacted, target.Kind, summary.NewFindings.Count);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // The exception's message may hold the URL: only its type and the redacted URL are logged.
            log.Warning("Alert to {Webhook} ({Kind}) failed after {Retries} retries: {Error}", target.Redacted, target.Kind, retries, e.GetType().Name);
            return false;
        }
    }

    /// <summary>企业微信/钉钉 answer {"errcode":N,"errmsg":…}, 飞书 {"code":N,"msg":…}: N ≠ 0 is an error.</summary>
    private static string? RobotError(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            foreach (var (code, message) in new[] { ("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage") })
                if (root.TryGetProperty(code, out var c) && c.ValueKind == JsonValueKind.Number && c.GetInt64() != 0)
                    return $"{code} {c.GetInt64()}{(root.TryGetProperty(message, out var m) ? $" {m}" : "")}";
            return null;
        }
        catch (JsonException)
        {
            return null; // Slack answers "ok"; a generic receiver may answer anything
        }
    }
}
