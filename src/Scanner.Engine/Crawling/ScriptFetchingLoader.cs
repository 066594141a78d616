using Scanner.Core.Loading;
using Scanner.Core.Model;

namespace Scanner.Engine.Crawling;

/// <summary>
/// Wraps the static engine's loader: each page it reads from its served HTML gets the code of its external scripts
/// (<see cref="ExternalScriptFetcher"/>). Outside the page's politeness slot, so a page's own host is not held while
/// its scripts arrive. Browser snapshots pass through: the browser keeps the scripts it ran itself.
/// </summary>
public sealed class ScriptFetchingLoader(IPageLoader inner, ExternalScriptFetcher scripts) : ICapturingPageLoader
{
    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken) =>
        await scripts.WithScriptsAsync(await inner.LoadAsync(url, profile, cancellationToken), cancellationToken);

    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection capture, CancellationToken cancellationToken) =>
        inner is ICapturingPageLoader capturing
            ? await scripts.WithScriptsAsync(await capturing.LoadAsync(url, profile, capture, cancellationToken), cancellationToken)
            : await LoadAsync(url, profile, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
