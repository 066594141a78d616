using Microsoft.Playwright;
using Scanner.Core.Loading;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// The browser engine's external scripts (<see cref="ExternalScripts"/>): the code of the scripts the page's main
/// frame actually loaded, kept from Chromium's own responses (no second fetch), so the script rules read a hijack
/// script whose condition (a search-engine referrer, a phone) the default visitor never meets. Bounded so the page
/// does not wait: the first <see cref="MaxResponses"/> script responses, none declared over
/// <see cref="ExternalScripts.MaxBytes"/>, their bodies read together within <see cref="BodyWait"/>.
/// </summary>
internal sealed class LoadedScripts
{
    /// <summary>Twice the per-page limit: the browser does not know the well-known hosts, whose code the rules skip.</summary>
    private const int MaxResponses = 2 * ExternalScripts.MaxPerPage;

    /// <summary>All bodies together: Chromium hands them over from memory, a few milliseconds each.</summary>
    public static readonly TimeSpan BodyWait = TimeSpan.FromSeconds(1);

    private readonly List<IResponse> _responses = [];

    public LoadedScripts(IPage page) => page.Response += (_, r) =>
    {
        if (r.Request.ResourceType != "script" || r.Status is < 200 or >= 300 || r.Frame != page.MainFrame) return;
        if (r.Headers.TryGetValue("content-length", out var length) && long.TryParse(length, out var bytes) && bytes > ExternalScripts.MaxBytes) return;
        lock (_responses) if (_responses.Count < MaxResponses && r.Url.StartsWith("http", StringComparison.Ordinal)) _responses.Add(r);
    };

    /// <summary>URL → code of the scripts whose bodies arrived within <see cref="BodyWait"/> and the size limit.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TextsAsync(ILogger log)
    {
        IResponse[] responses;
        lock (_responses) responses = [.. _responses];
        if (responses.Length == 0) return new Dictionary<string, string>();
        var reads = responses.Select(r => (Response: r, Body: r.BodyAsync())).ToArray();
        try { await Task.WhenAll(reads.Select(r => r.Body)).WaitAsync(BodyWait); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { log.Debug("Some script bodies were not read: {Error}", e.Message); }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (response, body) in reads)
        {
            if (!body.IsCompletedSuccessfully || body.Result.Length > ExternalScripts.MaxBytes || texts.ContainsKey(response.Url)) continue;
            response.Headers.TryGetValue("content-type", out var type);
            texts[response.Url] = HtmlDecoder.Decode(body.Result, type);
        }
        foreach (var (_, body) in reads.Where(r => !r.Body.IsCompleted)) _ = body.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed, not awaited
        return texts;
    }
}
