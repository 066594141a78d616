using System.Net;
using System.Net.Sockets;
using System.Text;
using Scanner.Core.Network;

namespace Scanner.Core.Tests.Network;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.0.0.6", "private (10.0.0.0/8)")]
    [InlineData("172.16.0.1", "private (172.16.0.0/12)")]
    [InlineData("172.31.255.255", "private (172.16.0.0/12)")]
    [InlineData("192.168.1.1", "private (192.168.0.0/16)")]
    [InlineData("100.64.0.1", "CGNAT (100.64.0.0/10)")]
    [InlineData("169.254.169.254", "link-local/metadata")]
    [InlineData("0.0.0.0", "this-network (0.0.0.0/8)")]
    [InlineData("::1", "loopback")]
    [InlineData("fd00:ec2::254", "unique-local (fc00::/7)")] // AWS's IPv6 metadata address
    [InlineData("fe80::1", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local/metadata")] // IPv4-mapped
    [InlineData("::ffff:10.1.2.3", "private (10.0.0.0/8)")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local/metadata")] // NAT64 of 169.254.169.254
    [InlineData("2002:7f00:1::", "loopback")] // 6to4 of 127.0.0.1
    public void Non_public_addresses_are_named_by_kind(string address, string kind) =>
        Assert.Equal(kind, ForbiddenAddresses.KindOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16/12
    [InlineData("100.128.0.1")] // just past 100.64/10
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_not_forbidden(string address) => Assert.Null(ForbiddenAddresses.KindOf(IPAddress.Parse(address)));

    [Fact]
    public void A_named_host_may_be_private_on_any_port_but_its_neighbours_may_not()
    {
        var guard = new AddressGuard();
        guard.AllowHost("10.0.0.5");
        Assert.Null(guard.RefusalFor("10.0.0.5", 8443, IPAddress.Parse("10.0.0.5")));
        Assert.Equal("refused: 10.0.0.6 is a private (10.0.0.0/8) address; --allow-private allows it",
            guard.RefusalFor("10.0.0.6", 80, IPAddress.Parse("10.0.0.6")));
    }

    [Fact]
    public void The_scanners_own_endpoint_is_allowed_on_its_port_only()
    {
        var guard = new AddressGuard();
        guard.AllowEndpoint("127.0.0.1", 40001);
        Assert.Null(guard.RefusalFor("127.0.0.1", 40001, IPAddress.Loopback));
        Assert.NotNull(guard.RefusalFor("127.0.0.1", 6379, IPAddress.Loopback));
    }

    [Fact]
    public void Allow_private_refuses_nothing() =>
        Assert.Null(new AddressGuard(allowPrivate: true).RefusalFor("169.254.169.254", 80, IPAddress.Parse("169.254.169.254")));

    /// <summary>
    /// DNS rebinding, fairly: the user named 127.0.0.1, and a real server listens there. A request to the same server
    /// by a *name* that resolves to loopback ("localhost", as a rebinding domain would) is refused, because the check
    /// is on the address the name resolved to, at connect time, not on the URL's host name.
    /// </summary>
    [Fact]
    public async Task A_name_that_resolves_to_a_forbidden_address_is_refused_at_connect_time()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOneAsync(listener);

        var guard = new AddressGuard();
        guard.AllowHost("127.0.0.1");
        using var http = new HttpClient(guard.CreateHandler());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://localhost:{port}/"));
        var refusal = AddressGuard.RefusalIn(refused);
        Assert.NotNull(refusal);
        Assert.StartsWith("refused: localhost resolves to ", refusal.Message);
        Assert.Contains("loopback address; --allow-private allows it", refusal.Message);

        // The literal the user named goes through to the very same server.
        Assert.Equal("ok", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        await serving;
    }

    private static async Task ServeOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var head = "";
        while (!head.Contains("\r\n\r\n")) head += Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
    }
}
