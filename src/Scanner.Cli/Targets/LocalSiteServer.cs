using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

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
        var (app, baseUri) = await LoopbackHost.StartAsync(app => app.UseFileServer(new FileServerOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            EnableDirectoryBrowsing = false,
            StaticFileOptions = { ServeUnknownFileTypes = true, DefaultContentType = "application/octet-stream" },
        }));
        return new LocalSiteServer(app, root, baseUri);
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
