using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>A place a script sent the visitor when it ran, and as whom it had to run for that.</summary>
/// <param name="OnEvent">Only a handler of the visitor's own action (a click, a key, a touch) navigated there.</param>
public sealed record RunTimeNavigation(string Url, VisitorProfile Visitor, bool OnEvent);

/// <summary>
/// The navigations a script makes when it runs, whatever trick builds the URL (concatenation, <c>[…].join("/")</c>,
/// escaped property names, a variable set in another statement) and whatever visitor it waits for: scripts that test the
/// visitor (<see cref="VisitorTests"/>) are run as the default visitor and as each of <see cref="VisitorProfile.Targets"/>.
/// Only scripts whose navigation the literal reading cannot see are run: a location sink with a computed target or
/// property name, a sink under a visitor test, or code that looks obfuscated (<see cref="RunTimeLayers.WorthRunning"/>).
/// </summary>
public static partial class VisitorRuns
{
    /// <summary>Injected snippets are small; a bigger script is a library and is not run for its navigations.</summary>
    public const int MaxScriptLength = 64 * 1024;

    /// <summary>Runs to allow one page (three visitors a script): more than the script rules' allowance, for the same time.</summary>
    public const int MaxRunsPerPage = 24;

    public static bool WorthRunning(string script, string readable, bool testsVisitor) =>
        script.Length <= MaxScriptLength
        && ((LocationSink().IsMatch(readable) && (testsVisitor || ComputedSink().IsMatch(readable))) || RunTimeLayers.WorthRunning(script, false));

    /// <param name="script">The script's own text (what runs).</param>
    /// <param name="readable">The script and its decoded layers (what is read to decide).</param>
    public static IReadOnlyList<RunTimeNavigation> Of(string script, string readable, bool testsVisitor, string pageUrl, EmulationBudget budget)
    {
        if (!WorthRunning(script, readable, testsVisitor)) return [];
        var found = new List<RunTimeNavigation>();
        IEnumerable<VisitorProfile> visitors = testsVisitor ? [VisitorProfile.Default, .. VisitorProfile.Targets] : [VisitorProfile.Default];
        foreach (var visitor in visitors)
        {
            var trace = ScriptEmulator.Run(script, pageUrl, budget, visitor: visitor);
            if (!trace.Ran) break; // the page's allowance is spent
            var onEvent = trace.Of("on-event").Select(e => e.Text).ToHashSet(StringComparer.Ordinal);
            foreach (var e in trace.Of("navigate"))
                if (!found.Any(f => f.Url == e.Text)) found.Add(new RunTimeNavigation(e.Text, visitor, onEvent.Contains(e.Text)));
        }
        return found;
    }

    [GeneratedRegex(@"\blocation\b|\[\s*['""](?:location|href)['""]\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex LocationSink();

    // A location assignment or call whose target is not a string literal, or a location reached by a computed name.
    [GeneratedRegex(@"location(?:\s*\.\s*href)?\s*=(?!=)\s*(?!['""\s])|location\s*\.\s*(?:replace|assign)\s*\(\s*(?!['""\s])|\[\s*['""](?:location|href)['""]\s*\]\s*(?:=(?!=)|\[)", RegexOptions.IgnoreCase)]
    private static partial Regex ComputedSink();
}
