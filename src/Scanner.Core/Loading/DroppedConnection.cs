using System.Net.Http;
using System.Net.Sockets;

namespace Scanner.Core.Loading;

/// <summary>
/// A connection the server reset or closed before it answered: worth another try (a server restarting, an
/// overloaded proxy, a keep-alive race). Not a refused connection, a failed DNS lookup or a TLS failure: there,
/// nobody is answering, and trying again only delays the verdict.
/// </summary>
public static class DroppedConnection
{
    /// <summary>Chromium's net errors for the same events (the browser engine reports them as messages).</summary>
    private static readonly string[] ChromiumErrors =
        ["net::ERR_CONNECTION_RESET", "net::ERR_CONNECTION_CLOSED", "net::ERR_EMPTY_RESPONSE", "net::ERR_CONNECTION_ABORTED"];

    /// <summary>HttpClient's exception for a reset or early-closed connection (an IOException/SocketException inside).</summary>
    public static bool Is(Exception e) => e is HttpRequestException http
        && http.HttpRequestError is not (HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError)
        && (http.HttpRequestError is HttpRequestError.ResponseEnded || Causes(e).Any(c => c is IOException or SocketException));

    /// <summary>A Chromium navigation error message that says the connection was reset or closed without an answer.</summary>
    public static bool IsChromiumError(string? message) =>
        message is not null && ChromiumErrors.Any(code => message.Contains(code, StringComparison.Ordinal));

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) yield return inner;
    }
}
