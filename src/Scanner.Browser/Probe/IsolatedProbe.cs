using System.Text.Json;
using Microsoft.Playwright;

namespace Scanner.Browser.Probe;

/// <summary>
/// Runs probe.js in an isolated world of the page's main frame (CDP <c>Page.createIsolatedWorld</c>), the way
/// extensions' content scripts run: the same DOM, but JavaScript objects of its own. A page script that patches
/// <c>Document.prototype.createTreeWalker</c>, <c>getComputedStyle</c> or the <c>textContent</c> getter changes
/// its own world only, so it cannot blind the probe (issue 15, "Probe isolation").
/// </summary>
internal static class IsolatedProbe
{
    private const string WorldName = "scanner-probe";

    /// <summary>The probe as one expression whose value is its JSON text (one string over the wire, parsed here).</summary>
    private static readonly string Expression = $"JSON.stringify(({ProbeResult.Script.Trim().TrimEnd(';')})())";

    /// <exception cref="PlaywrightException">The frame went away (navigation) or the probe threw.</exception>
    public static async Task<ProbeResult> RunAsync(IPage page)
    {
        var value = await EvaluateAsync(page, Expression);
        var json = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new PlaywrightException("the probe returned nothing");
        using var document = JsonDocument.Parse(json);
        return ProbeResult.Parse(document.RootElement);
    }

    /// <summary>
    /// The served document's size after decompression, read in the isolated world (a page cannot fake it to make us
    /// fetch a huge body); -1 while it still arrives.
    /// </summary>
    public static async Task<long> DocumentBytesAsync(IPage page)
    {
        var value = await EvaluateAsync(page,
            "(() => { const n = performance.getEntriesByType('navigation')[0]; return n && n.responseEnd > 0 ? n.decodedBodySize : -1; })()");
        return value.ValueKind == JsonValueKind.Number ? value.GetInt64() : -1;
    }

    /// <summary>Where the isolated world keeps the time of the document's last change (see <see cref="ClockChangesAsync"/>).</summary>
    private const string LastChange = "__scannerLastChange";

    /// <summary>
    /// From the start of every document the page loads, the isolated world notes the time of its last change (a
    /// MutationObserver on the whole document, out of page scripts' reach), so settling counts the quiet period from
    /// the page's last change, not from when the scanner started watching. The session must stay attached.
    /// </summary>
    public static async Task ClockChangesAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("Page.enable"); // without it, the script is accepted but never runs
        await cdp.SendAsync("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object>
        {
            ["worldName"] = WorldName,
            ["source"] = $$"""
                globalThis.{{LastChange}} = performance.now();
                new MutationObserver(() => { globalThis.{{LastChange}} = performance.now(); })
                  .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
                """,
        });
    }

    /// <summary>
    /// Whether the document went <paramref name="quietMs"/> without a change (nodes, attributes or text, anywhere in
    /// it), watched by a MutationObserver in the isolated world, where page scripts cannot disarm it; false when it was
    /// still changing after <paramref name="maxMs"/>. The quiet time already behind the document's last change (when
    /// <see cref="ClockChangesAsync"/> clocked it) counts, up to <paramref name="quietBehindAtMostMs"/>: the time since the
    /// last request that could bring content finished (a script whose body has arrived may not have run yet).
    /// </summary>
    public static async Task<bool> DomQuietAsync(IPage page, int quietMs, int maxMs, int quietBehindAtMostMs)
    {
        var value = await EvaluateAsync(page, $$"""
            new Promise(resolve => {
              let timer;
              const done = quiet => { observer.disconnect(); clearTimeout(timer); clearTimeout(limit); resolve(quiet); };
              const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(() => done(true), {{quietMs}}); });
              observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
              const since = typeof globalThis.{{LastChange}} === 'number' ? Math.min(performance.now() - globalThis.{{LastChange}}, {{quietBehindAtMostMs}}) : 0;
              timer = setTimeout(() => done(true), Math.max(0, {{quietMs}} - since));
              const limit = setTimeout(() => done(false), {{maxMs}});
            })
            """, awaitPromise: true);
        return value.ValueKind == JsonValueKind.True;
    }

    /// <summary>The CDP session each page keeps for its life (see <see cref="Keep"/>), so an evaluation needs no session of its own.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, ICDPSession> Sessions = new();

    /// <summary>
    /// Evaluations in <paramref name="page"/> go through <paramref name="cdp"/>, a session that stays attached for the
    /// page's life, instead of attaching a session each (two round trips to the browser fewer per evaluation).
    /// </summary>
    public static void Keep(IPage page, ICDPSession cdp) => Sessions.AddOrUpdate(page, cdp);

    /// <summary>The session <paramref name="page"/> keeps (see <see cref="Keep"/>); null when it has none.</summary>
    public static ICDPSession? KeptSession(IPage page) => Sessions.TryGetValue(page, out var session) ? session : null;

    /// <summary>The value of <paramref name="expression"/>, evaluated in the isolated world of the main frame.</summary>
    private static async Task<JsonElement> EvaluateAsync(IPage page, string expression, bool awaitPromise = false)
    {
        var kept = Sessions.TryGetValue(page, out var session);
        var cdp = kept ? session! : await page.Context.NewCDPSessionAsync(page);
        try
        {
            var tree = await cdp.SendAsync("Page.getFrameTree");
            var frameId = tree!.Value.GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString()!;
            var world = await cdp.SendAsync("Page.createIsolatedWorld", new Dictionary<string, object>
            {
                ["frameId"] = frameId, ["worldName"] = WorldName, ["grantUniveralAccess"] = false,
            });
            var contextId = world!.Value.GetProperty("executionContextId").GetInt32();
            var evaluation = await cdp.SendAsync("Runtime.evaluate", new Dictionary<string, object>
            {
                ["expression"] = expression, ["contextId"] = contextId, ["returnByValue"] = true, ["awaitPromise"] = awaitPromise,
            });
            if (evaluation!.Value.TryGetProperty("exceptionDetails", out var exception))
                throw new PlaywrightException($"the probe threw: {DescribeException(exception)}");
            var result = evaluation.Value.GetProperty("result");
            return result.TryGetProperty("value", out var value) ? value.Clone() : default;
        }
        finally
        {
            if (!kept) await cdp.DetachAsync();
        }
    }

    private static string DescribeException(JsonElement details) =>
        details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString() ?? "" :
        details.TryGetProperty("text", out var t) ? t.GetString() ?? "" : details.ToString();
}
