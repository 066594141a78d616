using Scanner.Core.Model;

namespace Scanner.Core.Loading;

/// <summary>
/// Turns a URL into a <see cref="PageSnapshot"/>. Never throws for a page that fails to load: the failure is
/// recorded in the snapshot's <see cref="PageSnapshot.Error"/> so the scan goes on.
/// </summary>
public interface IPageLoader : IAsyncDisposable
{
    Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken);
}
