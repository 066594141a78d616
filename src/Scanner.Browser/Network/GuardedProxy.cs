using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Scanner.Core.Network;
using Serilog;

namespace Scanner.Browser.Network;

/// <summary>
/// A forward HTTP proxy on 127.0.0.1 that every request of Chromium goes through, so that the scan's
/// <see cref="AddressGuard"/> decides each connection after DNS resolution, exactly as for HttpClient.
/// Playwright's request routing cannot do this: it never sees redirects (microsoft/playwright#3993), and a host
/// looked up there may resolve otherwise when Chromium connects (DNS rebinding). Here the connection is opened to
/// the very address that was judged. CONNECT (https, wss) is tunnelled; plain http is forwarded with
/// <c>Connection: close</c>, one request per connection, so one connection never serves two hosts.
/// A refused or failed connection is answered 403/502 with an <see cref="ErrorHeader"/> naming why, and is
/// remembered by host:port (Chromium drops the answer to a failed CONNECT and says only ERR_TUNNEL_CONNECTION_FAILED).
/// </summary>
public sealed class GuardedProxy : IAsyncDisposable
{
    /// <summary>The header on the proxy's own answers: the refusal or the connection error, as the page's error.</summary>
    public const string ErrorHeader = "X-Scanner-Proxy-Error";
    private const int MaxHeadBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly AddressGuard _guard;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _accepting;

    private GuardedProxy(AddressGuard guard, ILogger log)
    {
        _guard = guard;
        _log = log;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 512);
        Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>"http://127.0.0.1:PORT", for Chromium's proxy setting.</summary>
    public string Address { get; }

    public static GuardedProxy Start(AddressGuard guard, ILogger log) => new(guard, log);

    /// <summary>Why the last connection to <paramref name="url"/>'s host and port failed or was refused, if it did.</summary>
    public string? FailureFor(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && _failures.TryGetValue(HostPort(uri.Host, uri.Port), out var why) ? why : null;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var ct = _stop.Token;
        try
        {
            var browser = client.GetStream();
            var (head, rest) = await ReadHeadAsync(browser, ct);
            if (head is null) return;
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3) return;
            var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
            var tunnel = method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase);
            string host;
            int port;
            string forwardedHead = "";
            if (tunnel)
            {
                var authority = new Uri("tcp://" + target);
                (host, port) = (authority.Host, authority.Port);
            }
            else
            {
                if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp) return;
                (host, port) = (uri.Host, uri.Port);
                var headers = lines.Skip(1).Where(l => l.Length > 0 && !IsHopByHop(l));
                forwardedHead = $"{method} {uri.PathAndQuery} {version}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
            }

            Socket upstreamSocket;
            try
            {
                upstreamSocket = await _guard.ConnectAsync(host, port, ct);
            }
            catch (RefusedAddressException e)
            {
                _log.Information("Chromium's request to {Host}:{Port} {Refusal}", host, port, e.Message);
                await AnswerAsync(browser, 403, "Forbidden", HostPort(host, port), e.Message, ct);
                return;
            }
            catch (SocketException e)
            {
                await AnswerAsync(browser, 502, "Bad Gateway", HostPort(host, port), ChromiumStyle(e.SocketErrorCode), ct);
                return;
            }
            _failures.TryRemove(HostPort(host, port), out string? _);
            await using var upstream = new NetworkStream(upstreamSocket, ownsSocket: true);
            if (tunnel) await browser.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), ct);
            else await upstream.WriteAsync(Encoding.Latin1.GetBytes(forwardedHead), ct);
            if (rest.Length > 0) await upstream.WriteAsync(rest, ct);
            await PipeAsync(browser, upstream, ct);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or UriFormatException)
        {
            // a side went away; the other sees its connection close, as it would without a proxy
        }
    }

    /// <summary>
    /// Bytes both ways until either side closes; then both are closed. (An http request is forwarded with
    /// Connection: close, so the server closing is the end of its answer; Chromium closing ends a tunnel.)
    /// </summary>
    private static async Task PipeAsync(NetworkStream browser, NetworkStream upstream, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var up = browser.CopyToAsync(upstream, done.Token);
        var down = upstream.CopyToAsync(browser, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        try { await Task.WhenAll(up, down); }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task AnswerAsync(NetworkStream browser, int status, string reason, string hostPort, string why, CancellationToken ct)
    {
        _failures[hostPort] = why;
        var body = Encoding.UTF8.GetBytes(why);
        var head = $"HTTP/1.1 {status} {reason}\r\n{ErrorHeader}: {why}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await browser.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await browser.WriteAsync(body, ct);
    }

    /// <summary>The request head (request line and headers) and whatever of the body came with it.</summary>
    private static async Task<(string? Head, byte[] Body)> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var filled = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0) return (Encoding.Latin1.GetString(buffer, 0, end), buffer[(end + 4)..filled]);
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeadBytes) return (null, []);
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0) return (null, []);
            filled += read;
        }
    }

    /// <summary>Headers meant for the proxy or for this one connection; the forwarded request gets <c>Connection: close</c>.</summary>
    private static bool IsHopByHop(string headerLine)
    {
        var name = headerLine.Split(':', 2)[0].Trim();
        return name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The error Chromium itself would have reported for this connection failure, so reports read the same.</summary>
    private static string ChromiumStyle(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "net::ERR_CONNECTION_REFUSED",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "net::ERR_NAME_NOT_RESOLVED",
        SocketError.TimedOut => "net::ERR_CONNECTION_TIMED_OUT",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "net::ERR_ADDRESS_UNREACHABLE",
        _ => $"net::ERR_CONNECTION_FAILED ({error})",
    };

    private static string HostPort(string host, int port) => $"{host.Trim('[', ']')}:{port}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
