using Scanner.Core.Analyzers;
using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Engine.Scanning;

/// <summary>
/// The policy stage of the pipeline: every finding of every rule family (page analyzers, cloaking, the static spider,
/// link checks) passes through here exactly once, after the page's analysis and link checks and before any sink sees
/// it. Applying the user's severity overrides and disabled rules anywhere else would let one family slip past them
/// (as link checks once did), or apply them twice (repeating their reasons).
/// </summary>
public sealed class PolicyStage(RulePolicy policy)
{
    /// <summary>The page's findings that remain, with overridden severities and a reason saying so.</summary>
    public IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> findings) => policy.Apply(findings);

    /// <summary>The rules as configured: disabled ones left out, default severities overridden.</summary>
    public IReadOnlyList<RuleDescriptor> Apply(IEnumerable<RuleDescriptor> rules) => policy.Apply(rules);
}
