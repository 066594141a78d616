using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Policy;
using Scanner.Core.Reports;

namespace Scanner.Core.Tests.Reports;

/// <summary>Hand-built reports for the writers' tests, with the kind of hostile text real pages carry.</summary>
internal static class ReportSamples
{
    public const string Hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"></textarea></script><!-- [x](javascript:alert(1)) | `code` \u001b[31m";

    public static Finding Finding(Severity severity, string fingerprint, string evidence = "亚洲综合性色AⅤ一区", string url = "https://a.gov.cn/", string rule = "keyword.porn",
        int? line = null, bool hidden = false) => new()
    {
        RuleId = rule, Title = "Spam terms (porn)", Severity = severity, Category = rule.Split('.')[^1], Url = url,
        Selector = "body > div:nth-of-type(3) > ul > li:nth-of-type(5)", Evidence = evidence, Fingerprint = fingerprint,
        Hidden = hidden, HiddenReasons = hidden ? ["display:none"] : [], Reasons = ["8 distinct spam terms in one block", evidence],
        MatchedTerm = "av一区", Line = line, Column = line is null ? null : 17, LinkHref = hidden ? "javascript:alert(document.domain)" : null,
    };

    public static ScanReport Report(IReadOnlyList<Finding> findings, Baseline? baseline = null, Gate? gate = null) => new()
    {
        StartedAt = DateTimeOffset.Parse("2026-11-29T00:00:00Z"),
        FinishedAt = DateTimeOffset.Parse("2026-11-29T00:00:05Z"),
        Engine = "browser",
        Gate = gate ?? Gate.Default,
        Pages =
        [
            new PageResult("https://a.gov.cn/", "https://a.gov.cn/", 200, null, TimeSpan.FromSeconds(1), findings.Count(f => f.Url == "https://a.gov.cn/")),
            new PageResult("https://b.gov.cn/", "https://b.gov.cn/", 200, null, TimeSpan.FromSeconds(1), findings.Count(f => f.Url == "https://b.gov.cn/")),
            new PageResult("https://c.gov.cn/", null, null, "net::ERR_CONNECTION_REFUSED <b>", TimeSpan.Zero, 0),
        ],
        Findings = findings,
        Rules = [new RuleDescriptor("keyword.porn", "Spam terms (porn)", "porn", Severity.High, "Porn keywords on a government page are almost always injected.")],
        Baseline = baseline?.Compare(findings),
    };
}
