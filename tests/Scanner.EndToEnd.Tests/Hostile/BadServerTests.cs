using Scanner.Core.Loading;

namespace Scanner.EndToEnd.Tests.Hostile;

/// <summary>The static engine against bad servers, one at a time, for the exact message a user reads.</summary>
public sealed class BadServerTests
{
    [Fact]
    public async Task A_self_signed_certificate_is_an_error_that_says_so()
    {
        await using var server = RawServer.SelfSignedTls("<p>x</p>");
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(20), new Scanner.Core.Network.AddressGuard(allowPrivate: true));
        var page = await loader.LoadAsync($"https://127.0.0.1:{server.Port}/", FetchProfile.Visitor, CancellationToken.None);
        Assert.StartsWith("TLS error: the server's certificate is not trusted", page.Error);
    }

    [Fact]
    public async Task A_server_trickling_its_headers_is_cut_by_the_timeout_for_the_whole_response()
    {
        await using var server = RawServer.SlowLoris();
        await using var loader = new StaticPageLoader(TimeSpan.FromSeconds(3), new Scanner.Core.Network.AddressGuard(allowPrivate: true));
        var page = await loader.LoadAsync($"http://127.0.0.1:{server.Port}/", FetchProfile.Visitor, CancellationToken.None);
        Assert.Equal("Timeout: no answer within 3 s", page.Error);
    }
}
