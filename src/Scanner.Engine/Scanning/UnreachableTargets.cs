using Scanner.Core.Model;

namespace Scanner.Engine.Scanning;

/// <summary>
/// The targets the user named (command line or scanner.yml) that could not be loaded at all: no answer (DNS failure,
/// refused or reset connection, TLS error, timeout) or a 5xx still there after the retries. The scan could not check
/// what it was asked to, so the run is a 2 unless its findings already trip the gate. Pages found by crawling, or listed
/// in a sitemap or URL list, that fail the same way are only recorded; so are 4xx answers and documents that are not HTML.
/// </summary>
public static class UnreachableTargets
{
    public static bool CouldNotLoad(PageResult page) => page.Error is not null && (page.Status is null || page.Status >= 500);

    /// <summary>One line: each target with its error ("http://a/ (net::ERR_CONNECTION_REFUSED)").</summary>
    public static string Describe(IReadOnlyList<PageResult> unreachable) =>
        $"{(unreachable.Count == 1 ? "a target" : $"{unreachable.Count} targets")} could not be loaded, so the scan could not check " +
        $"{(unreachable.Count == 1 ? "it" : "them")}: {string.Join(", ", unreachable.Select(p => $"{p.Url} ({ErrorOf(p)})"))}";

    /// <summary>The page's error on one line, without Chromium's trailing " at URL".</summary>
    private static string ErrorOf(PageResult page)
    {
        var error = page.Error!.Split('\n', 2)[0].Trim();
        var at = $" at {page.Url}";
        return error.EndsWith(at, StringComparison.Ordinal) ? error[..^at.Length] : error;
    }
}
