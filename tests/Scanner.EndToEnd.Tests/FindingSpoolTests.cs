using Scanner.Core.Model;
using Scanner.Engine.Reports;

namespace Scanner.EndToEnd.Tests;

/// <summary>The spool (source-generated JSON lines since issue 20) gives back every member of every finding, in order.</summary>
public sealed class FindingSpoolTests
{
    [Fact]
    public void Every_member_of_a_finding_survives_the_spool()
    {
        var full = new Finding
        {
            RuleId = "keyword.porn", Title = "Porn keyword", Severity = Severity.Critical, Category = "keyword",
            Url = "http://127.0.0.1/a.html", Selector = "div.footer > a:nth-of-type(3)", Hidden = true,
            HiddenReasons = ["display:none", "revealable-by-page"], Evidence = "AⅤ一区 \"quoted\" <b>", Context = "…footer…",
            MatchedTerm = "av一区", Reasons = ["listed term", "hidden"], LinkHref = "https://x.example/?a=1&b=2", Line = 12, Column = 40,
            Fingerprint = "abc123", HistoryState = Enum.GetValues<HistoryState>().Last(),
        };
        var bare = new Finding { RuleId = "r", Title = "t", Severity = Severity.Low, Category = "c", Url = "u", Evidence = "", Fingerprint = "f" };
        using var spool = new FindingSpool();
        spool.Add([full, bare]);
        spool.Add([bare with { Fingerprint = "f-2" }]);

        var back = spool.ToList();
        Assert.Equal(3, back.Count);
        Assert.Equal(Describe(full), Describe(back[0]));
        Assert.Equal(Describe(bare), Describe(back[1]));
        Assert.Equal("f-2", back[2].Fingerprint);
    }

    private static string Describe(Finding f) => string.Join("|", f.RuleId, f.Title, f.Severity, f.Category, f.Url, f.Selector, f.Hidden,
        string.Join(",", f.HiddenReasons), f.Evidence, f.Context, f.MatchedTerm, string.Join(",", f.Reasons), f.LinkHref, f.Line, f.Column,
        f.Fingerprint, f.HistoryState);
}
