using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.History;

/// <summary>A loopback government site whose pages a test changes between nights (one server, one port, all week).</summary>
public sealed class NightSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    public static async Task<NightSite> StartAsync(IReadOnlyDictionary<string, string> pages)
    {
        var site = new NightSite();
        foreach (var (path, html) in pages) site._pages[path] = html;
        site._server = await LoopbackServer.StartAsync(app => app.MapGet("/{**path}", (HttpContext c) =>
            site._pages.TryGetValue(c.Request.Path.Value ?? "/", out var html)
                ? Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8)
                : Results.NotFound()));
        return site;
    }

    public string this[string path]
    {
        get => _pages[path];
        set => _pages[path] = value;
    }

    public string Url(string path) => _server!.Url(path);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>A loopback webhook receiver: records what each path was sent, answers as the robot of that path would.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    /// <summary>Paths whose first attempt of each alert is answered 503 (a retry must deliver it).</summary>
    public HashSet<string> FailFirst { get; } = [];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/{kind}", async (HttpContext c, string kind) =>
        {
            var attempt = receiver._attempts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (receiver.FailFirst.Contains(kind) && attempt % 2 == 1) return Results.StatusCode(503);
            using var reader = new StreamReader(c.Request.Body, Encoding.UTF8);
            receiver._bodies.GetOrAdd(kind, _ => new ConcurrentQueue<string>()).Enqueue(await reader.ReadToEndAsync());
            return kind switch
            {
                "wecom" or "dingtalk" => Results.Json(new { errcode = 0, errmsg = "ok" }),
                "feishu" => Results.Json(new { code = 0, msg = "success" }),
                _ => Results.Text("ok"),
            };
        }));
        return receiver;
    }

    public string Url(string kind, string token) => _server!.Url($"/{kind}?key={token}");

    public IReadOnlyList<string> Received(string kind) => _bodies.TryGetValue(kind, out var q) ? q.ToList() : [];

    public int Attempts(string kind) => _attempts.GetValueOrDefault(kind);

    public int Total => _bodies.Values.Sum(q => q.Count);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
