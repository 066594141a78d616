using System.Text;
using System.Text.RegularExpressions;
using static Scanner.EndToEnd.Tests.Corpus.DevCorpusGenerator;

namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>One way of injecting spam into a host page.</summary>
public sealed record Injection(Func<string, Random, string, string> Apply, bool NeedsChinese = true);

/// <summary>
/// The injection techniques of issue 14, written the way the attackers write them (see ../shared/seed and the
/// techniques' comments): varied wrappers, ids, domains and phrases, never one template repeated. Hosts that browsers
/// would load or navigate to are under .localhost on port 9 (loopback, refused at once): nothing leaves the machine.
/// </summary>
public sealed class Injections(IReadOnlyDictionary<string, IReadOnlyList<string>> phrases)
{
    private static readonly string[] Tlds = ["com", "net", "cc", "top", "xyz", "vip", "cn", "com.cn", "info", "me", "co"];
    private static readonly string[] Pinyin = ["aomen", "jinsha", "pujing", "yinhe", "huangguan", "dafa", "bet", "vip", "yongli", "weinisi", "tyc", "hg", "js", "xpj", "amyh", "ag", "bbin", "kaiyuan", "le", "av", "se", "jj", "yy", "lu", "sese", "qvod", "banzheng", "fapiao", "sifu", "daikuan"];

    /// <summary>(technique, pages, category or null for porn/gambling by chance, injection).</summary>
    public IEnumerable<(string Technique, int Count, string? Category, Injection Inject)> All
    {
        get
        {
            yield return ("footer-phrase-list", 8, null, new((h, r, c) => BeforeBodyEnd(h, FooterPhraseList(r, c))));
            yield return ("hidden-display-none", 5, null, new((h, r, c) => BeforeBodyEnd(h, Wrap(r, Pick(r, ["display:none", "display: none;", "DISPLAY:none"]), LinkList(r, c, r.Next(8, 20))))));
            yield return ("hidden-offscreen", 5, null, new((h, r, c) => AfterBodyStart(h, Wrap(r, Pick(r, ["position:absolute;top:-999px;left:-999px", "position:absolute; left:-9999px; top:0", "text-indent:-9999px;overflow:hidden", "position:fixed;top:-3000px"]), LinkList(r, c, r.Next(8, 20))))));
            yield return ("hidden-1px-box", 5, null, new((h, r, c) => BeforeBodyEnd(h, Wrap(r, Pick(r, ["height:1px;overflow:hidden", "width:1px;height:1px;overflow:hidden", "height:0;overflow:hidden", "overflow:hidden;height:1px;line-height:1px"]), LinkList(r, c, r.Next(8, 20))))));
            yield return ("hidden-marquee", 4, null, new((h, r, c) => BeforeBodyEnd(h, $"<marquee height=\"1\" width=\"{Pick(r, ["1", "2", "3"])}\" scrollamount=\"{r.Next(2000, 9999)}\" scrolldelay=\"{r.Next(10000, 99999)}\">{LinkList(r, c, r.Next(8, 16))}</marquee>")));
            yield return ("hidden-white-text", 4, null, new((h, r, c) => BeforeBodyEnd(h, Wrap(r, Pick(r, ["color:#FFFFFF;font-size:1px;line-height:1px", "color:#fff;font-size:1px", "font-size:0px;color:white"]), LinkList(r, c, r.Next(8, 16), $" style=\"color:{Pick(r, ["#fff", "#FFFFFF", "white"])}\"")))));
            yield return ("hidden-by-later-script", 5, null, new((h, r, c) => BeforeBodyEnd(h, ScriptHidden(r, c))));
            yield return ("hidden-neutral-anchors", 6, "unknown", new((h, r, _) => BeforeBodyEnd(h, Wrap(r, Pick(r, ["display:none", "position:absolute;left:-8000px", "height:1px;overflow:hidden"]), NeutralFarm(r)))));
            yield return ("document-write-links", 5, null, new((h, r, c) => BeforeBodyEnd(h, DocumentWrite(r, c))));
            yield return ("after-html", 5, null, new((h, r, c) => AfterHtmlEnd(h, r.Next(2) == 0 ? Wrap(r, "display:none", LinkList(r, c, r.Next(6, 14))) : "<p>" + LinkList(r, c, r.Next(6, 14)) + "</p>")));
            yield return ("before-doctype", 4, null, new((h, r, c) => Wrap(r, Pick(r, ["display:none", "position:absolute;top:-500px"]), LinkList(r, c, r.Next(6, 14))) + "\n" + h));
            yield return ("noscript-links", 5, null, new((h, r, c) => BeforeBodyEnd(h, $"<noscript>{LinkList(r, c, r.Next(6, 16))}</noscript>")));
            yield return ("fetch-injected", 5, "unknown", new((h, r, _) => BeforeBodyEnd(h, FetchScript(r))));
            yield return ("title-hijack-restored", 5, null, new((h, r, c) => TitleRestored(h, r, c)));
            yield return ("title-hijack-plain", 5, "any", new((h, r, _) => { var c = Pick(r, Categories); return SetMeta(ReplaceTitle(h, SpamTitle(r, c)), "keywords", string.Join(",", PickSome(r, phrases[c], 3))); }));
            yield return ("meta-hijack", 5, null, new((h, r, c) => SetMeta(SetMeta(h, "keywords", string.Join(",", PickSome(r, phrases[c], 4).Select(Short))), "description", string.Join("，", PickSome(r, phrases[c], 3))) ));
            yield return ("meta-refresh-redirect", 4, null, new((h, r, c) => InHead(h, $"<meta http-equiv=\"{Pick(r, ["refresh", "Refresh"])}\" content=\"{Pick(r, ["0", "1", "0.1", "3"])};url={LocalSpamUrl(r)}\">")));
            yield return ("js-redirect", 4, null, new((h, r, c) => InHead(h, $"<script{Pick(r, ["", " type=\"text/javascript\"", " language=\"javascript\""])}>{Pick(r, ["window.location.href", "location.href", "top.location", "self.location", "window.location"])}=\"{LocalSpamUrl(r)}\";</script>")));
            yield return ("referrer-redirect", 5, null, new((h, r, c) => InHead(h, ReferrerRedirect(r))));
            yield return ("spider-cloaking-script", 4, null, new((h, r, c) => BeforeBodyEnd(h, SpiderCloaking(r, c))));
            yield return ("padded-hidden-line", 5, null, new((h, r, c) => BeforeBodyEnd(h, Padded(r, c))));
            yield return ("evasion-roman-numeral", 3, "porn", new((h, r, c) => BeforeBodyEnd(h, $"<div class=\"{Pick(r, ["bottom", "ft", "copy"])}\">{Pick(r, ["亚洲综合色AⅤ一区二区三区", "国产精品ⅴ片在线观看", "无码AⅤ在线看,日韩AⅤ免费", "久久AⅤ视频,国产AⅤ精品一区"])},{string.Join(",", PickSome(r, phrases["porn"], 3))}</div>")));
            yield return ("evasion-fullwidth", 3, null, new((h, r, c) => BeforeBodyEnd(h, $"<p>{Pick(r, ["ＡＶ在线观看,免费ＡＶ网站,", "ｂｅｔ３６５体育投注,真人百家乐,", "ｓｌｏｔ ｇａｃｏｒ ｍａｘｗｉｎ,", "日韩ＡＶ无码,成人ＡＶ,"])}{string.Join(",", PickSome(r, phrases[c], 3))}</p>")));
            yield return ("evasion-enclosed-letters", 3, null, new((h, r, c) => BeforeBodyEnd(h, $"<p>{Pick(r, ["ⓐⓥ在线观看 ⓐⓥ免费", "🅐🅥在线 日韩🅐🅥", "⒜⒱在线观看,免费⒜⒱", "ⓢⓛⓞⓣ ⓖⓐⓒⓞⓡ ⓜⓐⓧⓦⓘⓝ"])} {string.Join(" ", PickSome(r, phrases[c], 2))}</p>")));
            yield return ("evasion-punctuation-split", 3, null, new((h, r, c) => BeforeBodyEnd(h, $"<div>{Pick(r, ["百，家。乐！真，人。娱，乐", "澳。门，新。葡，京！娱。乐，场", "无，码。视，频！在。线，观。看", "六，合。彩！开，奖。资，料"])}，{Split(Pick(r, phrases[c]), r)}</div>")));
            // Kinds of real 2017-era hacks our first corpus lacked (docs/detectors.md, "Issue 14: kinds seen in the wild").
            yield return ("frame-over-page", 4, null, new((h, r, c) => FrameOverPage(h, r)));
            yield return ("title-set-from-escapes", 3, null, new((h, r, c) => BeforeBodyEnd(h, EscapedTitle(r, c))));
            yield return ("noscript-refresh", 3, null, new((h, r, c) => InHead(h, $"<noscript><meta http-equiv=\"refresh\" content=\"{Pick(r, ["0", "1"])};url={LocalSpamUrl(r)}\"></noscript>")));
            foreach (var category in Categories.Skip(2))
                yield return ($"category-{category}", 4, category, new((h, r, c) => BeforeBodyEnd(h, CategoryBlock(r, c))));
        }
    }

    // ---- wrappers and insertion points ----

    private static string Wrap(Random r, string style, string inner)
    {
        var tag = Pick(r, ["div", "div", "span", "p", "section"]);
        var id = r.Next(3) == 0 ? $" id=\"{RandomToken(r, 4, 8)}\"" : r.Next(2) == 0 ? $" class=\"{Pick(r, ["link", "friend", "ad", "tj", "footer-ext", "bd_share"])}\"" : "";
        return $"<{tag}{id} style=\"{style}\">{inner}</{tag}>";
    }

    public static string BeforeBodyEnd(string html, string snippet)
    {
        var at = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? html + snippet : html[..at] + snippet + "\n" + html[at..];
    }

    public static string AfterBodyStart(string html, string snippet)
    {
        var m = Regex.Match(html, @"<body\b[^>]*>", RegexOptions.IgnoreCase);
        return m.Success ? html[..(m.Index + m.Length)] + "\n" + snippet + html[(m.Index + m.Length)..] : snippet + html;
    }

    public static string AfterHtmlEnd(string html, string snippet)
    {
        var at = html.LastIndexOf("</html>", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? html + snippet : html[..(at + 7)] + "\n" + snippet + html[(at + 7)..];
    }

    public static string InHead(string html, string snippet)
    {
        var m = Regex.Match(html, @"<head\b[^>]*>", RegexOptions.IgnoreCase);
        return m.Success ? html[..(m.Index + m.Length)] + "\n" + snippet + html[(m.Index + m.Length)..] : snippet + html;
    }

    public static string ReplaceTitle(string html, string title)
    {
        var m = Regex.Match(html, @"<title\b[^>]*>.*?</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        return m.Success ? html[..m.Index] + $"<title>{title}</title>" + html[(m.Index + m.Length)..] : InHead(html, $"<title>{title}</title>");
    }

    public static string TitleOf(string html)
    {
        var m = Regex.Match(html, @"<title\b[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        return m.Success ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "";
    }

    public static string SetMeta(string html, string name, string content)
    {
        var pattern = $@"<meta\b[^>]*name\s*=\s*[""']?{name}[""']?[^>]*>";
        var tag = $"<meta name=\"{name}\" content=\"{content}\">";
        var m = Regex.Match(html, pattern, RegexOptions.IgnoreCase);
        return m.Success ? html[..m.Index] + tag + html[(m.Index + m.Length)..] : InHead(html, tag);
    }

    // ---- spam text and links ----

    private static string Short(string phrase) => phrase.Split(' ', '，', ',')[0];

    public static string RandomToken(Random r, int min, int max)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        return new string(Enumerable.Range(0, r.Next(min, max + 1)).Select(_ => chars[r.Next(chars.Length)]).ToArray());
    }

    /// <summary>Domains as the farms have them: pinyin + digits, random letters, numbers only.</summary>
    public static string SpamDomain(Random r) => r.Next(4) switch
    {
        0 => $"{Pick(r, Pinyin)}{r.Next(10, 9999)}.{Pick(r, Tlds)}",
        1 => $"www.{Pick(r, Pinyin)}{Pick(r, Pinyin)}{r.Next(1, 99)}.{Pick(r, Tlds)}",
        2 => $"{r.Next(100, 99999)}.{Pick(r, Tlds)}",
        _ => $"www.{RandomToken(r, 4, 7)}.{Pick(r, Tlds)}",
    };

    /// <summary>A URL the browser may try to open: a .localhost host on port 9, refused at once.</summary>
    public static string LocalSpamUrl(Random r) => $"http://{SpamDomain(r).Replace(".", "-")}.localhost:9/{Pick(r, ["", "?u=" + r.Next(100, 999), "index.html", "m/" + RandomToken(r, 3, 6) + ".html"])}";

    private string LinkList(Random r, string category, int count, string linkAttributes = "")
    {
        var sep = Pick(r, ["", " ", "\n", "|", "<br>", "&nbsp;"]);
        var pool = phrases[category];
        return string.Join(sep, Enumerable.Range(0, count).Select(_ =>
        {
            var text = Short(Pick(r, pool));
            var href = $"http://{SpamDomain(r)}/{Pick(r, ["", "", "index.html", $"{r.Next(1000, 99999)}.html", $"?{RandomToken(r, 3, 5)}"])}";
            return r.Next(5) == 0 ? $"<li><a href=\"{href}\" target=\"_blank\"{linkAttributes}>{text}</a></li>" : $"<a href=\"{href}\" target=\"_blank\"{linkAttributes}>{text}</a>";
        }));
    }

    private static string NeutralFarm(Random r)
    {
        string[] words = ["首页", "新闻", "体育", "娱乐", "财经", "科技", "汽车", "房产", "游戏", "旅游", "news", "blog", "home", "link", "网址导航", "在线", "官网", "下载", "小说", "电影", "123", "888", "wap"];
        return string.Join(Pick(r, [" ", "", "\n"]), Enumerable.Range(0, r.Next(10, 24)).Select(_ =>
            $"<a href=\"http://{(r.Next(2) == 0 ? $"{r.Next(100, 99999)}.{Pick(r, Tlds)}" : $"www.{RandomToken(r, 3, 8)}.{Pick(r, Tlds)}")}/\">{(r.Next(3) == 0 ? RandomToken(r, 3, 6) : Pick(r, words))}</a>"));
    }

    private string FooterPhraseList(Random r, string category)
    {
        var items = PickSome(r, phrases[category], r.Next(4, 8));
        return r.Next(3) switch
        {
            0 => $"<div class=\"{Pick(r, ["footer", "foot", "copyright", "bottom"])}\"><p>{string.Join(Pick(r, [",", "，", " ", "|"]), items)}</p></div>",
            1 => $"<ul class=\"links\">{string.Join("", items.Select(i => $"<li>{i}</li>"))}</ul>",
            _ => $"<p style=\"text-align:center\">{string.Join(Pick(r, ["、", ",", " "]), items)}</p>",
        };
    }

    private string ScriptHidden(Random r, string category)
    {
        var id = Pick(r, ["", "x", "a", "k", "z"]) + RandomToken(r, 4, 8);
        var hide = Pick(r, [
            $"document.getElementById('{id}').style.display='none';",
            $"document.getElementById(\"{id}\").style.display = \"none\";",
            $"var e=document.getElementById('{id}');e.style.position='absolute';e.style.top='-9999px';",
            $"setTimeout(function(){{document.getElementById('{id}').style.display='none'}},0);",
        ]);
        return $"<div id=\"{id}\">{LinkList(r, category, r.Next(8, 18))}</div>\n<script>{hide}</script>";
    }

    private string DocumentWrite(Random r, string category)
    {
        var links = LinkList(r, category, r.Next(6, 14)).Replace("\n", " ").Replace("'", "\\'");
        return r.Next(3) switch
        {
            0 => $"<script>document.write('<div style=\"display:none\">{links}</div>');</script>",
            1 => $"<script type=\"text/javascript\">document.writeln('<div style=\"position:absolute;left:-3000px\">');document.writeln('{links}');document.writeln('</div>');</script>",
            _ => $"<script>document.write(unescape('{Uri.EscapeDataString("<div style=\"display:none\">" + links.Replace("\\'", "'") + "</div>")}'));</script>",
        };
    }

    private static string FetchScript(Random r)
    {
        var url = LocalSpamUrl(r) + (r.Next(2) == 0 ? "links.php?site=" + RandomToken(r, 4, 6) : "");
        var id = RandomToken(r, 4, 7);
        return r.Next(3) switch
        {
            0 => $"<div id=\"{id}\"></div><script>fetch('{url}').then(function(r){{return r.text()}}).then(function(h){{document.getElementById('{id}').innerHTML=h}});</script>",
            1 => $"<script>var x=new XMLHttpRequest();x.open('GET','{url}',true);x.onreadystatechange=function(){{if(x.readyState==4&&x.status==200){{var d=document.createElement('div');d.style.display='none';d.innerHTML=x.responseText;document.body.appendChild(d);}}}};x.send();</script>",
            _ => $"<span id=\"{id}\"></span><script>(async()=>{{const t=await (await fetch(\"{url}\")).text();document.getElementById(\"{id}\").insertAdjacentHTML('beforeend',t);}})();</script>",
        };
    }

    private string SpamTitle(Random r, string category)
    {
        var items = PickSome(r, phrases[category], 3).Select(Short).ToList();
        return Pick(r, [$"{items[0]}-{items[1]}-{items[2]}", $"{items[0]}_{items[1]}【官方网站】", $"{items[0]},{items[1]},{items[2]}"]);
    }

    /// <summary>Another site over the whole window: a frameset a script writes, a fixed full-window iframe, or a page-high iframe for search visitors.</summary>
    private static string FrameOverPage(string html, Random r)
    {
        var target = LocalSpamUrl(r);
        return r.Next(3) switch
        {
            0 => InHead(html, "<script type=\"text/javascript\">document.writeln(\"<frameset rows=\\\"100%,*\\\" frameborder=\\\"no\\\" border=\\\"0\\\">\");"
                              + $"document.writeln(\"<frame src=\\\"{target}\\\" scrolling=\\\"auto\\\" noresize>\");document.writeln(\"</frameset>\");</script>"),
            1 => AfterBodyStart(html, $"<iframe src=\"{target}\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:{r.Next(9999, 2147483647)};border:none\" frameborder=\"0\"></iframe>"),
            _ => InHead(html, $"<script>var ss='<center><iframe scrolling=\"no\" frameborder=\"0\" width=\"100%\" height=\"{r.Next(3000, 9000)}\" src=\"{target}\"></iframe></center>';"
                              + "if(/\\.(baidu|sogou|so|sm|google|bing)\\./i.test(document.referrer)){document.write(ss);}</script>"),
        };
    }

    /// <summary>A served title left clean and a script that sets a spam one from escapes (spiders that run scripts index it).</summary>
    private string EscapedTitle(Random r, string category)
    {
        var title = SpamTitle(r, category).Replace("'", "");
        return r.Next(3) switch
        {
            0 => "<script>document.title = \"" + string.Concat(title.Select(ch => ch > 127 ? $"\\u{(int)ch:x4}" : ch.ToString())) + "\";</script>",
            1 => "<script>document.title = String.fromCharCode(" + string.Join(",", title.Select(ch => (int)ch)) + ");</script>",
            _ => "<script>document.title = unescape(\"" + string.Concat(title.Select(ch => ch > 127 ? $"%u{(int)ch:X4}" : $"%{(int)ch:X2}")) + "\");</script>",
        };
    }

    private string TitleRestored(string html, Random r, string category)
    {
        var real = TitleOf(html).Replace("\"", "'").Replace("\\", "");
        var hijacked = ReplaceTitle(html, SpamTitle(r, category));
        var restore = r.Next(3) switch
        {
            0 => $"<script>document.title=\"{real}\";</script>",
            1 => $"<script type=\"text/javascript\">setTimeout(function(){{document.title='{real.Replace("'", "")}';}},10);</script>",
            _ => $"<script>var t=\"{real}\";if(document.title!=t){{document.title=t;}}</script>",
        };
        return InHead(SetMeta(hijacked, "keywords", string.Join(",", PickSome(r, phrases[category], 3).Select(Short))), restore);
    }

    private static string ReferrerRedirect(Random r)
    {
        var target = LocalSpamUrl(r);
        return r.Next(3) switch
        {
            0 => $"<script>var s=document.referrer;if(s.indexOf(\"baidu\")>0||s.indexOf(\"soso\")>0||s.indexOf(\"google\")>0||s.indexOf(\"sogou\")>0||s.indexOf(\"so.com\")>0){{self.location=\"{target}\";}}</script>",
            1 => $"<script type=\"text/javascript\">(function(){{var r=document.referrer.toLowerCase();var se=[\"baidu.com\",\"sm.cn\",\"sogou.com\",\"so.com\",\"bing.com\"];for(var i=0;i<se.length;i++){{if(r.indexOf(se[i])!=-1){{window.location.replace(\"{target}\");break;}}}}}})();</script>",
            _ => $"<script>if(/baidu|sogou|360|google|bing|yahoo/i.test(document.referrer)&&/Mobile|Android|iPhone/i.test(navigator.userAgent)){{top.location.href='{target}'}}</script>",
        };
    }

    private string SpiderCloaking(Random r, string category)
    {
        var links = LinkList(r, category, r.Next(6, 12)).Replace("\n", " ").Replace("'", "\\'");
        return Pick(r, [
            $"<script>if(/baiduspider|googlebot|sogou|360spider|bingbot/i.test(navigator.userAgent)){{document.write('<div>{links}</div>');}}</script>",
            $"<script>var ua=navigator.userAgent.toLowerCase();if(ua.indexOf('spider')>-1||ua.indexOf('bot')>-1){{document.body.insertAdjacentHTML('beforeend','{links}');}}</script>",
        ]);
    }

    private string Padded(Random r, string category)
    {
        var filler = new StringBuilder();
        string[] padding = ["综合新闻", "工作动态", "通知公告", "政策解读", "便民服务", "党建工作", "信息公开", "办事指南", "互动交流", "专题专栏"];
        while (filler.Length < r.Next(2500, 5000)) filler.Append(Pick(r, padding)).Append(Pick(r, [" ", "　", "&nbsp;", ""]));
        var spam = string.Join(",", PickSome(r, phrases[category], r.Next(3, 6)));
        var text = r.Next(2) == 0 ? spam + " " + filler : filler + " " + spam;
        return Wrap(r, Pick(r, ["display:none", "position:absolute;left:-9999px", "height:1px;overflow:hidden"]), text);
    }

    private static string Split(string phrase, Random r)
    {
        var chars = Short(phrase).Where(c => !char.IsWhiteSpace(c)).Select(c => c.ToString()).ToArray();
        string[] marks = ["，", "。", "！", "、", "；"];
        return string.Join("", chars.Select((c, i) => i == chars.Length - 1 ? c : c + Pick(r, marks)));
    }

    private string CategoryBlock(Random r, string category)
    {
        var pool = phrases[category];
        return r.Next(4) switch
        {
            0 => $"<div class=\"{Pick(r, ["footer", "bottom-links", "ft"])}\">{string.Join(Pick(r, [",", " ", "，"]), PickSome(r, pool, r.Next(4, 7)))}</div>",
            1 => Wrap(r, Pick(r, ["display:none", "position:absolute;top:-800px", "height:1px;overflow:hidden"]), LinkList(r, category, r.Next(6, 14))),
            2 => $"<ul>{string.Join("", PickSome(r, pool, r.Next(4, 7)).Select(p => $"<li><a href=\"http://{SpamDomain(r)}/\">{p}</a></li>"))}</ul>",
            _ => $"<p>{string.Join("；", PickSome(r, pool, r.Next(3, 6)))}</p>",
        };
    }
}
