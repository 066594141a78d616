using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Scanner.Cli.Targets;

/// <summary>
/// Serves a local folder (a built site) on 127.0.0.1 with Kestrel, so that relative links, stylesheets and
/// scripts resolve as they would in production. Content types carry no charset, so the browser reads the
/// page's own &lt;meta charset&gt;, as it does on most real servers.
/// </summary>
public sealed class LocalSiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSiteServer(WebApplication app, string root, Uri baseUri)
    {
        _app = app;
        Root = root;
        BaseUri = baseUri;
    }

    public string Root { get; }
    public Uri BaseUri { get; }

    public static async Task<LocalSiteServer> StartAsync(string root)
    {
        root = Path.GetFullPath(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseFileServer(new FileServerOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            EnableDirectoryBrowsing = false,
            StaticFileOptions = { ServeUnknownFileTypes = true, DefaultContentType = "application/octet-stream" },
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalSiteServer(app, root, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The URL under which this server serves <paramref name="file"/>, a path below <see cref="Root"/>.</summary>
    public string UrlOf(string file)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(file));
        var escaped = string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
        return new Uri(BaseUri, escaped).AbsoluteUri;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
