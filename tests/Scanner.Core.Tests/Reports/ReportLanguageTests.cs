using System.Globalization;
using System.Resources;
using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Reports;
using Scanner.Core.Reports.Localization;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Reports;

public sealed class ReportLanguageTests
{
    private static readonly ResourceManager Strings = new("Scanner.Core.Reports.Localization.ReportStrings", typeof(ReportLanguage).Assembly);

    private static ReportLanguage Chinese => ReportLanguage.TryParse("zh-CN", out var l) ? l : throw new InvalidOperationException();

    private static Dictionary<string, string> Entries(CultureInfo culture) =>
        Strings.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Fact]
    public void Every_label_is_translated_with_the_same_placeholders()
    {
        var english = Entries(CultureInfo.InvariantCulture);
        var chinese = Entries(CultureInfo.GetCultureInfo("zh-CN"));
        Assert.NotEmpty(english);
        foreach (var (key, value) in english)
        {
            Assert.True(chinese.TryGetValue(key, out var translated), $"'{key}' has no zh-CN translation");
            var placeholders = System.Text.RegularExpressions.Regex.Matches(value, @"\{\d\}").Select(m => m.Value).Order();
            Assert.Equal(placeholders, System.Text.RegularExpressions.Regex.Matches(translated!, @"\{\d\}").Select(m => m.Value).Order());
        }
    }

    [Fact]
    public void Every_rule_a_scan_can_report_has_a_Chinese_title_and_keeps_its_id()
    {
        var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] });
        foreach (var rule in RuleCatalogue.For(rules))
        {
            var title = Chinese.RuleTitle(rule.Id, rule.Title);
            Assert.True(title != rule.Title && title.Any(c => c >= '\u4e00'), $"{rule.Id} has no Chinese title");
            Assert.Equal(rule.Title, ReportLanguage.English.RuleTitle(rule.Id, rule.Title));
        }
        Assert.Equal("My pack", Chinese.RuleTitle("keyword.my-own-pack", "My pack")); // a user's pack keeps its own words
    }

    [Fact]
    public void Severities_and_hidden_reasons_are_translated_where_they_stand_and_selectors_are_left_alone()
    {
        Assert.Equal(["严重", "高", "中", "低", "提示"], ScanReport.SeveritiesDescending.Select(Chinese.Severity));
        Assert.Equal("祖先元素隐藏 (display:none 不显示 于 div.off-screen)", Chinese.HiddenReason("hidden-ancestor (display-none on div.off-screen)"));
        Assert.Equal("移出屏幕，文字透明", Chinese.HiddenReasons(["off-screen", "transparent-text"]));
        Assert.Equal("off-screen", ReportLanguage.English.HiddenReason("off-screen"));
    }

    [Fact]
    public void Only_supported_languages_are_accepted()
    {
        Assert.True(ReportLanguage.TryParse("ZH-cn", out var l) && l.Tag == "zh-CN");
        Assert.True(ReportLanguage.TryParse("en", out var e) && e == ReportLanguage.English);
        Assert.False(ReportLanguage.TryParse("fr", out _));
    }
}
