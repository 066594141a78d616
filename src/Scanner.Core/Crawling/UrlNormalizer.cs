namespace Scanner.Core.Crawling;

/// <summary>
/// One spelling per page, so the frontier loads each page once: scheme and host lower-cased, default ports
/// dropped, dot segments resolved, fragment removed, an empty path written "/". Query strings are kept as they
/// are (their order can matter to a server); pages that declare a canonical URL are de-duplicated through it.
/// </summary>
public static class UrlNormalizer
{
    /// <summary>The normal form of an absolute http(s) URL, or null for anything else (mailto:, javascript:, garbage).</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        return Normalize(uri);
    }

    public static string? Normalize(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return null;
        if (string.IsNullOrEmpty(uri.Host)) return null;
        // HttpRequestUrl = scheme://host[:port]/path?query: no fragment, no user info, default port omitted.
        var normal = uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
        return normal.EndsWith('?') ? normal[..^1] : normal;
    }

    /// <summary>Resolves <paramref name="href"/> against <paramref name="baseUrl"/> and normalises the result.</summary>
    public static string? Resolve(string baseUrl, string href) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && Uri.TryCreate(b, href.Trim(), out var u) ? Normalize(u) : null;

    /// <summary>scheme://host[:port] of a URL: the unit robots.txt and politeness apply to.</summary>
    public static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
}
