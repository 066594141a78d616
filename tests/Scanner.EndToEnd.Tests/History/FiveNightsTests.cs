using System.Text.Json;
using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests.History;

/// <summary>
/// Issue 16's week: five nightly scans (static engine, --history on a real SQLite file) of a loopback site that changes
/// between nights, with --fail-on-new and --notify to a loopback receiver in every payload shape.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FiveNightsTests(BrowserFixture browser)
{
    private const string Token = "SECRET-TOKEN-4f1c";
    private static readonly string[] Kinds = ["generic", "wecom", "dingtalk", "feishu", "slack"];

    private const string Article =
        "市政府召开常务会议，研究部署安全生产、防汛抗旱和民生实事等工作。会议强调，要坚持人民至上、生命至上，压紧压实各方责任，" +
        "全面排查整治各类风险隐患，坚决防范遏制重特大事故发生。会议指出，今年以来全市经济运行总体平稳、稳中有进，" +
        "要抓好重点项目建设，持续优化营商环境，切实保障和改善民生，确保全年目标任务圆满完成。会议还研究了教育、医疗、养老等方面的重点工作，" +
        "要求各县区各部门对照任务清单，细化工作措施，明确责任分工，加快推进落实，以实际成效取信于民。";

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>" +
        "<meta name=\"description\" content=\"永州市人民政府门户网站\"></head><body>" +
        "<nav><a href=\"/\">首页</a> <a href=\"/news/1.html\">要闻动态</a> <a href=\"/about.html\">机构概况</a> " +
        "<a href=\"https://www.gov.cn/\">中国政府网</a> <a href=\"https://www.hunan.gov.cn/\">湖南省人民政府</a> <a href=\"/contact.html\">联系我们</a></nav>" +
        $"{body}<footer><p>主办：永州市人民政府办公室 湘ICP备05004433号</p></footer></body></html>";

    private static readonly string Home = Page("永州市人民政府", $"<h1>永州市人民政府</h1><p>{Article}</p><p>政务公开 办事服务 互动交流 走进永州</p>");
    private static readonly string News = Page("市政府召开常务会议_永州市人民政府", $"<h1>市政府召开常务会议</h1><p>发布时间：2026-11-30</p><p>{Article}</p>");
    private static readonly string About = Page("机构概况_永州市人民政府", $"<h1>机构概况</h1><p>{Article[..120]}</p><p>地址：永州市冷水滩区 电话：0746-8888888</p>");

    private const string HiddenLinks =
        "<div style=\"display:none\"><a href=\"http://www.ag8-casino.top/\">澳门赌场</a> <a href=\"http://www.bet-365x.xyz/\">百家乐</a> " +
        "<a href=\"http://www.pj-lottery.vip/\">时时彩</a> <a href=\"http://www.xpj88.cc/\">新葡京娱乐城</a> <a href=\"http://www.hg-sport.top/\">皇冠体育</a></div>";

    [Fact]
    public async Task A_week_of_nightly_scans_reports_what_is_new_resolved_tampered_and_alerts_once()
    {
        await using var site = await NightSite.StartAsync(new Dictionary<string, string>
        {
            ["/"] = Home, ["/news/1.html"] = News, ["/about.html"] = About,
            ["/contact.html"] = Page("联系我们_永州市人民政府", "<h1>联系我们</h1><p>电话：0746-8888888 邮箱：yzszfb@yzcity.gov.cn</p>"),
        });
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst.Add("slack");
        var db = Path.Combine(Path.GetTempPath(), $"scanner-history-{Guid.NewGuid():N}.db");
        try
        {
            string[] Night() => [site.Url("/"), "--engine", "static", "--max-depth", "1", "--timeout", "10", "--history", db, "--fail-on-new", "high",
                .. Kinds.SelectMany(k => new[] { "--notify", $"{k}:{receiver.Url(k, Token)}" })];

            // Night 1: a clean site. Nothing new, no alert.
            var night1 = await ScannerRun.ScanAsync(browser, Night());
            Assert.True(night1.ExitCode == 0, night1.Output + night1.Error);
            Assert.Equal(4, night1.Pages.Length);
            Assert.DoesNotContain(night1.FindingsAtLeast("medium"), _ => true);
            Assert.Equal(0, receiver.Total);
            Assert.Empty(night1.Report!.RootElement.GetProperty("resolved").EnumerateArray());

            // Night 2: a hidden link block on the news page, the about page's title hijacked.
            site["/news/1.html"] = News.Replace("</footer>", "</footer>" + HiddenLinks);
            site["/about.html"] = About.Replace("<title>机构概况_永州市人民政府</title>", "<title>澳门新葡京娱乐城_真人百家乐_时时彩投注平台</title>");
            var night2 = await ScannerRun.ScanAsync(browser, Night());
            Assert.True(night2.ExitCode == 1, night2.Output + night2.Error);
            var newOnes = night2.Findings.Where(f => State(f) == "new").ToList();
            Assert.Equal([site.Url("/about.html"), site.Url("/news/1.html")], newOnes.Select(f => f.GetProperty("url").GetString()).Distinct().Order());
            Assert.All(night2.Findings, f => Assert.True(State(f) is "new" or "unchanged", $"{f.GetProperty("ruleId")} {State(f)}"));
            Assert.Contains(newOnes, f => f.GetProperty("ruleId").GetString() == "tamper.new-link-domain" && f.GetProperty("severity").GetString() == "high");
            Assert.Contains(newOnes, f => f.GetProperty("ruleId").GetString() == "tamper.title-changed");
            Assert.Contains(newOnes, f => f.GetProperty("url").GetString() == site.Url("/news/1.html") && !f.GetProperty("ruleId").GetString()!.StartsWith("tamper."));
            Assert.Contains(newOnes, f => f.GetProperty("url").GetString() == site.Url("/about.html") && !f.GetProperty("ruleId").GetString()!.StartsWith("tamper."));
            Assert.DoesNotContain(night2.Findings, f => f.GetProperty("ruleId").GetString() == "tamper.defacement");
            Assert.Contains("new", night2.Output); // the console says what is new
            foreach (var kind in Kinds) Assert.Single(receiver.Received(kind));
            Assert.Equal(2, receiver.Attempts("slack")); // the first answer was 503: Polly retried
            AssertShapes(receiver, night2);
            Assert.DoesNotContain(Token, night2.Output + night2.Error + night2.Report!.RootElement.GetRawText());

            // Night 3: the injection is removed. What night 2 found is resolved; nothing new, no alert.
            site["/news/1.html"] = News;
            site["/about.html"] = About;
            var night3 = await ScannerRun.ScanAsync(browser, Night());
            Assert.True(night3.ExitCode == 0, night3.Output + night3.Error);
            Assert.DoesNotContain(night3.Findings, f => State(f) is "new" or "reappeared");
            var resolved = night3.Report!.RootElement.GetProperty("resolved").EnumerateArray().Select(r => r.GetProperty("fingerprint").GetString()).Order().ToList();
            Assert.Equal(night2.Findings.Where(f => State(f) == "new").Select(f => f.GetProperty("fingerprint").GetString()).Order(), resolved);
            Assert.Equal(5, receiver.Total);

            // Night 4: a news page's text edited a little. No tamper signal.
            site["/news/1.html"] = News.Replace("发布时间：2026-11-30", "发布时间：2026-12-01").Replace("确保全年目标任务圆满完成", "确保全年各项目标任务圆满完成");
            var night4 = await ScannerRun.ScanAsync(browser, Night());
            Assert.True(night4.ExitCode == 0, night4.Output + night4.Error);
            Assert.DoesNotContain(night4.Findings, f => f.GetProperty("ruleId").GetString()!.StartsWith("tamper."));
            Assert.Equal(5, receiver.Total);

            // Night 5: the home page replaced by a defacement. Critical, new, the gate trips, one more alert each.
            site["/"] = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hacked by Sh3ll Team</title></head>" +
                        "<body style=\"background:#000\"><img src=\"/banner.jpg\" style=\"width:100%;height:100vh\"><h1>Hacked by Sh3ll Team</h1></body></html>";
            var night5 = await ScannerRun.ScanAsync(browser, Night());
            Assert.True(night5.ExitCode == 1, night5.Output + night5.Error);
            var defacement = Assert.Single(night5.Findings, f => f.GetProperty("ruleId").GetString() == "tamper.defacement");
            Assert.Equal("critical", defacement.GetProperty("severity").GetString());
            Assert.Equal("new", State(defacement));
            Assert.Equal(10, receiver.Total);
        }
        finally
        {
            foreach (var file in new[] { db, db + "-wal", db + "-shm" }) File.Delete(file);
        }
    }

    private static string? State(JsonElement finding) => finding.TryGetProperty("historyState", out var s) ? s.GetString() : null;

    /// <summary>Each receiver got the shape of its robot, naming the new findings.</summary>
    private static void AssertShapes(WebhookReceiver receiver, ScannerRun night)
    {
        var newHigh = night.Findings.Where(f => State(f) == "new" && f.GetProperty("severity").GetString() is "high" or "critical").ToList();
        using (var generic = JsonDocument.Parse(receiver.Received("generic")[0]))
        {
            var findings = generic.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.Equal(newHigh.Select(f => f.GetProperty("fingerprint").GetString()).Order(), findings.Select(f => f.GetProperty("fingerprint").GetString()).Order());
            Assert.Equal("high", generic.RootElement.GetProperty("notifyOn").GetString());
        }
        using (var wecom = JsonDocument.Parse(receiver.Received("wecom")[0]))
        {
            Assert.Equal("markdown", wecom.RootElement.GetProperty("msgtype").GetString());
            Assert.Contains("/news/1.html", wecom.RootElement.GetProperty("markdown").GetProperty("content").GetString());
        }
        using (var dingtalk = JsonDocument.Parse(receiver.Received("dingtalk")[0]))
        {
            Assert.Equal("markdown", dingtalk.RootElement.GetProperty("msgtype").GetString());
            Assert.False(string.IsNullOrEmpty(dingtalk.RootElement.GetProperty("markdown").GetProperty("title").GetString()));
            Assert.Contains("/about.html", dingtalk.RootElement.GetProperty("markdown").GetProperty("text").GetString());
        }
        using (var feishu = JsonDocument.Parse(receiver.Received("feishu")[0]))
        {
            Assert.Equal("text", feishu.RootElement.GetProperty("msg_type").GetString());
            Assert.Contains("new finding", feishu.RootElement.GetProperty("content").GetProperty("text").GetString());
        }
        using (var slack = JsonDocument.Parse(receiver.Received("slack")[0]))
            Assert.Contains("new finding", slack.RootElement.GetProperty("text").GetString());
    }
}
