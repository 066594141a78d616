using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// A pure function of a page snapshot and the rules to findings. No I/O: analyzers are tested on hand-built snapshots.
/// </summary>
public interface IPageAnalyzer
{
    /// <summary>The rules this analyzer can report, given the loaded rule set.</summary>
    IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules);

    IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules);
}
