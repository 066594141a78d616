using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>Runs every analyzer over a snapshot and makes the page's fingerprints unique.</summary>
public sealed class PageAnalysis(IReadOnlyList<IPageAnalyzer> analyzers, RuleSet rules)
{
    public static IReadOnlyList<IPageAnalyzer> DefaultAnalyzers { get; } =
    [
        new KeywordAnalyzer(), new LinkPolicyAnalyzer(), new HiddenContentAnalyzer(), new LinkFarmAnalyzer(), new TitleHijackAnalyzer(),
        new ScriptInjectionAnalyzer(), new RedirectAnalyzer(), new CanonicalHijackAnalyzer(), new OutsideDocumentAnalyzer(), new MassSpamSignatureAnalyzer(),
        new ServedSourceAnalyzer(),
        new DoorwayPageAnalyzer(), new AttributeSpamAnalyzer(),
    ];

    public IReadOnlyList<IPageAnalyzer> Analyzers { get; } = analyzers;
    public RuleSet Rules { get; } = rules;

    /// <summary>The analyzers' rules, with the severities the loaded packs' terms can give them (<see cref="RuleCatalogue.Resolve"/>).</summary>
    public IEnumerable<RuleDescriptor> DescribeRules() => Analyzers.SelectMany(a => a.DescribeRules(Rules)).Select(r => RuleCatalogue.Resolve(r, Rules));

    /// <summary>
    /// Every analyzer's findings on the page. With <paramref name="onFailure"/>, an analyzer that throws on this page
    /// is reported there and the others' findings are kept: a page crafted to break one detector must not blind the
    /// rest. Without it, the exception propagates.
    /// </summary>
    public IReadOnlyList<Finding> Analyze(PageSnapshot page, Action<IPageAnalyzer, Exception>? onFailure = null)
    {
        if (string.IsNullOrEmpty(page.ServedHtml) && page.TextBlocks.Count == 0) return [];
        var findings = new List<Finding>();
        foreach (var analyzer in Analyzers)
        {
            if (onFailure is null)
            {
                findings.AddRange(analyzer.Analyze(page, Rules));
                continue;
            }
            try
            {
                // Materialised here, so an exception thrown while enumerating is this analyzer's, caught here.
                findings.AddRange(analyzer.Analyze(page, Rules).ToList());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                onFailure(analyzer, e);
            }
        }
        // The same problem twice on one page (the same spam line in two places) keeps distinct, stable fingerprints.
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < findings.Count; i++)
        {
            var fp = findings[i].Fingerprint;
            var n = seen[fp] = seen.GetValueOrDefault(fp) + 1;
            if (n > 1) findings[i] = findings[i] with { Fingerprint = $"{fp}-{n}" };
        }
        return findings;
    }
}
