using System.Net;
using Scanner.Core.Network;

namespace Scanner.Core.Loading;

/// <summary>
/// The one place the scanner's HTTP handlers are made, so every request (pages, sitemaps, robots.txt, link checks)
/// gets the same connection rules: decompression (bodies are then read through <see cref="CappedBody"/>, which counts
/// decompressed bytes), pooled connections renewed every two minutes, and no client-wide timeout (each caller bounds
/// its whole request, headers and body, with a cancellation token instead).
/// </summary>
public static class ScannerHttp
{
    /// <param name="guard">Every connection goes through it (SSRF: see <see cref="AddressGuard"/>); redirects followed here too.</param>
    public static SocketsHttpHandler CreateHandler(bool followRedirects, AddressGuard guard) => new()
    {
        ConnectCallback = guard.ConnectAsync,
        AllowAutoRedirect = followRedirects,
        MaxAutomaticRedirections = 10,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        // Slow-loris: a server that trickles its headers is cut by the caller's token; this bounds a connect that hangs.
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    public static HttpClient CreateClient(bool followRedirects, AddressGuard guard) =>
        new(CreateHandler(followRedirects, guard)) { Timeout = Timeout.InfiniteTimeSpan };
}
