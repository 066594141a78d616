using System.Text;
using System.Text.RegularExpressions;
using static Scanner.EndToEnd.Tests.Corpus.DevCorpusGenerator;

namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>
/// Clean pages that look like spam to a naive scanner (issue 14's false alarms): crackdown and court news quoting scam
/// names, welfare-lottery news naming the games, place names holding a spam term (禄口交警), warnings against each new
/// category, and host pages with collapsed share menus, packed analytics, same-site referrer scripts, news headlines
/// about porn that link to the site itself, friend-link directories and a same-site meta refresh.
/// </summary>
public sealed class HardNegatives(string textsFolder)
{
    private readonly Dictionary<string, IReadOnlyList<string>> _texts = Directory.GetFiles(textsFolder, "*.txt")
        .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Lines(f));

    private static readonly (string Site, string[] Nav, string Lang)[] Layouts =
    [
        ("XX市人民政府门户网站", ["首页", "政务公开", "政务服务", "互动交流", "走进XX"], "zh-CN"),
        ("XX市公安局", ["首页", "警务公开", "警方通报", "办事指南", "网上报警"], "zh-CN"),
        ("XX Municipal People's Court", ["Home", "Court News", "Judgments", "Services", "中文"], "zh-CN"),
        ("XX省福利彩票发行中心", ["首页", "开奖公告", "公益活动", "信息公开", "联系我们"], "zh-CN"),
        ("XX县人民政府", ["网站首页", "新闻动态", "通知公告", "政策文件"], "zh"),
    ];

    /// <summary>(technique, pages, build from a host page).</summary>
    public IEnumerable<(string Technique, int Count, Func<string, Random, string> Build)> All
    {
        get
        {
            yield return ("crackdown-news", 8, (_, r) => Article(r, "crackdown", Pick(r, [1, 2, 4])));
            yield return ("lottery-news", 8, (_, r) => Article(r, "lottery", 3));
            yield return ("place-names", 6, (_, r) => Article(r, "placenames", Pick(r, [0, 4])));
            yield return ("anti-porn-notice", 4, (_, r) => Article(r, "antiporn", Pick(r, [0, 1])));
            yield return ("drug-control-news", 4, (_, r) => Article(r, "drugcontrol", Pick(r, [0, 1, 4])));
            yield return ("scam-warning-news", 8, (_, r) => Article(r, "antifraud", Pick(r, [0, 1, 2, 4])));
            yield return ("social-share-menu", 6, (h, r) => Injections.BeforeBodyEnd(h, ShareMenu(r)));
            yield return ("packed-analytics", 5, (h, r) => Injections.BeforeBodyEnd(h, $"<script>{Packer.Pack(Analytics(r))}</script>"));
            yield return ("same-site-referrer-script", 5, (h, r) => Injections.InHead(h, SameSiteReferrer(r)));
            yield return ("porn-headline-own-site", 5, (h, r) => Injections.BeforeBodyEnd(h, PornHeadlines(r)));
            yield return ("friend-links", 4, (h, r) => Injections.BeforeBodyEnd(h, FriendLinks(r)));
            yield return ("same-site-meta-refresh", 3, (h, r) => Injections.InHead(h, $"<meta http-equiv=\"refresh\" content=\"{Pick(r, ["0", "300", "5"])};url={Pick(r, ["/index.html", "./", "/m/index.html"])}\">"));
        }
    }

    private string Article(Random r, string kind, int layoutIndex)
    {
        var (site, nav, lang) = Layouts[layoutIndex];
        var lines = _texts[kind];
        var titles = lines.Where(l => l.StartsWith("T:", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        var sentences = lines.Where(l => !l.StartsWith("T:", StringComparison.Ordinal)).ToList();
        var title = titles.Count > 0 ? Pick(r, titles) : Pick(r, sentences);
        var paragraphs = string.Join("\n", Enumerable.Range(0, r.Next(2, 7)).Select(_ => "<p>" + string.Concat(PickSome(r, sentences, r.Next(1, 4))) + "</p>"));
        var related = string.Join("", PickSome(r, titles, Math.Min(titles.Count, r.Next(2, 5)))
            .Select(t => $"<li><a href=\"/{Pick(r, ["xwzx", "jwgk", "news", "tzgg"])}/{r.Next(2019, 2025)}{r.Next(1, 13):00}/t{r.Next(100000, 999999)}.html\">{t}</a></li>"));
        return $"""
            <!DOCTYPE html>
            <html lang="{lang}">
            <head><meta charset="utf-8"><title>{title}_{site}</title>
            <meta name="description" content="{title}">
            </head>
            <body>
            <div class="header"><div class="logo">{site}</div><ul class="nav">{string.Join("", nav.Select((n, i) => $"<li><a href=\"/{(i == 0 ? "" : "c" + i + "/")}\">{n}</a></li>"))}</ul></div>
            <div class="main"><h1>{title}</h1>
            <div class="meta">发布时间：{r.Next(2019, 2025)}-{r.Next(1, 13):00}-{r.Next(1, 29):00}　来源：{site}　【字体：大 中 小】</div>
            {paragraphs}
            </div>
            <div class="related"><h3>{Pick(r, ["相关新闻", "相关阅读", "Related"])}</h3><ul>{related}</ul></div>
            <div class="footer">主办：{site}　网站标识码：{r.Next(1000000000, int.MaxValue)}　ICP备{r.Next(10000000, 99999999)}号</div>
            </body>
            </html>
            """;
    }

    private static string ShareMenu(Random r)
    {
        var url = Uri.EscapeDataString("http://www.example.gov.cn/art/2024/" + r.Next(1000, 9999) + ".html");
        string[] all =
        [
            $"<a href=\"https://www.facebook.com/sharer/sharer.php?u={url}\">Facebook</a>",
            $"<a href=\"https://twitter.com/intent/tweet?url={url}\">Twitter</a>",
            $"<a href=\"http://service.weibo.com/share/share.php?url={url}\">新浪微博</a>",
            $"<a href=\"https://www.linkedin.com/shareArticle?url={url}\">LinkedIn</a>",
            $"<a href=\"https://pinterest.com/pin/create/button/?url={url}\">Pinterest</a>",
            $"<a href=\"https://connect.qq.com/widget/shareqq/index.html?url={url}\">QQ好友</a>",
            $"<a href=\"https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={url}\">QQ空间</a>",
            $"<a href=\"https://api.whatsapp.com/send?text={url}\">WhatsApp</a>",
        ];
        var links = string.Join(Pick(r, ["", " ", "\n"]), PickSome(r, all, r.Next(4, 8)));
        return r.Next(3) switch
        {
            0 => $"<div class=\"share\"><a href=\"#\" class=\"share-btn\">分享到</a><div class=\"share-menu\" style=\"display:none\">{links}</div></div>",
            1 => $"<details class=\"bdsharebuttonbox\"><summary>Share</summary>{links}</details>",
            _ => $"<div class=\"share-pop\" style=\"visibility:hidden;position:absolute\">{links}</div><a href=\"#\">分享</a>",
        };
    }

    private static string Analytics(Random r)
    {
        var hex = string.Concat(Enumerable.Range(0, 32).Select(_ => "0123456789abcdef"[r.Next(16)]));
        return r.Next(3) switch
        {
            0 => $"var _hmt=_hmt||[];(function(){{var hm=document.createElement(\"script\");hm.src=\"https://hm.baidu.com/hm.js?{hex}\";var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(hm,s)}})();",
            1 => $"var cnzz_protocol=((\"https:\"==document.location.protocol)?\"https://\":\"http://\");var node=document.createElement(\"script\");node.src=cnzz_protocol+\"s9.cnzz.com/z_stat.php?id={r.Next(1000000000, int.MaxValue)}&web_id={r.Next(1000000000, int.MaxValue)}\";document.getElementsByTagName(\"head\")[0].appendChild(node);",
            _ => $"window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag(\"js\",new Date());gtag(\"config\",\"G-{hex[..10].ToUpperInvariant()}\");var g=document.createElement(\"script\");g.async=true;g.src=\"https://www.googletagmanager.com/gtag/js?id=G-{hex[..10].ToUpperInvariant()}\";document.head.appendChild(g);",
        };
    }

    private static string SameSiteReferrer(Random r) => r.Next(3) switch
    {
        0 => "<script>var ref=document.referrer;if(ref&&ref.indexOf(location.host)<0&&/baidu|sogou|so\\.com/.test(ref)){location.href='/zt/index.html?from=search';}</script>",
        1 => "<script>if(document.referrer.indexOf('baidu.com')>-1){window.location.replace(location.pathname+'#from-baidu');}</script>",
        _ => "<script>(function(){var r=document.referrer;if(/Mobile|Android/i.test(navigator.userAgent)&&r.indexOf('google')>0){location.href='/m'+location.pathname;}})();</script>",
    };

    private static string PornHeadlines(Random r)
    {
        string[] headlines =
        [
            "Police shut down child porn ring in joint operation",
            "Court jails man for revenge porn offences",
            "New law targets deepfake porn sites",
            "School campaign warns pupils about online porn",
            "扫黄打非：关闭色情网站32个",
            "Parliament debates age checks for porn websites",
        ];
        var items = PickSome(r, headlines, r.Next(2, 5)).Select(h => $"<li><a href=\"/news/{r.Next(2019, 2025)}/{r.Next(1000, 99999)}.html\">{h}</a></li>");
        return $"<div class=\"{Pick(r, ["hot-news", "latest", "sidebar"])}\"><h3>{Pick(r, ["Latest news", "要闻", "Most read"])}</h3><ul>{string.Concat(items)}</ul></div>";
    }

    private static string FriendLinks(Random r)
    {
        string[] sites = ["http://www.gov.cn/", "http://www.hunan.gov.cn/", "http://www.yzcity.gov.cn/", "http://www.mps.gov.cn/", "http://www.court.gov.cn/", "http://www.moe.gov.cn/", "http://www.xinhuanet.com/", "http://www.people.com.cn/", "http://www.cwl.gov.cn/", "http://www.lottery.gov.cn/"];
        string[] names = ["中国政府网", "湖南省人民政府", "永州市人民政府", "公安部", "最高人民法院", "教育部", "新华网", "人民网", "中国福利彩票", "中国体育彩票"];
        var pick = PickSome(r, Enumerable.Range(0, sites.Length).ToArray(), r.Next(6, 10));
        return $"<div class=\"friend-links\"><span>{Pick(r, ["友情链接：", "相关链接", "政府网站"])}</span>{string.Join(" ", pick.Select(i => $"<a href=\"{sites[i]}\" target=\"_blank\">{names[i]}</a>"))}</div>";
    }
}

/// <summary>Dean Edwards' p,a,c,k,e,d packer (base 36), as packed analytics snippets arrive on real pages.</summary>
public static class Packer
{
    public static string Pack(string code)
    {
        var words = Regex.Matches(code, @"\b\w+\b").Select(m => m.Value).Distinct().ToList();
        var index = words.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => Base36(x.i));
        var packed = Regex.Replace(code, @"\b\w+\b", m => index[m.Value]).Replace("\\", "\\\\").Replace("'", "\\'");
        return "eval(function(p,a,c,k,e,d){e=function(c){return c.toString(36)};if(!''.replace(/^/,String)){while(c--){d[c.toString(a)]=k[c]||c.toString(a)}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}("
            + $"'{packed}',36,{words.Count},'{string.Join("|", words)}'.split('|'),0,{{}}))";
    }

    private static string Base36(int n)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var s = new StringBuilder();
        do { s.Insert(0, digits[n % 36]); n /= 36; } while (n > 0);
        return s.ToString();
    }
}
