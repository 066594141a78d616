using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>
/// A raw TCP server on 127.0.0.1 for what Kestrel will not do on purpose; each connection is handed to
/// <c>serve</c> with the server's stop token. Stops (and drops its connections) on dispose.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Stream, CancellationToken, Task> _serve;
    private readonly Task _loop;

    private RawServer(Func<Stream, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Slow-loris: answers "HTTP/1.1 200 OK" and then trickles header bytes, one every 100 ms, for ever. Only a timeout
    /// for the whole response ends it; a per-read timeout never would.
    /// </summary>
    public static RawServer SlowLoris() => new(async (stream, stop) =>
    {
        await ReadRequestHeadAsync(stream, stop);
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"u8.ToArray(), stop);
        for (var line = 0; !stop.IsCancellationRequested; line++)
            foreach (var b in Encoding.ASCII.GetBytes($"X-Slow-{line}: 1\r\n"))
            {
                await stream.WriteAsync(new[] { b }, stop);
                await stream.FlushAsync(stop);
                await Task.Delay(100, stop);
            }
    });

    /// <summary>HTTPS with a self-signed certificate for 127.0.0.1, serving <paramref name="html"/> to every request.</summary>
    public static RawServer SelfSignedTls(string html)
    {
        var certificate = SelfSignedCertificate();
        return new(async (stream, stop) =>
        {
            await using var tls = new SslStream(stream);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
            await ReadRequestHeadAsync(tls, stop);
            var body = Encoding.UTF8.GetBytes(html);
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), stop);
            await tls.WriteAsync(body, stop);
            await tls.FlushAsync(stop);
        });
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=hostile.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-imported from PKCS#12 so that the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task ReadRequestHeadAsync(Stream stream, CancellationToken stop)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        while (!seen.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer, stop);
            if (read == 0) return;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try { await _serve(client.GetStream(), _stop.Token); }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException) { }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}
