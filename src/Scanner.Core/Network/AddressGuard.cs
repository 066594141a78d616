using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Scanner.Core.Network;

/// <summary>A connection the scan refused to open: the host resolved only to forbidden addresses.</summary>
public sealed class RefusedAddressException(string message) : Exception(message);

/// <summary>
/// Decides, after DNS resolution, which addresses a scan may connect to, and opens those connections.
/// Every HttpClient of the scan connects through <see cref="ConnectAsync(SocketsHttpConnectionContext, CancellationToken)"/>
/// and Chromium through a proxy that does the same, so a link, a redirect, a sitemap entry or a host name that
/// resolves to 169.254.169.254 (DNS rebinding included) cannot make the scanner fetch from the scanner's own network.
/// Allowed anyway: hosts the user's own targets name (any port: a site on one machine spans :80 and :443), exact
/// host:port endpoints the scanner serves itself (the loopback server of a local scan), and everything with --allow-private.
/// </summary>
public sealed class AddressGuard
{
    private readonly ConcurrentDictionary<string, bool> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _endpoints = new(StringComparer.Ordinal);

    private readonly HostResolver _resolver;

    /// <param name="allowPrivate">--allow-private: no address is refused.</param>
    /// <param name="resolver">The scan's DNS (cached, hedged); a new one when not given.</param>
    public AddressGuard(bool allowPrivate = false, HostResolver? resolver = null)
    {
        AllowPrivate = allowPrivate;
        _resolver = resolver ?? new HostResolver();
    }

    /// <summary>--allow-private: no address is refused.</summary>
    public bool AllowPrivate { get; }

    /// <summary>A host the user named: it may be loaded on any port, whatever it resolves to.</summary>
    public void AllowHost(string host) => _hosts[Normalize(host)] = true;

    /// <summary>One host and port the scanner itself serves (a local scan's loopback server); no other port of that host.</summary>
    public void AllowEndpoint(string host, int port) => _endpoints[$"{Normalize(host)}:{port}"] = true;

    /// <summary>True when <paramref name="host"/> needs no address check at all.</summary>
    public bool IsExempt(string host, int port)
    {
        if (AllowPrivate) return true;
        var name = Normalize(host);
        return _hosts.ContainsKey(name) || _endpoints.ContainsKey($"{name}:{port}");
    }

    /// <summary>Why connecting to <paramref name="address"/> for <paramref name="host"/> is refused, or null when it is allowed.</summary>
    public string? RefusalFor(string host, int port, IPAddress address)
    {
        if (IsExempt(host, port) || ForbiddenAddresses.KindOf(address) is not { } kind) return null;
        var name = Normalize(host);
        var subject = IPAddress.TryParse(name, out _) ? $"{address}" : $"{name} resolves to {address}, which";
        return $"refused: {subject} is a {kind} address; --allow-private allows it";
    }

    /// <summary>Resolves <paramref name="host"/>, keeps the addresses allowed, and connects to one of them.</summary>
    /// <exception cref="RefusedAddressException">Every address the host resolves to is forbidden.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var name = Normalize(host);
        var addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await _resolver.ResolveAsync(name, ct);
        var allowed = addresses.Where(a => RefusalFor(name, port, a) is null).ToArray();
        if (allowed.Length == 0)
        {
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            throw new RefusedAddressException(RefusalFor(name, port, addresses[0])!);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connect to the addresses judged here, not to the name again: a second lookup could answer otherwise.
            await socket.ConnectAsync(allowed, port, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        new NetworkStream(await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct), ownsSocket: true);

    /// <summary>A handler whose every connection goes through this guard.</summary>
    public SocketsHttpHandler CreateHandler() => new() { ConnectCallback = ConnectAsync };

    /// <summary>The refusal inside an HttpClient failure, if that is what it was.</summary>
    public static RefusedAddressException? RefusalIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is RefusedAddressException refused) return refused;
        return null;
    }

    private static string Normalize(string host)
    {
        var name = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
        return IPAddress.TryParse(name, out var address) ? address.ToString() : name;
    }
}
