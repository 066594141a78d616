using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Rules;

public sealed class RuleFileParserTests
{
    private static RuleFileException Fails(string yaml) =>
        Assert.Throws<RuleFileException>(() => RuleFileParser.Parse(yaml, "pack.yaml"));

    [Fact]
    public void A_keyword_pack_reads_terms_with_their_own_severity_and_context()
    {
        var pack = RuleFileParser.Parse("""
            id: gambling
            category: gambling
            severity: high
            keywords:
              - 百家乐
              - { term: 赌博, severity: medium }
              - term: 彩票
                context: [网址, 开户]
            allow: [打击赌博]
            tests:
              match: [百家乐]
              noMatch: [福利彩票]
            """, "pack.yaml").Pack!;

        Assert.Equal("keyword.gambling", pack.RuleId);
        Assert.Equal(Severity.High, pack.Severity);
        Assert.Equal(["百家乐", "赌博", "彩票"], pack.Terms.Select(t => t.Term));
        Assert.Equal(Severity.Medium, pack.Terms[1].Severity);
        Assert.Equal(["网址", "开户"], pack.Terms[2].Context);
        Assert.Equal(["打击赌博"], pack.Allow);
        Assert.Equal(["福利彩票"], pack.MustNotMatch);
    }

    [Fact]
    public void Errors_name_the_file_the_line_and_the_problem()
    {
        var e = Fails("id: x\nkeywords:\n  - a\n  - { term: b, severity: huge }\n");
        Assert.Equal(4, e.Line);
        Assert.StartsWith("pack.yaml:4:", e.Message);
        Assert.Contains("unknown severity 'huge'", e.Message);
    }

    [Theory]
    [InlineData("id: x\nkeyword: [a]\n", 2, "unknown key 'keyword'")]
    [InlineData("keywords: [a]\n", 1, "missing required key 'id'")]
    [InlineData("id: x\nkeywords: []\n", 2, "'keywords:' is empty")]
    [InlineData("id: Bad Id\nkeywords: [a]\n", 1, "must be lower-case")]
    [InlineData("id: x\nkeywords:\n  - [a, b]\n", 3, "a keyword must be a string")]
    [InlineData("kind: nonsense\n", 1, "unknown kind 'nonsense'")]
    [InlineData("id: x\nkeywords: [a\n", 3, "invalid YAML")]
    [InlineData("- just\n- a list\n", 1, "expected a mapping")]
    public void Each_problem_is_located(string yaml, int line, string problem)
    {
        var e = Fails(yaml);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_link_policy_reads_domains_and_imports_domain_lists()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "denied.txt"), "# spam\nhttp://www.casino-a.com/\ncasino-b.net\n\n");
            var file = Path.Combine(folder, "policy.yaml");
            File.WriteAllText(file, "kind: link-policy\nallowedDomains: [gov.cn]\ndeniedDomains: [x.com]\ndeniedDomainLists: [denied.txt]\nsuspiciousTlds: [.xyz]\n");
            var policy = RuleFileParser.ParseFile(file).LinkPolicy!;
            Assert.True(policy.IsAllowed("www.hunan.gov.cn"));
            Assert.Equal("casino-a.com", policy.DeniedDomainFor("m.www.casino-a.com") is { } d && d.EndsWith("casino-a.com") ? "casino-a.com" : null);
            Assert.Equal("casino-b.net", policy.DeniedDomainFor("casino-b.net"));
            Assert.Null(policy.DeniedDomainFor("notcasino-b.net"));
            Assert.Equal("xyz", policy.SuspiciousTldOf("a.xyz"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_shipped_packs_load_and_pass_their_own_cases()
    {
        var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.Combine(AppContext.BaseDirectory, "rules")] });
        Assert.Contains(rules.Packs, p => p.Id == "porn");
        Assert.Contains(rules.Packs, p => p.Id == "gambling");
        var (cases, failures) = RulePackSelfTest.Run(rules);
        Assert.True(cases > 10);
        Assert.Empty(failures.Select(f => f.ToString()));
    }

    [Fact]
    public void A_pack_case_that_fails_is_reported()
    {
        var pack = RuleFileParser.Parse("id: x\nkeywords: [百家乐]\ntests:\n  match: [没有]\n  noMatch: [百家乐]\n", "x.yaml").Pack!;
        var (_, failures) = RulePackSelfTest.Run(new RuleSet([pack], LinkPolicy.Empty));
        Assert.Equal(2, failures.Count);
    }
}

public sealed class ReportingContextAndWordsParserTests
{
    [Fact]
    public void Allow_mappings_are_reporting_contexts_and_plain_entries_stay_phrases()
    {
        var pack = RuleFileParser.Parse("""
            id: gambling
            keywords: [百家乐]
            allow:
              - 打击赌博
              - near: [警方, 查处]
                unless: [注册送]
                cap: low
                maxTerms: 3
            """, "pack.yaml").Pack!;

        Assert.Equal(["打击赌博"], pack.Allow);
        var context = Assert.Single(pack.Contexts);
        Assert.Equal(["警方", "查处"], context.Near);
        Assert.Equal(["注册送"], context.Unless);
        Assert.Equal(Severity.Low, context.Cap);
        Assert.Equal(3, context.MaxTerms);
    }

    [Theory]
    [InlineData("allow:\n  - { near: [警方], typo: 1 }", "unknown key 'typo'")]
    [InlineData("allow:\n  - { unless: [注册送] }", "needs words in 'near:'")]
    [InlineData("allow:\n  - { near: [警方], maxTerms: none }", "'maxTerms' must be a positive whole number")]
    [InlineData("allow:\n  - { nearLists: [missing.txt] }", "word list 'missing.txt' not found")]
    public void A_malformed_reporting_context_names_the_problem(string allow, string message)
    {
        var e = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse("id: p\nkeywords: [百家乐]\n" + allow, "pack.yaml"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_words_file_gives_real_words()
    {
        var parsed = RuleFileParser.Parse("kind: words\ntitle: places\nwords: [禄口, 港口]", "words.yaml");
        Assert.Null(parsed.Pack);
        Assert.Equal(["禄口", "港口"], parsed.RealWords);
        Assert.Throws<RuleFileException>(() => RuleFileParser.Parse("kind: words\nwords: []", "words.yaml"));
    }
}
