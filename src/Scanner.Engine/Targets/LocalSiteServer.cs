using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Scanner.Core.Loading;

namespace Scanner.Engine.Targets;

/// <summary>
/// Serves a local folder (a built site) or local pages on 127.0.0.1 with Kestrel, so that relative links, stylesheets
/// and scripts resolve as they would in production. What it hands out is decided by a <see cref="LocalServingRule"/>:
/// only what the user asked to scan; everything else is 404. HTML is served with the charset the static engine reads
/// it with (<see cref="HtmlDecoder.Detect"/>: declared, or detected for a GBK page without a meta charset), so that
/// Chromium does not fall back to windows-1252 and read mojibake.
/// </summary>
public sealed class LocalSiteServer : IAsyncDisposable
{
    private static readonly string[] DefaultDocuments = ["index.html", "index.htm"];
    private readonly WebApplication _app;

    private LocalSiteServer(WebApplication app, LocalServingRule rule, Uri baseUri)
    {
        _app = app;
        Rule = rule;
        BaseUri = baseUri;
    }

    public LocalServingRule Rule { get; }
    public string Root => Rule.Root;
    public Uri BaseUri { get; }

    /// <summary>Serves everything below <paramref name="root"/> (no dotfiles, nothing outside it).</summary>
    public static Task<LocalSiteServer> StartAsync(string root) => StartAsync(LocalServingRule.ForFolder(root));

    public static async Task<LocalSiteServer> StartAsync(LocalServingRule rule)
    {
        var (app, baseUri) = await LoopbackHost.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (Allowed(rule, context.Request.Path.Value ?? "/")) await next(context);
                else context.Response.StatusCode = StatusCodes.Status404NotFound;
            });
            app.UseFileServer(new FileServerOptions
            {
                // The rule above is the one judge of what may be served; the provider just reads the file.
                FileProvider = new PhysicalFileProvider(rule.Root, ExclusionFilters.None),
                EnableDirectoryBrowsing = false,
                DefaultFilesOptions = { DefaultFileNames = [.. DefaultDocuments] },
                StaticFileOptions =
                {
                    ServeUnknownFileTypes = true,
                    DefaultContentType = "application/octet-stream",
                    OnPrepareResponse = DeclareCharset,
                },
            });
        });
        return new LocalSiteServer(app, rule, baseUri);
    }

    /// <summary>A file the rule serves; a folder when the rule serves its default document.</summary>
    private static bool Allowed(LocalServingRule rule, string path) =>
        rule.FileFor(path) is not null || DefaultDocuments.Any(d => rule.FileFor(path.TrimEnd('/') + "/" + d) is not null);

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
