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
        var cdp = await page.Context.NewCDPSessionAsync(page);
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
                ["expression"] = Expression, ["contextId"] = contextId, ["returnByValue"] = true, ["awaitPromise"] = false,
            });
            if (evaluation!.Value.TryGetProperty("exceptionDetails", out var exception))
                throw new PlaywrightException($"the probe threw: {DescribeException(exception)}");
            var json = evaluation.Value.GetProperty("result").GetProperty("value").GetString()
                ?? throw new PlaywrightException("the probe returned nothing");
            using var document = JsonDocument.Parse(json);
            return ProbeResult.Parse(document.RootElement);
        }
        finally
        {
            await cdp.DetachAsync();
        }
    }

    private static string DescribeException(JsonElement details) =>
        details.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString() ?? "" :
        details.TryGetProperty("text", out var t) ? t.GetString() ?? "" : details.ToString();
}
