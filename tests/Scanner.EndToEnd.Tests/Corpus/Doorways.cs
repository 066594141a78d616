using System.Text;
using static Scanner.EndToEnd.Tests.Corpus.DevCorpusGenerator;

namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>
/// Whole doorway pages (泛目录): generated on a hacked host under random-looking paths, spam from title to footer,
/// on Q&amp;A, article, catalogue and contact templates, with the host's name pasted in and "伪原创" filler sentences
/// between the spam. Four templates × the categories, different navigation languages and lengths.
/// </summary>
public sealed class Doorways(IReadOnlyDictionary<string, IReadOnlyList<string>> phrases, IReadOnlyList<string> filler)
{
    private static readonly string[] Sites = ["永州市人民政府", "某某县教育局", "XX职业技术学院", "市人民医院", "区税务局", "Hunan Provincial Museum", "县政务服务中心", "市第一中学"];
    private static readonly string[][] Navs =
    [
        ["首页", "新闻中心", "政务公开", "办事服务", "互动交流"],
        ["Home", "News", "About", "Contact"],
        ["网站首页", "问答", "热门", "最新"],
        [],
    ];
    private static readonly string[] Templates = ["qa", "article", "catalogue", "contact"];

    public IEnumerable<(string Path, string Html, string Category, string Technique)> All()
    {
        var n = 0;
        foreach (var template in Templates)
            for (var i = 0; i < 8; i++)
            {
                n++;
                var rng = Rng("doorway-" + template, i);
                var category = Categories[(n * 7 + i) % Categories.Length];
                var second = rng.Next(3) == 0 ? Pick(rng, Categories) : category;
                var site = Pick(rng, Sites);
                var html = template switch
                {
                    "qa" => Qa(rng, category, second, site),
                    "article" => Article(rng, category, second, site),
                    "catalogue" => Catalogue(rng, category, second, site),
                    _ => Contact(rng, category, site),
                };
                yield return (PathShape(rng, template, i), html, category == second ? category : $"{category}|{second}", $"doorway-{template}");
            }
    }

    /// <summary>The shapes of 泛目录 URLs (a local folder can only hold files, so query strings become path segments).</summary>
    private static string PathShape(Random r, string template, int i) => r.Next(4) switch
    {
        0 => $"spam/doorway/news/2023{r.Next(1, 13):00}{r.Next(1, 29):00}/{Injections.RandomToken(r, 5, 8)}-{template}{i}.html",
        1 => $"spam/doorway/m/{r.Next(10000, 99999)}/{r.Next(10000, 99999)}-{template}{i}.html",
        2 => $"spam/doorway/{Injections.RandomToken(r, 2, 3)}/{Injections.RandomToken(r, 3, 5)}/{r.Next(100, 999)}-{template}{i}.html",
        _ => $"spam/doorway/show-{Injections.RandomToken(r, 4, 6)}{r.Next(10, 99)}-{template}{i}.html",
    };

    private static string RelativeDoorwayHref(Random r) => r.Next(3) switch
    {
        0 => $"/{Injections.RandomToken(r, 2, 3)}.php?{Injections.RandomToken(r, 3, 5)}/{r.Next(100, 99999)}.html",
        1 => $"/news.asp?news-{Injections.RandomToken(r, 5, 6)}",
        _ => $"/m.php?{r.Next(10000, 99999)}/{r.Next(10000, 99999)}.html",
    };

    private string Phrase(Random r, string category) => Pick(r, phrases[category]);

    private string Mixed(Random r, string a, string b, int sentences)
    {
        var text = new StringBuilder();
        for (var s = 0; s < sentences; s++)
            text.Append(r.Next(5) < 2 ? Pick(r, filler) : Phrase(r, s % 2 == 0 ? a : b) + Pick(r, ["。", "，", "！", " "]));
        return text.ToString();
    }

    private string Page(Random r, string title, string keywords, string body, string? lang = null)
    {
        var nav = Pick(r, Navs);
        var navHtml = nav.Length == 0 ? "" : $"<div class=\"{Pick(r, ["nav", "menu", "header-nav"])}\">{string.Join(" ", nav.Select(x => $"<a href=\"/\">{x}</a>"))}</div>";
        return $"""
            <!DOCTYPE html>
            <html lang="{lang ?? Pick(r, ["zh-CN", "zh", "zh-cn"])}">
            <head>
            <meta charset="utf-8">
            <title>{title}</title>
            <meta name="keywords" content="{keywords}">
            <meta name="description" content="{title}">
            </head>
            <body>
            {navHtml}
            {body}
            <div class="{Pick(r, ["footer", "foot", "copyright"])}">{Pick(r, ["Copyright © 2023", "版权所有", "All rights reserved", "本站内容来源于网络"])} {Pick(r, Sites)}</div>
            </body>
            </html>
            """;
    }

    private string Related(Random r, string category, int count) =>
        $"<div class=\"{Pick(r, ["related", "xgwz", "hot"])}\"><h3>{Pick(r, ["相关问题", "相关文章", "热门推荐", "猜你喜欢"])}</h3><ul>"
        + string.Join("", Enumerable.Range(0, count).Select(_ => $"<li><a href=\"{RelativeDoorwayHref(r)}\">{Phrase(r, category)}</a></li>")) + "</ul></div>";

    private string Qa(Random r, string a, string b, string site)
    {
        var question = Phrase(r, a) + Pick(r, ["？", "怎么样？", "靠谱吗？", "哪里有？", "多少钱？"]);
        var answers = string.Join("", Enumerable.Range(0, r.Next(2, 5)).Select(k =>
            $"<div class=\"answer\"><span class=\"user\">{Pick(r, ["网友", "匿名用户", "热心网友"])}{r.Next(100, 9999)}</span><p>{Mixed(r, a, b, r.Next(2, 5))}</p></div>"));
        var body = $"<div class=\"qa\"><h1>{question}</h1><div class=\"best\"><h2>最佳答案</h2><p>{Mixed(r, a, b, r.Next(3, 6))}</p></div>{answers}</div>{Related(r, b, r.Next(5, 12))}";
        return Page(r, $"{question}_{site}", $"{Phrase(r, a)},{Phrase(r, b)}", body);
    }

    private string Article(Random r, string a, string b, string site)
    {
        var title = Phrase(r, a);
        var paragraphs = string.Join("", Enumerable.Range(0, r.Next(3, 10)).Select(_ => $"<p>{Mixed(r, a, b, r.Next(2, 6))}</p>"));
        var sub = r.Next(2) == 0 ? $"<h2>{Phrase(r, b)}</h2>" : "";
        var body = $"<div class=\"article\"><h1>{title}</h1><div class=\"info\">来源：{site} 发布时间：2023-{r.Next(1, 13):00}-{r.Next(1, 29):00} 浏览：{r.Next(100, 9999)}</div>{sub}{paragraphs}</div>{Related(r, a, r.Next(4, 10))}";
        return Page(r, $"{title}-{site}", string.Join(",", PickSome(r, phrases[a], 3)), body);
    }

    private string Catalogue(Random r, string a, string b, string site)
    {
        var heading = Phrase(r, a);
        var sections = string.Join("", Enumerable.Range(0, r.Next(2, 5)).Select(k =>
            $"<h2>{Phrase(r, k % 2 == 0 ? a : b)}</h2><ul>{string.Join("", Enumerable.Range(0, r.Next(5, 12)).Select(_ => $"<li><a href=\"{RelativeDoorwayHref(r)}\">{Phrase(r, k % 2 == 0 ? a : b)}</a> <span>{r.Next(1, 12)}-{r.Next(1, 28)}</span></li>"))}</ul>"));
        return Page(r, $"{heading}_{Phrase(r, b)}_{site}", $"{heading}", $"<h1>{heading}</h1>{sections}");
    }

    private string Contact(Random r, string category, string site)
    {
        var title = Phrase(r, category);
        var contact = Pick(r, [$"QQ：{r.Next(10000000, 999999999)}", $"微信：{Injections.RandomToken(r, 6, 9)}", $"电话：1{r.Next(30, 89)}{r.Next(10000000, 99999999)}", $"加V：{Injections.RandomToken(r, 5, 8)}"]);
        var items = string.Join("", PickSome(r, phrases[category], r.Next(4, 8)).Select(p => $"<li>{p}</li>"));
        var body = $"<h1>{title}</h1><h2>{Pick(r, ["服务项目", "业务范围", "产品列表", "价格表"])}</h2><ul>{items}</ul><p>{Mixed(r, category, category, r.Next(2, 5))}</p><h3>联系方式</h3><p>{contact} {Pick(r, ["诚信经营", "安全保密", "24小时在线", "全国包邮"])}</p>";
        return Page(r, $"{title}【{contact}】", string.Join(",", PickSome(r, phrases[category], 4)), body);
    }
}
