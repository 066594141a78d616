using System.Net;
using System.Net.Sockets;

namespace Scanner.Core.Network;

/// <summary>
/// The addresses a scan must not reach unless the user named them (issue 15, "No SSRF"): loopback, private,
/// link-local (with the cloud metadata service at 169.254.169.254), CGNAT, "this network", multicast and reserved
/// ranges, in IPv4 and IPv6. IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96,
/// 6to4 2002::/16) are judged by the IPv4 address inside. The ranges are IPNetwork2's, not hand-made bit masks.
/// </summary>
public static class ForbiddenAddresses
{
    private static readonly (IPNetwork2 Range, string Kind)[] Ranges =
    [
        (IPNetwork2.Parse("0.0.0.0/8"), "this-network (0.0.0.0/8)"),
        (IPNetwork2.Parse("10.0.0.0/8"), "private (10.0.0.0/8)"),
        (IPNetwork2.Parse("100.64.0.0/10"), "CGNAT (100.64.0.0/10)"),
        (IPNetwork2.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork2.Parse("169.254.0.0/16"), "link-local/metadata"),
        (IPNetwork2.Parse("172.16.0.0/12"), "private (172.16.0.0/12)"),
        (IPNetwork2.Parse("192.0.0.0/24"), "reserved (192.0.0.0/24)"),
        (IPNetwork2.Parse("192.168.0.0/16"), "private (192.168.0.0/16)"),
        (IPNetwork2.Parse("198.18.0.0/15"), "reserved (198.18.0.0/15)"),
        (IPNetwork2.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork2.Parse("240.0.0.0/4"), "reserved (240.0.0.0/4)"),
        (IPNetwork2.Parse("::/128"), "unspecified (::)"),
        (IPNetwork2.Parse("::1/128"), "loopback"),
        (IPNetwork2.Parse("fc00::/7"), "unique-local (fc00::/7)"),
        (IPNetwork2.Parse("fe80::/10"), "link-local"),
        (IPNetwork2.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork2 Nat64 = IPNetwork2.Parse("64:ff9b::/96");
    private static readonly IPNetwork2 SixToFour = IPNetwork2.Parse("2002::/16");

    /// <summary>What kind of forbidden address <paramref name="address"/> is ("loopback", "link-local/metadata", ...), or null when it is public.</summary>
    public static string? KindOf(IPAddress address)
    {
        var judged = EmbeddedIPv4(address) ?? address;
        foreach (var (range, kind) in Ranges)
            if (range.AddressFamily == judged.AddressFamily && range.Contains(judged)) return kind;
        return null;
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), which is where a packet to it ends up.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return new IPAddress(bytes[12..16]);
        if (SixToFour.Contains(address)) return new IPAddress(bytes[2..6]);
        return null;
    }
}
