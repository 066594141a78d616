using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scanner.Engine.Targets;

/// <summary>Starts a quiet Kestrel app on a loopback address and an ephemeral port, and says where it listens.
/// An empty builder: no appsettings.json or environment from the folder the scan was started in (the slim builder read
/// them and put a file watcher on that folder and everything below it, ~0.4 s of a one-page scan's start in a big
/// repository; issue 20, docs/performance.md), just Kestrel and routing.</summary>
public static class LoopbackHost
{
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(Action<WebApplication> configure, IPAddress? address = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address ?? IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(bound.TrimEnd('/') + "/"));
    }
}
