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
/// property name, or code that looks obfuscated (<see cref="RunTimeLayers.WorthRunning"/>).
/// </summary>
public static partial class VisitorRuns
{
    /// <summary>Injected snippets are small; a bigger script is a library and is not run for its navigations.</summary>
    public const int MaxScriptLength = 64 * 1024;

    /// <summary>Runs to allow one page (three visitors a script).</summary>
    public const int MaxRunsPerPage = 24;

    /// <summary>A redirect snippet runs in milliseconds; a script still busy after this is not one (one of the clean corpus's
    /// BBC scripts spent 1.5 s a run, three runs).</summary>
    public static readonly TimeSpan PerRun = TimeSpan.FromMilliseconds(500);

    /// <summary>The page's allowance for these runs, apart from the script rules' own.</summary>
    public static EmulationBudget PageBudget() => new(TimeSpan.FromSeconds(2), MaxRunsPerPage);

    /// <summary>
    /// A location sink whose target or name is computed, or code that looks obfuscated. A sink with a literal target is
    /// read from the text (visitor test or not), so its script is not run: on the clean corpus that gate makes 131 runs
    /// where "any sink under a visitor test" made 233.
    /// </summary>
    public static bool WorthRunning(string script, string readable) =>
        script.Length <= MaxScriptLength && (ComputedSink().IsMatch(readable) || RunTimeLayers.WorthRunning(script, false));

    /// <param name="script">The script's own text (what runs).</param>
    /// <param name="readable">The script and its decoded layers (what is read to decide).</param>
    public static IReadOnlyList<RunTimeNavigation> Of(string script, string readable, bool testsVisitor, string pageUrl, EmulationBudget budget)
    {
        if (!WorthRunning(script, readable)) return [];
        var found = new List<RunTimeNavigation>();
        IEnumerable<VisitorProfile> visitors = testsVisitor ? [VisitorProfile.Default, .. VisitorProfile.Targets] : [VisitorProfile.Default];
        foreach (var visitor in visitors)
        {
            var trace = ScriptEmulator.Run(script, pageUrl, budget, PerRun, visitor);
            if (!trace.Ran) break; // the page's allowance is spent
            var onEvent = trace.Of("on-event").Select(e => e.Text).ToHashSet(StringComparer.Ordinal);
            foreach (var e in trace.Of("navigate"))
                if (!found.Any(f => f.Url == e.Text)) found.Add(new RunTimeNavigation(e.Text, visitor, onEvent.Contains(e.Text)));
            // Stopped by a limit (time, statements, memory), not by its own error: the next visitor would cost as much.
            if (trace.Stop is { } stop && !stop.StartsWith("the script threw", StringComparison.Ordinal)) break;
        }
        return found;
    }

    // A location assignment or call whose target is not a string literal (or is a literal joined to something else:
    // "http://"+host), or a location reached by a computed name: ["location"], or a window member whose name is an
    // expression (window[String.fromCharCode(108,…)]=u, window[_l][_h]=u).
    [GeneratedRegex(@"location(?:\s*\.\s*href)?\s*=(?!=)\s*(?:(?!['""\s])|(['""])[^'""\n]{0,200}\1\s*\+)|location\s*\.\s*(?:replace|assign)\s*\(\s*(?:(?!['""\s])|(['""])[^'""\n]{0,200}\2\s*\+)|\[\s*['""](?:location|href)['""]\s*\]\s*(?:=(?!=)|\[)|\b(?:window|top|self|parent)\s*\[\s*(?!['""\d])[^\]\n]{1,200}\]\s*(?:=(?!=)|\[)", RegexOptions.IgnoreCase)]
    private static partial Regex ComputedSink();
}
