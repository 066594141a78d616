using Scanner.Core.Model;

namespace Scanner.Core.Loading;

/// <summary>
/// Given the snapshot of a page that is still open, names the elements (CSS selectors) worth a screenshot:
/// in practice, the elements of the page's findings. Return an empty list to take none.
/// </summary>
public delegate IReadOnlyList<string> CaptureSelection(PageSnapshot snapshot);

/// <summary>
/// A loader that can photograph elements of a page before it closes it (the browser can; a static loader cannot).
/// The images land in <see cref="PageSnapshot.Captures"/>.
/// </summary>
public interface ICapturingPageLoader : IPageLoader
{
    Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CaptureSelection capture, CancellationToken cancellationToken);
}
