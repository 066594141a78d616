using Microsoft.Playwright;

namespace Scanner.Browser.Loading;

/// <summary>
/// What a page needs no fetch of when no screenshot is wanted: images, media and fonts cannot put text or links into
/// the page (issue 20). They are refused inside Chromium by URL pattern (CDP <c>Network.setBlockedURLs</c>), so a page's
/// hundred images cost no round trip to the scanner. Scripts, stylesheets, XHR/fetch and frames always load: injected
/// spam arrives through those.
/// </summary>
internal static class UnseenResources
{
    private static readonly string[] Extensions =
        ["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "apng",
         "mp4", "webm", "ogg", "ogv", "mp3", "m4a", "m4v", "wav", "flac", "mov", "avi",
         "woff", "woff2", "ttf", "otf", "eot"];

    /// <summary>Each extension at the end of the path, with and without a query string, in either case.</summary>
    private static readonly string[] Patterns = Extensions
        .SelectMany(e => new[] { e, e.ToUpperInvariant() })
        .SelectMany(e => new[] { $"*.{e}", $"*.{e}?*" })
        .ToArray();

    /// <param name="cdp">A session that stays attached for the page's life: the block list is the session's.</param>
    public static async Task BlockAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = Patterns });
    }
}
