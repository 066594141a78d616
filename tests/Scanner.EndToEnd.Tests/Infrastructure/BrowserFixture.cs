using Scanner.Browser.Loading;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One real headless Chromium shared by every end-to-end test; each page still gets its own context. It is found, or
/// installed with Playwright's installer, before any test starts (<see cref="BrowserFirstFramework"/>); starting it
/// here goes through the same <see cref="BrowserSetup"/> as the scanner.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private BrowserPageLoader? _loader;

    /// <summary>Warnings on standard error; with SCANNER_TEST_LOG=FILE, every debug line of the shared loader in FILE as well
    /// (what a flaky browser test needs to be explained: which step waited, which command was refused).</summary>
    public ILogger Log { get; } = TestLog();

    private static ILogger TestLog()
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.Console(restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Warning, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose);
        if (Environment.GetEnvironmentVariable("SCANNER_TEST_LOG") is { Length: > 0 } path)
            configuration.WriteTo.File(path, shared: true, outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}");
        return configuration.CreateLogger();
    }

    public IPageLoader Loader => new SharedLoader(_loader ?? throw new InvalidOperationException("browser not started"));

    /// <summary>A loader on the shared browser with options of its own (e.g. the scan's --timeout).</summary>
    public IPageLoader LoaderWith(BrowserLoaderOptions options) =>
        (_loader ?? throw new InvalidOperationException("browser not started")).WithOptions(options);

    public async Task InitializeAsync() =>
        _loader = await BrowserPageLoader.StartAsync(new BrowserLoaderOptions { PageTimeout = TimeSpan.FromSeconds(20) }, Log);

    public async Task DisposeAsync()
    {
        if (_loader is not null) await _loader.DisposeAsync();
    }

    /// <summary>The shared Chromium itself, to open pages the scanner did not load (e.g. its own HTML report).</summary>
    public Microsoft.Playwright.IBrowser Browser => (_loader ?? throw new InvalidOperationException("browser not started")).Browser;

    public Task<PageSnapshot> LoadAsync(string url) => _loader!.LoadAsync(url, FetchProfile.Visitor, CancellationToken.None);

    /// <summary>Lets a scan "dispose" its loader without closing the browser the other tests share.</summary>
    private sealed class SharedLoader(BrowserPageLoader inner) : ICapturingPageLoader
    {
        public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken ct) => inner.LoadAsync(url, profile, ct);
        public Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection capture, CancellationToken ct) => inner.LoadAsync(url, profile, capture, ct);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
