using System.Text.RegularExpressions;
using Scanner.Core.Text;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// The emulator's runs, remembered per script text: a site's pages carry the same inline snippets, and a Jint run costs
/// milliseconds to seconds. What a run can see of its page is only what the prelude is given: the script's text, the
/// visitor (what the prelude reads of it, and its clock when it has a fixed hour), and the page's address, of which <c>Prelude.js</c> keeps only the origin (every page "is" the origin's
/// <c>/checkout/onepage/</c>, see <see cref="PageAsSeen"/>). A run is remembered under those three, and only when it
/// ended on its own (finished, or threw its own error) within its time: a run cut by a limit says nothing about what
/// a run with more time would record. Thread-safe; bounded (<see cref="TextMemo{TValue}"/>).
/// </summary>
internal static partial class RememberedRuns
{
    private static readonly TextMemo<EmulationTrace> Runs = new(8_000_000);

    public static EmulationTrace? Recall(string script, string pageUrl, VisitorProfile visitor) =>
        Runs.TryGet(Key(script, pageUrl, visitor), out var trace) ? trace : null;

    public static void Keep(string script, string pageUrl, VisitorProfile visitor, EmulationTrace trace) =>
        Runs.Keep(Key(script, pageUrl, visitor), trace, trace.Events.Sum(e => (long)e.Text.Length));

    /// <summary>
    /// The address the prelude makes of <paramref name="pageUrl"/> (its first lines: <c>__pageUrl.replace(...)</c>): the
    /// origin plus a fixed path for http(s) addresses, the address itself otherwise (and for an address with a line break, which JavaScript's <c>.</c> does not
    /// match: such an address is its own key). Keep the two in step.
    /// </summary>
    public static string PageAsSeen(string pageUrl) =>
        pageUrl.AsSpan().IndexOfAny("\n\r\u2028\u2029") >= 0 ? pageUrl : Origin().Replace(pageUrl, "$1/checkout/onepage/", 1);

    // The visitor: its JSON is what the prelude reads of it, and a visitor with a fixed hour runs on a clock set to today
    // at that hour (VisitorClock): a new day is a new clock.
    private static string Key(string script, string pageUrl, VisitorProfile visitor) =>
        string.Concat(PageAsSeen(pageUrl), "\n", visitor.ToJson(), "\n", visitor.Now(DateTimeOffset.UtcNow)?.ToString("O"), "\n", script);

    [GeneratedRegex(@"^(https?://[^/?#]+).*$")]
    private static partial Regex Origin();
}
