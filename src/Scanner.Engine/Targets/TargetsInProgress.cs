using Scanner.Core.Loading;
using Scanner.Core.Network;
using Scanner.Core.Reports;

namespace Scanner.Engine.Targets;

/// <summary>
/// A scan's targets being resolved (files listed, a local folder's server started, sitemaps fetched), with the address
/// guard and HTTP client the scan goes on with. The command line starts this before it loads the rules, which the
/// targets do not need: a local folder's server took ~0.2 s to start after them, on the first page's path (issue 20,
/// eighth pass). <see cref="ScanEngine.StartAsync"/> takes it over; whoever started it and did not hand it on
/// disposes it (the server stops, the client closes, a failed resolution is observed).
/// </summary>
public sealed class TargetsInProgress : IAsyncDisposable
{
    private readonly CancellationTokenSource _abandon;
    private bool _handedOn;

    private TargetsInProgress(AddressGuard guard, HttpClient http, TargetResolver resolver, Task<IReadOnlyList<StartUrl>> resolving,
        CancellationTokenSource abandon)
    {
        Guard = guard;
        Http = http;
        Resolver = resolver;
        Resolving = resolving;
        _abandon = abandon;
    }

    /// <summary>One guard for every connection of the scan (sitemaps, robots.txt, pages, link checks); the targets add
    /// the hosts they name and the endpoints of local scans' servers to it as they are resolved.</summary>
    internal AddressGuard Guard { get; }

    internal HttpClient Http { get; }

    internal TargetResolver Resolver { get; }

    /// <summary>The start URLs; faults with <see cref="TargetException"/> when a target cannot be scanned.</summary>
    internal Task<IReadOnlyList<StartUrl>> Resolving { get; }

    public static TargetsInProgress Start(IReadOnlyList<string> targets, bool allowPrivate, TimeSpan pageTimeout, CancellationToken ct)
    {
        var guard = new AddressGuard(allowPrivate);
        var http = new HttpClient(ScannerHttp.CreateHandler(followRedirects: true, guard)) { Timeout = pageTimeout };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"{ScanReport.ToolName}/{ScanReport.ToolVersion}");
        var resolver = new TargetResolver(http, guard);
        // Cancelled when the scan does not go on (a rule file was wrong): a slow sitemap must not hold the exit.
        var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        return new TargetsInProgress(guard, http, resolver, Task.Run(() => resolver.ResolveAsync(targets, abandon.Token), CancellationToken.None), abandon);
    }

    /// <summary>From now on the scan run owns the guard, client and resolver.</summary>
    internal TargetsInProgress HandOn()
    {
        if (_handedOn) throw new InvalidOperationException("the targets were already handed on to a scan");
        _handedOn = true;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handedOn) return;
        _handedOn = true;
        await _abandon.CancelAsync();
        try { await Resolving; }
        catch (Exception)
        {
            // The scan did not go on (a rule file was wrong, or the run was interrupted): what the targets would have said is moot.
        }
        await Resolver.DisposeAsync();
        Http.Dispose();
        _abandon.Dispose();
    }
}
