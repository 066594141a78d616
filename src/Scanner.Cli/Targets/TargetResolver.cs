namespace Scanner.Cli.Targets;

/// <summary>A target the user named that cannot be scanned (no such file, not a URL).</summary>
public sealed class TargetException(string message) : Exception(message);

/// <summary>
/// Turns the command line's targets into URLs: URLs stay as they are, local files and folders are served from
/// loopback servers that live as long as the resolver.
/// </summary>
public sealed class TargetResolver : IAsyncDisposable
{
    private static readonly string[] HtmlExtensions = [".html", ".htm", ".shtml", ".xhtml"];
    private readonly Dictionary<string, LocalSiteServer> _servers = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> targets)
    {
        var urls = new List<string>();
        foreach (var target in targets)
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                urls.Add(uri.AbsoluteUri);
            else if (Directory.Exists(target))
            {
                var server = await ServerForAsync(target);
                var files = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
                    .Where(IsHtml)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0) throw new TargetException($"The folder {target} holds no .html files to scan.");
                urls.AddRange(files.Select(server.UrlOf));
            }
            else if (File.Exists(target))
            {
                var server = await ServerForAsync(Path.GetDirectoryName(Path.GetFullPath(target))!);
                urls.Add(server.UrlOf(target));
            }
            else
                throw new TargetException($"Target '{target}' is neither an http(s) URL nor an existing file or folder.");
        }
        return urls.Distinct().ToList();
    }

    /// <summary>The local file a loopback URL of ours serves, or null for a URL of the web.</summary>
    public string? LocalFileOf(string url)
    {
        foreach (var server in _servers.Values)
        {
            var prefix = server.BaseUri.AbsoluteUri;
            if (!url.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var relative = Uri.UnescapeDataString(url[prefix.Length..].Split('?', '#')[0]).Replace('/', Path.DirectorySeparatorChar);
            return Path.GetFullPath(Path.Combine(server.Root, relative));
        }
        return null;
    }

    private static bool IsHtml(string path) =>
        HtmlExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private async Task<LocalSiteServer> ServerForAsync(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!_servers.TryGetValue(root, out var server))
            _servers[root] = server = await LocalSiteServer.StartAsync(root);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values) await server.DisposeAsync();
        _servers.Clear();
    }
}
