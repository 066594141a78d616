using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Scanner.Core.Model;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Photographs elements of an open page for the report: for each selector, a clipped JPEG of the region around the
/// element with the element outlined (solid red). An element without a visible box — display:none, off-screen, zero
/// size — cannot be photographed, so a thin marker is put where the browser would lay it out (before its outermost
/// hidden ancestor, inside the nearest ancestor with a box), outlined dashed, and that ancestor is named.
/// Memory stays bounded: at most <see cref="MaxPerPage"/> images per page, each at most
/// <see cref="MaxClipWidth"/> × <see cref="MaxClipHeight"/> CSS pixels at JPEG quality <see cref="JpegQuality"/>.
/// </summary>
public static class FindingScreenshots
{
    public const int MaxPerPage = 5;
    public const int MaxClipWidth = 900;
    public const int MaxClipHeight = 500;
    public const int Padding = 60;
    public const int JpegQuality = 70;

    // Outlines the element with an overlay in document coordinates and returns where it is. An element without a
    // visible box gets a thin in-flow marker just before its outermost hidden ancestor — where the browser would lay
    // it out — and the marker is outlined, dashed. Custom elements with !important styles, so the page's CSS
    // cannot hide them.
    private const string OutlineScript = """
        (sel) => {
          const el = document.querySelector(sel);
          if (!el) return null;
          const de = document.documentElement, body = document.body;
          const docW = Math.max(de.scrollWidth, body ? body.scrollWidth : 0, de.clientWidth);
          const docH = Math.max(de.scrollHeight, body ? body.scrollHeight : 0, de.clientHeight);
          const abs = e => { const r = e.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height }; };
          const seen = b => b.w >= 2 && b.h >= 2 && b.x + b.w > 0 && b.y + b.h > 0 && b.x < docW && b.y < docH;
          const important = css => css.split(';').filter(Boolean).map(p => p + ' !important').join(';');
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + Array.from(e.classList).slice(0, 2).map(c => '.' + c).join('');
          const own = abs(el);
          let box = own, ancestor = null;
          if (!seen(own)) {
            let root = el;
            while (root.parentElement && !seen(abs(root.parentElement))) root = root.parentElement;
            const parent = root.parentElement;
            if (!parent) return null;
            const marker = document.createElement('scanner-marker');
            marker.style.cssText = important('display:block;position:static;visibility:visible;opacity:1;height:6px;min-width:40px;margin:0;padding:0;border:0');
            parent.insertBefore(marker, root);
            const p = abs(parent), m = abs(marker);
            box = seen(m) ? { x: m.x, y: m.y, w: Math.max(m.w, 40), h: m.h } : p;
            ancestor = name(parent);
          }
          const o = document.createElement('scanner-outline');
          o.style.cssText = important('position:absolute;display:block;pointer-events:none;z-index:2147483647;box-sizing:border-box;margin:0;padding:0;'
            + 'left:' + (box.x - 4) + 'px;top:' + (box.y - 4) + 'px;width:' + (box.w + 8) + 'px;height:' + (box.h + 8) + 'px;'
            + 'border:3px ' + (ancestor ? 'dashed' : 'solid') + ' #ff0033;background:' + (ancestor ? 'rgba(255,0,51,.25)' : 'transparent'));
          de.appendChild(o);
          return { x: box.x, y: box.y, w: box.w, h: box.h, docW: Math.max(docW, de.scrollWidth), docH: Math.max(docH, de.scrollHeight),
                   own: !ancestor, ex: own.x, ey: own.y, ew: own.w, eh: own.h, ancestor };
        }
        """;

    private const string RemoveScript = "() => document.querySelectorAll('scanner-outline, scanner-marker').forEach(e => e.remove())";

    public static async Task<IReadOnlyList<ElementCapture>> CaptureAsync(IPage page, IReadOnlyList<string> selectors, ILogger log, CancellationToken ct)
    {
        var captures = new List<ElementCapture>();
        var clock = Stopwatch.StartNew();
        foreach (var selector in selectors.Distinct(StringComparer.Ordinal).Take(MaxPerPage))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var found = await page.EvaluateAsync<JsonElement?>(OutlineScript, selector);
                if (found is not { ValueKind: JsonValueKind.Object } box) continue;
                try
                {
                    var image = await page.ScreenshotAsync(new PageScreenshotOptions
                    {
                        FullPage = true,
                        Clip = ClipAround(box),
                        Type = ScreenshotType.Jpeg,
                        Quality = JpegQuality,
                        Animations = ScreenshotAnimations.Disabled,
                        Timeout = 10_000,
                    });
                    captures.Add(new ElementCapture(
                        selector, image, "image/jpeg",
                        new Box(Number(box, "ex"), Number(box, "ey"), Number(box, "ew"), Number(box, "eh")),
                        box.GetProperty("own").GetBoolean(),
                        box.GetProperty("ancestor").ValueKind == JsonValueKind.String ? box.GetProperty("ancestor").GetString() : null));
                }
                finally
                {
                    await page.EvaluateAsync(RemoveScript);
                }
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                log.Debug("No screenshot of {Selector} on {Url}: {Error}", selector, page.Url, e.Message.Split('\n')[0]);
            }
        }
        log.Debug("{Url}: {Count} screenshot(s) in {Ms:0} ms", page.Url, captures.Count, clock.Elapsed.TotalMilliseconds);
        return captures;
    }

    /// <summary>The element plus some context, within the document, no larger than the cap (the element's top-left stays in view).</summary>
    private static Clip ClipAround(JsonElement box)
    {
        double x = Number(box, "x"), y = Number(box, "y"), w = Number(box, "w"), h = Number(box, "h");
        double docW = Number(box, "docW"), docH = Number(box, "docH");
        var width = Math.Min(MaxClipWidth, w + 2 * Padding);
        var height = Math.Min(MaxClipHeight, h + 2 * Padding);
        // Centre small elements; for large ones keep their top-left corner (with padding) in the picture.
        var left = w + 2 * Padding <= MaxClipWidth ? x - (width - w) / 2 : x - Padding;
        var top = h + 2 * Padding <= MaxClipHeight ? y - (height - h) / 2 : y - Padding;
        left = Math.Max(0, Math.Min(left, docW - width));
        top = Math.Max(0, Math.Min(top, docH - height));
        return new Clip { X = (float)Math.Max(0, left), Y = (float)Math.Max(0, top), Width = (float)Math.Max(1, width), Height = (float)Math.Max(1, height) };
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}
