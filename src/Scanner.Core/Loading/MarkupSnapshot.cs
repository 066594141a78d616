using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Model;

namespace Scanner.Core.Loading;

/// <summary>
/// Turns HTML into a snapshot without running anything: what a spider reads. The static engine builds its pages with
/// it; the analyzers use it on the browser engine's served HTML to see what only the source holds
/// (<see cref="Analyzers.ServedSourceAnalyzer"/>). Visibility comes from <see cref="MarkupVisibility"/>.
/// </summary>
public static class MarkupSnapshot
{
    private static readonly HashSet<string> SkippedElements = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE"];

    /// <summary>Tags a link farm's container is never: inline wrappers, list items and table cells are climbed over, as the probe does.</summary>
    private static readonly HashSet<string> InlineTags =
        ["a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "label", "li", "small", "span", "strong", "sub", "sup", "u", "td", "th", "tr", "tbody", "thead", "tfoot", "marquee", "nobr"];

    /// <summary><paramref name="template"/> with everything read from <paramref name="html"/> (served as <paramref name="url"/>).</summary>
    public static PageSnapshot Build(string html, Uri url, PageSnapshot template)
    {
        var document = new HtmlParser().ParseDocument(html);
        var visibility = new MarkupVisibility(document);
        var title = document.QuerySelector("title")?.TextContent.Trim();
        return template with
        {
            ServedHtml = html,
            RenderedHtml = html,
            RawTitle = title,
            RenderedTitle = title,
            Language = document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang : null,
            TextBlocks = TextBlocksOf(document, url, visibility).ToArray(),
            Links = document.QuerySelectorAll("a[href], area[href]")
                .Select(a => new PageLink(CssPath.Of(a), Resolve(url, a.GetAttribute("href")!), Collapse(a.TextContent), visibility.Of(a), default,
                    a.GetAttribute("rel"), ContainerOf(a)))
                .ToArray(),
            Scripts = document.Scripts.Select(s => new PageScript(
                string.IsNullOrEmpty(s.Source) ? null : Resolve(url, s.Source), string.IsNullOrEmpty(s.Source) ? s.Text : null, CssPath.Of(s))).ToArray(),
            Frames = document.QuerySelectorAll("iframe[src], frame[src]")
                .Select(f => new PageFrame(CssPath.Of(f), Resolve(url, f.GetAttribute("src")!), visibility.Of(f), FrameBox(f))).ToArray(),
            Meta = document.QuerySelectorAll("meta").Select(m => new MetaTag(m.GetAttribute("name"), m.GetAttribute("http-equiv"),
                m.GetAttribute("property"), m.GetAttribute("content") ?? "")).ToArray(),
        };
    }

    /// <summary>The text of every <c>&lt;noscript&gt;</c> in <paramref name="html"/>'s body and head, parsed as a spider parses it.</summary>
    public static IReadOnlyList<(string Selector, string Text, IReadOnlyList<(string Href, string Text)> Links)> NoScriptBlocks(string html, Uri url)
    {
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelectorAll("noscript").Select(n => (CssPath.Of(n), Collapse(n.TextContent),
                (IReadOnlyList<(string, string)>)n.QuerySelectorAll("a[href]").Select(a => (Resolve(url, a.GetAttribute("href")!), Collapse(a.TextContent))).ToArray()))
            .ToArray();
    }

    private static IEnumerable<TextBlock> TextBlocksOf(IHtmlDocument document, Uri baseUri, MarkupVisibility visibility)
    {
        if (document.Body is null) yield break;
        foreach (var element in document.Body.DescendantsAndSelf<IElement>())
        {
            if (SkippedElements.Contains(element.TagName) || element.Ancestors<IElement>().Any(a => SkippedElements.Contains(a.TagName))) continue;
            var text = Collapse(string.Concat(element.ChildNodes.OfType<IText>().Select(t => t.Data)));
            if (text.Length == 0) continue;
            var link = element.Closest("a[href]");
            yield return new TextBlock(CssPath.Of(element), element.LocalName, text, visibility.Of(element), default,
                link is null ? null : Resolve(baseUri, link.GetAttribute("href")!));
        }
    }

    /// <summary>The link's nearest block ancestor that holds more than one link: what the links of one farm share.</summary>
    private static string? ContainerOf(IElement link)
    {
        IElement? e = link.ParentElement;
        while (e is not null && e.LocalName is not ("body" or "html"))
        {
            if (!InlineTags.Contains(e.LocalName) && e.QuerySelectorAll("a[href]").Length > 1) return CssPath.Of(e);
            e = e.ParentElement;
        }
        return e is null ? null : CssPath.Of(e);
    }

    /// <summary>A frame's size from its width/height attributes (a 1×1 iframe is written that way); zero when not given.</summary>
    private static Box FrameBox(IElement frame)
    {
        static double Size(string? v) => double.TryParse(v?.Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 300;
        return new Box(0, 0, Size(frame.GetAttribute("width")), Size(frame.GetAttribute("height")));
    }

    public static string Resolve(Uri baseUri, string href) =>
        Uri.TryCreate(baseUri, href.Trim(), out var absolute) ? absolute.AbsoluteUri : href;

    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
