using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>A real HTTP server on 127.0.0.1 and an ephemeral port, with routes a test declares; stops on dispose.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string Url(string path) => new Uri(BaseUri, path.TrimStart('/')).AbsoluteUri;

    /// <param name="address">127.0.0.1 by default; another 127.x address makes a second "site" on the same machine.</param>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> routes, IPAddress? address = null)
    {
        var (app, baseUri) = await Engine.Targets.LoopbackHost.StartAsync(routes, address);
        return new LoopbackServer(app, baseUri);
    }

    public static Task<LoopbackServer> ServingAsync(IReadOnlyDictionary<string, string> pages) => StartAsync(app =>
    {
        foreach (var (path, html) in pages)
            app.MapGet(path, () => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8));
    });

    /// <summary>A port on which nothing listens: bind one, note it, release it.</summary>
    public static int UnusedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
