using Microsoft.Playwright;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Bodies of what the page's main frame loaded, kept from Chromium's own responses (no second fetch), bounded so the
/// page does not wait: the first responses of one resource type up to a count, none declared over a size, their bodies
/// read together within <see cref="BodyWait"/>.
/// <list type="bullet">
/// <item><see cref="Scripts"/>: the browser engine's external scripts (<see cref="ExternalScripts"/>), so the script
///   rules read a hijack script whose condition (a search-engine referrer, a phone) the default visitor never meets.</item>
/// <item><see cref="StyleSheets"/>: the stylesheets (imports included), so the served HTML is judged with the sheets the
///   static engine would have fetched (<see cref="PageSnapshot.StyleSheets"/>), within the same <c>subresources</c> bounds.</item>
/// </list>
/// </summary>
internal sealed class LoadedBodies
{
    /// <summary>All bodies together: Chromium hands them over from memory, a few milliseconds each.</summary>
    public static readonly TimeSpan BodyWait = TimeSpan.FromSeconds(1);

    private readonly List<IResponse> _responses = [];
    private readonly long _maxBytes;

    /// <summary>Scripts: twice the per-page limit, as the browser does not know the well-known hosts, whose code the rules skip.</summary>
    public static LoadedBodies Scripts(IPage page) => new(page, "script", 2 * ExternalScripts.MaxPerPage, ExternalScripts.MaxBytes);

    public static LoadedBodies StyleSheets(IPage page, DetectorSettings settings) =>
        new(page, "stylesheet", settings.Get(SubresourceSettings.StyleSheetsPerPage), settings.Get(SubresourceSettings.StyleSheetBytes));

    private LoadedBodies(IPage page, string resourceType, int maxResponses, long maxBytes)
    {
        _maxBytes = maxBytes;
        page.Response += (_, r) =>
        {
            if (r.Request.ResourceType != resourceType || r.Status is < 200 or >= 300 || r.Frame != page.MainFrame) return;
            if (r.Headers.TryGetValue("content-length", out var length) && long.TryParse(length, out var bytes) && bytes > maxBytes) return;
            lock (_responses) if (_responses.Count < maxResponses && r.Url.StartsWith("http", StringComparison.Ordinal)) _responses.Add(r);
        };
    }

    /// <summary>URL → text of the responses whose bodies arrived within <see cref="BodyWait"/> and the size limit.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TextsAsync(ILogger log)
    {
        IResponse[] responses;
        lock (_responses) responses = [.. _responses];
        if (responses.Length == 0) return new Dictionary<string, string>();
        var reads = responses.Select(r => (Response: r, Body: r.BodyAsync())).ToArray();
        try { await Task.WhenAll(reads.Select(r => r.Body)).WaitAsync(BodyWait); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { log.Debug("Some bodies were not read: {Error}", e.Message); }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (response, body) in reads)
        {
            if (!body.IsCompletedSuccessfully || body.Result.Length > _maxBytes || texts.ContainsKey(response.Url)) continue;
            response.Headers.TryGetValue("content-type", out var type);
            texts[response.Url] = HtmlDecoder.Decode(body.Result, type);
        }
        foreach (var (_, body) in reads.Where(r => !r.Body.IsCompleted)) _ = body.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed, not awaited
        return texts;
    }
}
