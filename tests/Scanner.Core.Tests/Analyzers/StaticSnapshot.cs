using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Scanner.Core.Model;
using Visibility = Scanner.Core.Model.Visibility;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// A snapshot built from HTML alone, without a browser: scripts, links (grouped by parent block), frames, meta, title and
/// every element's own text, all taken as visible. Enough for the analyzers that read the served HTML and script text
/// (scripts, title and meta, outside-document, signatures); visibility needs the browser.
/// </summary>
internal static class StaticSnapshot
{
    public static PageSnapshot FromHtml(string html, string url)
    {
        var document = new HtmlParser().ParseDocument(html);
        var baseUri = new Uri(url);
        string Abs(string? href) => href is null ? "" : Uri.TryCreate(baseUri, href, out var u) ? u.ToString() : href;
        var title = document.QuerySelector("title")?.TextContent.Trim();
        var blocks = new List<TextBlock>();
        foreach (var element in document.Body?.QuerySelectorAll("*").Where(e => e.LocalName is not ("script" or "style" or "noscript")) ?? [])
        {
            var text = string.Join(" ", element.ChildNodes.Where(n => n.NodeType == NodeType.Text).Select(n => n.TextContent.Trim()).Where(t => t.Length > 0));
            if (text.Length > 0) blocks.Add(new TextBlock(Selector(element), element.LocalName, text, Visibility.Visible, new Box(0, 0, 100, 20), element.Closest("a[href]") is { } a ? Abs(a.GetAttribute("href")) : null));
        }
        return new PageSnapshot
        {
            RequestedUrl = url,
            FinalUrl = url,
            Status = 200,
            ServedHtml = html,
            RenderedHtml = html,
            RawTitle = title,
            RenderedTitle = title,
            Language = document.DocumentElement.GetAttribute("lang"),
            TextBlocks = blocks,
            Links = document.QuerySelectorAll("a[href]").Select(a => new PageLink(Selector(a), Abs(a.GetAttribute("href")),
                a.TextContent.Trim(), Visibility.Visible, new Box(0, 0, 50, 20), a.GetAttribute("rel"),
                a.ParentElement?.Closest("ul, ol, div, p, td, section, footer, nav, table") is { } c ? Selector(c) : null)).ToArray(),
            Scripts = document.Scripts.Select(s => new PageScript(s.GetAttribute("src") is { } src ? Abs(src) : null,
                s.GetAttribute("src") is null ? s.TextContent : null, Selector(s))).ToArray(),
            Frames = document.QuerySelectorAll("iframe[src]").Select(f => new PageFrame(Selector(f), Abs(f.GetAttribute("src")),
                Visibility.Visible, new Box(0, 0, double.TryParse(f.GetAttribute("width"), out var w) ? w : 300, double.TryParse(f.GetAttribute("height"), out var h) ? h : 150))).ToArray(),
            Meta = document.QuerySelectorAll("meta").Select(m => new MetaTag(m.GetAttribute("name"), m.GetAttribute("http-equiv"), m.GetAttribute("property"), m.GetAttribute("content") ?? "")).ToArray(),
        };
    }

    private static string Selector(IElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null && e.LocalName != "html"; e = e.ParentElement)
        {
            var same = e.ParentElement?.Children.Where(c => c.LocalName == e.LocalName).ToList();
            parts.Insert(0, same is { Count: > 1 } ? $"{e.LocalName}:nth-of-type({same.IndexOf(e) + 1})" : e.LocalName);
        }
        return string.Join(" > ", parts);
    }
}

/// <summary>The project's ../shared folder beside the repository (corpus, word lists); null when absent.</summary>
internal static class Shared
{
    public static string? Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Scanner.sln"))) continue;
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine([dir.FullName, "..", "shared", .. parts]));
            return Directory.Exists(target) || File.Exists(target) ? target : null;
        }
        return null;
    }

    public static string Require(params string[] parts) => Path(parts)
        ?? throw new InvalidOperationException($"This test needs ../shared/{string.Join('/', parts)} beside the repository (the project's shared material).");
}
