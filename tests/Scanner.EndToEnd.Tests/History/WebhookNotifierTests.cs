using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.Core.Model;
using Scanner.Engine.Alerts;
using Scanner.EndToEnd.Tests.Infrastructure;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Scanner.EndToEnd.Tests.History;

/// <summary>--notify against loopback robots that fail: what is retried, what is refused, and that no secret reaches the log.</summary>
public sealed class WebhookNotifierTests
{
    private const string Token = "tok-7d1e0a9b";

    private static readonly AlertSummary Summary = new(7, ["https://www.example.gov.cn/"], DateTimeOffset.Now, Severity.High,
    [
        new Finding { RuleId = "tamper.defacement", Title = "Page text replaced (defacement)", Severity = Severity.Critical, Category = "tamper",
            Url = "https://www.example.gov.cn/", Evidence = "Hacked by Sh3ll Team", Fingerprint = "abc", HistoryState = HistoryState.New },
    ], 0, 12);

    [Fact]
    public async Task Server_errors_are_retried_robot_errors_are_not_and_the_log_never_holds_the_token()
    {
        var attempts = new Dictionary<string, int>();
        await using var robots = await LoopbackServer.StartAsync(app => app.MapPost("/{kind}/{secret}", (string kind) =>
        {
            lock (attempts) attempts[kind] = attempts.GetValueOrDefault(kind) + 1;
            return kind switch
            {
                "down" => Results.StatusCode(503),
                "refuses" => Results.Json(new { errcode = 93000, errmsg = "invalid webhook url" }),
                _ => Results.Json(new { errcode = 0, errmsg = "ok" }),
            };
        }));
        var log = new CapturedLog();
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(log).CreateLogger(), retries: 2, firstDelay: TimeSpan.FromMilliseconds(10));
        WebhookTarget Target(string kind) => WebhookTarget.Parse($"dingtalk:{robots.Url($"/{kind}/{Token}")}?access_token={Token}");

        var delivered = await notifier.NotifyAsync([Target("down"), Target("refuses"), Target("fine")], Summary, CancellationToken.None);

        Assert.Equal(1, delivered);
        Assert.Equal(3, attempts["down"]);      // the first try and two retries
        Assert.Equal(1, attempts["refuses"]);   // a robot's "no" is not retried
        Assert.Contains("93000", log.Text);
        Assert.Contains("access_token=***", log.Text);
        Assert.DoesNotContain(Token, log.Text);
    }

    [Fact]
    public async Task Nothing_new_posts_nothing()
    {
        var posts = 0;
        await using var receiver = await LoopbackServer.StartAsync(app => app.MapPost("/", () => { Interlocked.Increment(ref posts); return Results.Ok(); }));
        using var http = new HttpClient();

        var delivered = await new WebhookNotifier(http, Serilog.Core.Logger.None).NotifyAsync([WebhookTarget.Parse(receiver.Url("/"))], Summary with { NewFindings = [] }, CancellationToken.None);

        Assert.Equal((0, 0), (delivered, posts));
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", WebhookKind.WeCom)]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=t", WebhookKind.DingTalk)]
    [InlineData("https://open.feishu.cn/open-apis/bot/v2/hook/x", WebhookKind.Feishu)]
    [InlineData("https://hooks.slack.com/services/T/B/x", WebhookKind.Slack)]
    [InlineData("https://alerts.example.org/scanner", WebhookKind.Generic)]
    [InlineData("feishu:https://relay.example.org/bot", WebhookKind.Feishu)]
    public void The_shape_follows_the_host_or_the_type(string text, WebhookKind kind)
    {
        var target = WebhookTarget.Parse(text);
        Assert.Equal(kind, target.Kind);
        Assert.DoesNotMatch("key=k|access_token=t|/x$|services", target.Redacted);
    }

    private sealed class CapturedLog : ILogEventSink
    {
        private readonly List<string> _lines = [];
        public string Text { get { lock (_lines) return string.Join("\n", _lines); } }
        public void Emit(LogEvent e) { lock (_lines) _lines.Add(e.RenderMessage() + " " + e.Exception); }
    }
}
