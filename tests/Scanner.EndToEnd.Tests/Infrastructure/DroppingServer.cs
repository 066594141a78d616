using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that drops the connection on the first <see cref="Drops"/> requests for each
/// path and answers the next ones: paths starting with /reset get a TCP reset, the others a close without an answer
/// (an empty response). Two drops, because Chromium retries a dropped navigation once by itself and the link checker
/// falls back from HEAD to GET once: only a real retry gets past two. Kestrel cannot misbehave on purpose, hence a
/// TcpListener.
/// </summary>
public sealed class DroppingServer : IAsyncDisposable
{
    public const int Drops = 2;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyDictionary<string, string> _pages;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DroppingServer(IReadOnlyDictionary<string, string> pages)
    {
        _pages = pages;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    /// <summary>Requests received for a path, the dropped ones included.</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var head = await ReadHeadAsync(socket);
                var parts = head.Split(' ', 3);
                if (parts.Length < 2) return;
                var (method, path) = (parts[0], parts[1]);
                if (_requests.AddOrUpdate(path, 1, (_, n) => n + 1) <= Drops)
                {
                    if (path.StartsWith("/reset", StringComparison.Ordinal)) socket.LingerState = new LingerOption(true, 0); // close = RST
                    else socket.Shutdown(SocketShutdown.Both); // FIN before any answer
                    return;
                }
                var found = _pages.TryGetValue(path, out var html);
                var body = Encoding.UTF8.GetBytes(html ?? "not found");
                var header = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(header));
                if (method != "HEAD") await socket.SendAsync(body);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // the client went away: nothing to do
            }
        }
    }

    /// <summary>Reads up to the blank line that ends the request head; returns the request line.</summary>
    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            var n = await socket.ReceiveAsync(buffer);
            if (n == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return received.ToString().Split("\r\n")[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
