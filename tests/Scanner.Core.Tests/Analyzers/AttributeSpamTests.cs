using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// <c>attribute.spam</c> (docs/detectors.md, "Spam in title and alt attributes"): 泛目录 stuffing carried only in link
/// titles and image alts, on snapshots the static engine's builder makes from HTML, with the shipped rules. Spam terms
/// there are judged by what corroborates them; a photo caption in a crackdown story or a lottery banner stays below high.
/// </summary>
public sealed class AttributeSpamTests
{
    private static readonly RuleSet Shipped = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
    private const string Url = "http://127.0.0.1:8080/index.html";

    private static PageSnapshot Page(string body, string title = "青山县人民政府") =>
        StaticSnapshotBuilder.Build($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            + $"<div class=\"top\">青山县人民政府</div><p>县政府召开常务会议，研究部署冬季森林防火工作。</p>{body}</body></html>",
            new Uri(Url), new PageSnapshot { RequestedUrl = Url, FinalUrl = Url, Status = 200 });

    private static List<Finding> Attribute(PageSnapshot page) =>
        new PageAnalysis(PageAnalysis.DefaultAnalyzers, Shipped).Analyze(page).Where(f => f.RuleId == AttributeSpamAnalyzer.RuleId).ToList();

    private static readonly string[] Terms = ["澳门新葡京 真人百家乐", "时时彩平台 注册送彩金", "无码视频 日本一区二区", "代开发票 办证刻章"];

    [Fact]
    public void The_static_snapshot_reads_link_titles_and_image_alts_with_their_size_and_target()
    {
        var page = Page("<a href=\"/abc123.html\" title=\"标题文字\"><img src=\"/dot.gif\" width=\"1\" height=\"1\" alt=\"替代文字\" title=\"图片标题\"></a>"
            + "<map><area href=\"/x.html\" alt=\"区域\" shape=\"rect\" coords=\"0,0,1,1\"></map><a href=\"/same.html\" title=\"same\">same</a>"
            + "<noscript><img src=\"/n.gif\" alt=\"不读\"></noscript>");
        var texts = page.AttributeTexts.Select(a => (a.Tag, a.Attribute, a.Text)).ToList();
        Assert.Equal([("a", "title", "标题文字"), ("img", "alt", "替代文字"), ("img", "title", "图片标题"), ("area", "alt", "区域"), ("a", "title", "same")], texts);
        var alt = page.AttributeTexts[1];
        Assert.Equal(new Box(0, 0, 1, 1), alt.ImageBox);
        Assert.Equal("http://127.0.0.1:8080/abc123.html", alt.LinkHref);
        Assert.Equal(new Box(0, 0, 1, 1), page.AttributeTexts[0].ImageBox); // a link of images only shows its image
        Assert.Null(page.AttributeTexts[4].ImageBox);                        // a text link shows text
    }

    [Fact]
    public void An_image_is_seen_whatever_the_font_size_and_colour_around_it_but_not_in_a_hidden_block()
    {
        var page = Page("<div style=\"font-size:0;color:#fff\"><img src=\"/a.jpg\" width=\"200\" height=\"100\" alt=\"新闻图片\"></div>"
            + "<div style=\"position:absolute;left:-9999px\"><img src=\"/b.jpg\" width=\"200\" height=\"100\" alt=\"藏起来\"></div>");
        Assert.False(page.AttributeTexts[0].Visibility.Hidden, string.Join(", ", page.AttributeTexts[0].Visibility.Reasons));
        Assert.True(page.AttributeTexts[1].Visibility.Hidden);
    }

    [Fact]
    public void Tiny_image_links_to_random_internal_paths_with_spam_titles_are_critical()
    {
        var paths = new[] { "/abc123.html", "/news.php?12345/67890.html", "/k8f3x9.html", "/m.php?36032/67535.html" };
        var page = Page(string.Concat(paths.Zip(Terms, (p, t) => $"<a href=\"{p}\" title=\"{t}\"><img src=\"/dot.gif\" width=\"1\" height=\"1\"></a>")));
        var findings = Attribute(page);
        Assert.Equal(4, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.Critical, f.Severity));
        Assert.All(findings, f => Assert.StartsWith("<a title=\"", f.Evidence));
        Assert.All(findings, f => Assert.StartsWith("in the title attribute of <a>", f.Reasons[0]));
        Assert.Contains(findings[0].Reasons, r => r.Contains("1×1 px image"));
        Assert.Contains(findings[1].Reasons, r => r.Contains("generated-looking path"));
    }

    [Fact]
    public void Innocuous_anchors_whose_titles_carry_spam_to_random_paths_are_high_and_the_anchor_text_alone_is_not_judged_again()
    {
        var page = Page("<ul>" + string.Concat(Terms.Select((t, i) => $"<li><a href=\"/a{i}b{i}c{i}d{i}.html\" title=\"{t}\">更多</a></li>")) + "</ul>"
            + "<a href=\"/zt/index.html\" title=\"澳门新葡京\">澳门新葡京</a>");
        var findings = Attribute(page);
        Assert.Equal(4, findings.Count); // the fifth title repeats its anchor text: keyword.gambling judges that
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Severity));
    }

    [Fact]
    public void Image_banners_to_unrelated_sites_with_spam_alts_are_high()
    {
        var page = Page(string.Concat(Terms.Select((t, i) => $"<a href=\"http://www.xpj{i}k2.com/\"><img src=\"/b{i}.jpg\" width=\"88\" height=\"31\" alt=\"{t}\"></a>")));
        var findings = Attribute(page);
        Assert.Equal(4, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Severity));
        Assert.Contains(findings[0].Reasons, r => r.StartsWith("links to another site (www.xpj0k2.com)"));
    }

    [Fact]
    public void One_spam_alt_without_corroboration_is_medium()
    {
        var finding = Assert.Single(Attribute(Page("<img src=\"/p/1.jpg\" width=\"600\" height=\"400\" alt=\"澳门新葡京\">")));
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.StartsWith("<img alt=\"澳门新葡京\">", finding.Evidence);
    }

    [Fact]
    public void A_crackdown_story_whose_photo_alts_name_the_games_stays_below_high()
    {
        var page = Page("<h1>县公安局破获一起跨境网络赌博案</h1><p>民警捣毁一个利用境外“百家乐”“时时彩”网站组织参赌的窝点。</p>"
            + "<img src=\"/1.jpg\" width=\"600\" height=\"400\" alt=\"警方查获的“百家乐”赌博设备\">"
            + "<img src=\"/2.jpg\" width=\"600\" height=\"400\" alt=\"境外“时时彩”“北京赛车”网站截图\">"
            + "<img src=\"/3.jpg\" width=\"600\" height=\"400\" alt=\"查获的色情网站服务器\">",
            "县公安局破获一起跨境网络赌博案_警务动态");
        var findings = Attribute(page);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.True(f.Severity < Severity.High, $"{f.Evidence}: {f.Severity}"));
        // The second caption names no enforcement word itself: the page's story is the context.
        Assert.Contains(findings[1].Reasons, r => r.StartsWith("reporting, not advertising") && r.Contains("in the page's visible text"));
    }

    [Fact]
    public void The_same_captions_on_tiny_images_of_a_crackdown_page_are_not_excused()
    {
        var page = Page("<p>民警捣毁一个赌博窝点。</p>" + string.Concat(Terms.Select((t, i) => $"<a href=\"/x{i}y{i}z{i}.html\"><img src=\"/d.gif\" width=\"1\" height=\"1\" alt=\"{t}\"></a>")),
            "县公安局破获一起跨境网络赌博案_警务动态");
        Assert.All(Attribute(page), f => Assert.Equal(Severity.Critical, f.Severity));
    }

    [Fact]
    public void Lottery_banners_on_a_welfare_lottery_page_stay_below_high()
    {
        var page = Page("<h2>福利彩票发行中心</h2><p>福彩公益金用于扶老、助残、救孤、济困。</p>"
            + "<a href=\"/fc/kjgg/202311/t20231120_3001.html\"><img src=\"/ssc.png\" width=\"120\" height=\"60\" alt=\"时时彩停止销售公告\"></a>"
            + "<a href=\"/fc/kjgg/202311/t20231120_3002.html\"><img src=\"/pk.png\" width=\"120\" height=\"60\" alt=\"北京赛车停售公告\"></a>"
            + "<a href=\"/fc/kjgg/202311/t20231120_3003.html\"><img src=\"/l.png\" width=\"120\" height=\"60\" alt=\"六合彩开奖 谨防私彩\"></a>",
            "福彩中心");
        Assert.All(Attribute(page), f => Assert.True(f.Severity < Severity.High, $"{f.Evidence}: {f.Severity}"));
    }

    [Theory]
    [InlineData("http://h/abc123.html", true)]
    [InlineData("http://h/k8f3x9.php", true)]
    [InlineData("http://h/news.php?12345/67890.html", true)]
    [InlineData("http://h/zwgk/tzgg/202311/t20231120_1001.html", false)]
    [InlineData("http://h/art/2023/11/20/art_1229_5876543.html", false)]
    [InlineData("http://h/index.html", false)]
    [InlineData("http://h/p1.html", false)]
    public void Random_file_names_are_told_from_cms_names(string url, bool random) =>
        Assert.Equal(random, UrlShape.GeneratedOrRandomFile(url) is not null);
}
