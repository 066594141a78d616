using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.Engine.Scanning;
using Scanner.Engine.Targets;
using Serilog;

namespace Scanner.Engine;

/// <summary>
/// The scanner without its command line: targets, crawl, loading through an <see cref="IPageLoader"/>, page analysis,
/// link checks and policy. <see cref="StartAsync"/> resolves the targets and starts the loader; the
/// <see cref="ScanRun"/> it returns streams the pages as they complete. Which loader (browser or static) is the
/// caller's choice: the engine only sees the interface.
/// </summary>
public sealed class ScanEngine(ScanOptions options, ILogger log)
{
    /// <param name="guard">The addresses the loader may connect to; the loader must send every connection through it.</param>
    public delegate Task<IPageLoader> LoaderFactory(AddressGuard guard);

    /// <summary>Resolves the targets (or takes over <paramref name="targets"/>, started earlier) and starts the loader.</summary>
    /// <exception cref="TargetException">A target cannot be scanned (no such file, an unreadable sitemap), or there are no pages.</exception>
    /// <exception cref="OperationCanceledException">Interrupted while resolving the targets.</exception>
    /// <remarks>Whatever <paramref name="loaderFactory"/> throws (no browser) passes through.</remarks>
    public async Task<ScanRun> StartAsync(LoaderFactory loaderFactory, ScanInterruption interruption, TargetsInProgress? targets = null)
    {
        var prepared = targets?.HandOn() ?? TargetsInProgress.Start(options.Targets, options.AllowPrivate, options.PageTimeout, interruption.Stop);
        try
        {
            var starts = await prepared.Resolving;
            if (starts.Count == 0) throw new TargetException("The targets list no pages to scan.");
            var loader = await loaderFactory(prepared.Guard);
            return new ScanRun(options, starts, loader, prepared.Guard, prepared.Http, prepared.Resolver, interruption, log);
        }
        catch
        {
            await prepared.Resolver.DisposeAsync();
            prepared.Http.Dispose();
            throw;
        }
    }
}
