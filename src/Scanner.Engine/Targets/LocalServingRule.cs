using System.Collections.Concurrent;

namespace Scanner.Engine.Targets;

/// <summary>
/// What a local scan's loopback server may hand out, so that a script on a scanned page can read nothing the user
/// did not ask to scan (issue 15, "Local scans expose nothing outside the folder"):
/// <list type="bullet">
/// <item>a folder target: every file below the folder;</item>
/// <item>file targets: those files, and the web assets below their folder (stylesheets, scripts, images, fonts,
/// audio, video) so the page still renders as in production; not other pages, not data files (.json, .txt, .xml,
/// .yml, keys, backups ...);</item>
/// <item>never: a path with a segment that starts with a dot (.git, .env, .., .ssh), nor a path whose real location
/// (symbolic links resolved) lies outside the folder.</item>
/// </list>
/// Anything else is answered 404, as if it did not exist.
/// </summary>
public sealed class LocalServingRule
{
    /// <summary>What a page needs to render; deliberately no data formats, which is where secrets live.</summary>
    private static readonly HashSet<string> WebAssetExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".css", ".js", ".mjs",
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".mp4", ".webm", ".ogg", ".ogv", ".mp3", ".wav", ".m4a",
    };

    private readonly ConcurrentDictionary<string, bool>? _pages;

    private LocalServingRule(string root, bool wholeFolder)
    {
        Root = Path.GetFullPath(root);
        RealRoot = RealPath.Of(Root);
        if (!wholeFolder) _pages = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
    }

    /// <summary>The folder as the user named it (URLs are made relative to it).</summary>
    public string Root { get; }

    /// <summary>The folder with symbolic links resolved: what served files must lie below.</summary>
    public string RealRoot { get; }

    /// <summary>True for a folder target's rule (everything below the folder), false for file targets'.</summary>
    public bool WholeFolder => _pages is null;

    public static LocalServingRule ForFolder(string folder) => new(folder, wholeFolder: true);

    /// <summary>A rule for pages named one by one in <paramref name="folder"/>; add them with <see cref="AddPage"/>.</summary>
    public static LocalServingRule ForFiles(string folder) => new(folder, wholeFolder: false);

    /// <summary>A file the user named: served even though it is a page (and even if its name starts with a dot).</summary>
    public void AddPage(string file)
    {
        if (_pages is null) throw new InvalidOperationException("a folder rule serves every page already");
        _pages[RealPath.Of(file)] = true;
    }

    /// <summary>The file to serve for the decoded request path <paramref name="requestPath"/>, or null (404).</summary>
    public string? FileFor(string requestPath)
    {
        var segments = requestPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s.Contains('\\') || s.Contains('\0'))) return null;
        string real;
        try
        {
            real = RealPath.Of(Path.Combine([Root, .. segments]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
        if (!RealPath.IsInside(RealRoot, real) || !File.Exists(real)) return null;
        if (_pages is not null && _pages.ContainsKey(real)) return real;
        // Dot segments in the request, or in where it really leads (a link named "assets" to .git/).
        if (segments.Concat(Path.GetRelativePath(RealRoot, real).Split(Path.DirectorySeparatorChar)).Any(s => s.StartsWith('.'))) return null;
        if (_pages is null) return real;
        return WebAssetExtensions.Contains(Path.GetExtension(real)) ? real : null;
    }
}
