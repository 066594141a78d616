using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Network;

namespace Scanner.Engine.Targets;

/// <summary>A target the user named that cannot be scanned (no such file, not a URL, an unreadable sitemap).</summary>
public sealed class TargetException(string message) : Exception(message);

/// <summary>
/// Turns the command line's targets into start URLs:
/// <list type="bullet">
/// <item>a page URL stays as it is;</item>
/// <item>a sitemap or sitemap index, local or remote, gzipped or not (recognised by a name ending in .xml or .xml.gz, or,
/// for local files, by content) becomes the pages it lists, sitemap indexes followed to their sitemaps;</item>
/// <item>a URL-list file (.txt, or any local non-HTML file whose first line is a URL): one URL per line, # comments;</item>
/// <item>local .html files and folders of them are served from loopback servers that live as long as the resolver:
/// a folder target's server serves the folder, file targets' servers serve those files and their web assets
/// (see <see cref="LocalServingRule"/>).</item>
/// </list>
/// URLs the user typed are literal (robots.txt and --include/--exclude do not apply to them); URLs from sitemaps and
/// lists are not. With a <paramref name="guard"/>, the hosts of typed URLs and of local URL-list and sitemap files
/// (the user's own) are allowed even when private, and so are the local servers' own endpoints; remote sitemaps'
/// entries are not (see <see cref="AddressGuard"/>).
/// </summary>
public sealed class TargetResolver(HttpClient? http = null, AddressGuard? guard = null) : IAsyncDisposable
{
    private static readonly string[] HtmlExtensions = [".html", ".htm", ".shtml", ".xhtml"];
    private const int MaxSitemaps = 1000;
    private readonly Dictionary<string, LocalSiteServer> _servers = new(StringComparer.Ordinal);
    private int _sitemapsRead;

    public async Task<IReadOnlyList<StartUrl>> ResolveAsync(IEnumerable<string> targets, CancellationToken ct = default)
    {
        var urls = new List<StartUrl>();
        foreach (var target in targets)
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                guard?.AllowHost(uri.Host);
                var path = uri.AbsolutePath.ToLowerInvariant();
                if (path.EndsWith(".xml") || path.EndsWith(".xml.gz")) await AddSitemapAsync(uri.AbsoluteUri, urls, 0, ct);
                else if (path.EndsWith(".txt")) urls.AddRange(UrlList(await DownloadTextAsync(uri.AbsoluteUri, ct), uri.AbsoluteUri).Select(u => new StartUrl(u, false)));
                else urls.Add(new StartUrl(uri.AbsoluteUri, true));
            }
            else if (Directory.Exists(target))
            {
                var server = await ServerForAsync(LocalServingRule.ForFolder(target));
                // Symbolic links are not followed: a link to a parent folder would list the site again and again.
                var files = Directory.EnumerateFiles(target, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    .Where(IsHtml)
                    .Where(f => !Path.GetRelativePath(target, f).Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.'))) // never served
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0) throw new TargetException($"The folder {target} holds no .html files to scan.");
                urls.AddRange(files.Select(f => new StartUrl(server.UrlOf(f), true)));
            }
            else if (File.Exists(target))
            {
                if (IsHtml(target))
                {
                    urls.Add(new StartUrl(await ServePageAsync(target), true));
                    continue;
                }
                var bytes = await CappedBody.ReadFileAsync(target, BodyLimits.Sitemap, ct);
                if (SitemapDocument.LooksLikeSitemap(bytes.Bytes))
                {
                    var before = urls.Count;
                    await AddSitemapContentAsync(target, bytes, urls, 0, ct);
                    AllowHostsOf(urls.Skip(before));
                }
                else if (target.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || UrlListFile.LooksLikeUrlList(HtmlDecoder.Decode(bytes.Bytes, null)))
                {
                    // A .txt target is a URL list, never a page: one with no URL is an error, not an empty page.
                    var listed = UrlList(UrlListText(bytes, target), target).Select(u => new StartUrl(u, false)).ToList();
                    AllowHostsOf(listed);
                    urls.AddRange(listed);
                }
                else urls.Add(new StartUrl(await ServePageAsync(target), true));
            }
            else
                throw new TargetException($"Target '{target}' is neither an http(s) URL nor an existing file or folder.");
        }
        return urls.DistinctBy(u => u.Url).ToList();
    }

    /// <summary>The pages a remote sitemap or sitemap index lists (not literal: patterns and robots.txt apply).</summary>
    /// <exception cref="TargetException">The sitemap cannot be read or parsed.</exception>
    public async Task<IReadOnlyList<StartUrl>> ResolveSitemapAsync(string url, CancellationToken ct = default)
    {
        var urls = new List<StartUrl>();
        await AddSitemapAsync(url, urls, 0, ct);
        return urls;
    }

    private async Task AddSitemapAsync(string url, List<StartUrl> urls, int level, CancellationToken ct)
    {
        CappedBytes bytes;
        try
        {
            bytes = await DownloadAsync(url, BodyLimits.Sitemap, ct);
        }
        catch (TargetException) when (level > 0)
        {
            return; // one unreachable child of a sitemap index does not stop the scan; the others still count
        }
        await AddSitemapContentAsync(url, bytes, urls, level, ct);
    }

    private async Task AddSitemapContentAsync(string source, CappedBytes bytes, List<StartUrl> urls, int level, CancellationToken ct)
    {
        if (++_sitemapsRead > MaxSitemaps) throw new TargetException($"More than {MaxSitemaps} sitemaps below {source}.");
        SitemapDocument sitemap;
        try
        {
            sitemap = SitemapDocument.Parse(bytes);
        }
        catch (FormatException e)
        {
            throw new TargetException($"The sitemap {source} is {e.Message}.");
        }
        if (sitemap.Truncated)
            Serilog.Log.Warning("The sitemap {Source} is larger than {Limit} (uncompressed): only the {Count} URL(s) before the cut are scanned",
                source, BodyLimits.Describe(BodyLimits.Sitemap), sitemap.Locations.Count);
        if (!sitemap.IsIndex)
        {
            urls.AddRange(sitemap.Locations.Select(u => new StartUrl(u, false)));
            return;
        }
        if (level >= 3) throw new TargetException($"Sitemap indexes nest too deep at {source}.");
        foreach (var child in sitemap.Locations)
        {
            if (Uri.TryCreate(child, UriKind.Absolute, out _)) await AddSitemapAsync(child, urls, level + 1, ct);
            else if (File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", child)))
                await AddSitemapContentAsync(child, await CappedBody.ReadFileAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, child), BodyLimits.Sitemap, ct), urls, level + 1, ct);
        }
    }

    /// <summary>The URLs of a URL list; lines that are not http(s) URLs are refused with their numbers, never dropped.</summary>
    /// <exception cref="TargetException">A line is not an http(s) URL, or the list has none.</exception>
    private static IReadOnlyList<string> UrlList(string text, string source)
    {
        var (urls, notUrls) = UrlListFile.Read(text);
        if (notUrls.Count > 0)
            throw new TargetException($"The URL list {source} has lines that are not http(s) URLs (no scheme?): " +
                string.Join(", ", notUrls.Take(10).Select(l => $"line {l.Line} '{l.Text}'")) + (notUrls.Count > 10 ? $" and {notUrls.Count - 10} more" : "") +
                "; write each URL in full, e.g. https://www.example.gov.cn/page.html.");
        if (urls.Count == 0) throw new TargetException($"The URL list {source} lists no URL (one http(s) URL per line, # comments).");
        return urls;
    }

    private async Task<string> DownloadTextAsync(string url, CancellationToken ct) => UrlListText(await DownloadAsync(url, BodyLimits.UrlList, ct), url);

    /// <summary>A URL list's text; one cut at the cap loses its partial last line (it could be half a URL).</summary>
    private static string UrlListText(CappedBytes bytes, string source)
    {
        var text = HtmlDecoder.Decode(bytes.Bytes, null);
        if (!bytes.Truncated) return text;
        Serilog.Log.Warning("The URL list {Source} is larger than {Limit}: only the URLs before the cut are scanned", source, BodyLimits.Describe(bytes.Limit));
        return text.LastIndexOf('\n') is var end and >= 0 ? text[..end] : "";
    }

    /// <summary>A remote sitemap or URL list: the whole request (headers and body) within the client's timeout, the body capped.</summary>
    private async Task<CappedBytes> DownloadAsync(string url, long limit, CancellationToken ct)
    {
        var client = http ?? throw new InvalidOperationException("no HttpClient for remote targets");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (client.Timeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(client.Timeout);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new TargetException($"Could not read {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            return await CappedBody.ReadAsync(response.Content, limit, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new TargetException($"Could not read {url}: {(e is OperationCanceledException ? $"no complete answer within {client.Timeout.TotalSeconds:0} s" : AddressGuard.RefusalIn(e)?.Message ?? e.Message)}");
        }
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

    /// <summary>The URL of a local file target, served with the other named files of its folder.</summary>
    private async Task<string> ServePageAsync(string file)
    {
        var server = await ServerForAsync(LocalServingRule.ForFiles(Path.GetDirectoryName(Path.GetFullPath(file))!));
        server.Rule.AddPage(file);
        return server.UrlOf(file);
    }

    /// <summary>One server per folder and kind of rule: a folder target's, and its named files'.</summary>
    private async Task<LocalSiteServer> ServerForAsync(LocalServingRule rule)
    {
        var key = (rule.WholeFolder ? "folder:" : "files:") + rule.Root;
        if (!_servers.TryGetValue(key, out var server))
        {
            _servers[key] = server = await LocalSiteServer.StartAsync(rule);
            guard?.AllowEndpoint(server.BaseUri.Host, server.BaseUri.Port);
        }
        return server;
    }

    /// <summary>Hosts listed in the user's own local files count as named by the user.</summary>
    private void AllowHostsOf(IEnumerable<StartUrl> urls)
    {
        foreach (var url in urls)
            if (Uri.TryCreate(url.Url, UriKind.Absolute, out var uri)) guard?.AllowHost(uri.Host);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values) await server.DisposeAsync();
        _servers.Clear();
    }
}
