using System.Net.Sockets;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

/// <summary>Which failures are worth another try: a connection dropped mid-request, not one nobody answered.</summary>
public sealed class DroppedConnectionTests
{
    [Fact]
    public void A_reset_or_an_early_end_is_dropped()
    {
        var reset = new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.",
            new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(DroppedConnection.Is(reset));
        Assert.True(DroppedConnection.Is(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));
    }

    [Fact]
    public void Refused_unresolved_and_TLS_failures_are_not_dropped()
    {
        Assert.False(DroppedConnection.Is(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused",
            new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(DroppedConnection.Is(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known",
            new SocketException((int)SocketError.HostNotFound))));
        Assert.False(DroppedConnection.Is(new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established",
            new IOException("handshake"))));
        Assert.False(DroppedConnection.Is(new TimeoutException()));
    }

    [Theory]
    [InlineData("page.goto: net::ERR_CONNECTION_RESET at http://127.0.0.1/", true)]
    [InlineData("page.goto: net::ERR_EMPTY_RESPONSE at http://127.0.0.1/", true)]
    [InlineData("page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1/", false)]
    [InlineData("page.goto: net::ERR_NAME_NOT_RESOLVED at http://nowhere.invalid/", false)]
    [InlineData(null, false)]
    public void Chromium_errors_are_read_the_same_way(string? message, bool dropped) =>
        Assert.Equal(dropped, DroppedConnection.IsChromiumError(message));
}
