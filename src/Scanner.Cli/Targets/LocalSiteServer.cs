using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Scanner.Core.Loading;

namespace Scanner.Cli.Targets;

/// <summary>
/// Serves a local folder (a built site) on 127.0.0.1 with Kestrel, so that relative links, stylesheets and
/// scripts resolve as they would in production. HTML is served with the charset the static engine reads it with
/// (<see cref="HtmlDecoder.Detect"/>: declared, or detected for a GBK page without a meta charset), so that Chromium
/// does not fall back to windows-1252 and read mojibake.
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
            StaticFileOptions =
            {
                ServeUnknownFileTypes = true,
                DefaultContentType = "application/octet-stream",
                OnPrepareResponse = DeclareCharset,
            },
        }));
        return new LocalSiteServer(app, root, baseUri);
    }

    private static void DeclareCharset(StaticFileResponseContext context)
    {
        var response = context.Context.Response;
        if (response.ContentType is not { } type || !type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
            || type.Contains("charset", StringComparison.OrdinalIgnoreCase) || context.File.PhysicalPath is not { } path) return;
        var encoding = HtmlDecoder.Detect(File.ReadAllBytes(path), null);
        response.ContentType = $"{type}; charset={encoding.WebName}";
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
