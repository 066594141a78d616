using Microsoft.Playwright;
using Scanner.Browser.Probe;
using Serilog;

namespace Scanner.Browser.Loading;

/// <summary>
/// Stops the script that holds a page's renderer (a loop that never yields, put there to keep scanners from reading
/// the page), so the page can still be read as it stands. Chromium handles <c>Runtime.terminateExecution</c> outside the
/// renderer's busy main thread; the page's DOM and its later timers are left as they are, only the running script ends.
/// </summary>
internal static class HeldScriptInterrupter
{
    /// <summary>How long sending the command may take.</summary>
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// True when Chromium accepted the command; false (logged) when the page could not be reached. It goes through the
    /// session every page keeps from before its navigation (<see cref="IsolatedProbe.KeptSession"/>, made by
    /// <see cref="WarmPages"/>): attaching a new one needs the renderer's main thread, which is what the script holds.
    /// </summary>
    public static async Task<bool> StopRunningScriptAsync(IPage page, ILogger log)
    {
        if (IsolatedProbe.KeptSession(page) is not { } session) return false;
        try
        {
            await session.SendAsync("Runtime.terminateExecution").WaitAsync(CommandLimit);
            log.Debug("{Url}: the renderer does not answer; the running script was told to stop", page.Url);
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            log.Debug("{Url}: the script holding the page could not be stopped: {Error}", page.Url, e.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    /// <summary>
    /// How many times one page may have its script stopped. Chromium ends "the current or next" script: a stop that
    /// arrives while the renderer is slow for another reason (starting up on a loaded machine) ends some other script,
    /// or none, and the loop goes on; a page may also start a second loop.
    /// </summary>
    public const int MaxStops = 3;

    /// <summary>
    /// Stops the script holding the page and checks that the renderer answers again within <paramref name="answerWait"/>;
    /// while it does not, stops it again (up to <see cref="MaxStops"/> in all). False when it could not be freed.
    /// </summary>
    public static async Task<bool> StopAndConfirmAsync(IPage page, ILogger log, TimeSpan answerWait)
    {
        for (var stop = 1; stop <= MaxStops; stop++)
        {
            if (!await StopRunningScriptAsync(page, log)) return false;
            if (await AnswersAsync(page, answerWait)) return true;
            log.Debug("{Url}: the renderer still did not answer {Seconds:0.0} s after stop {Stop}", page.Url, answerWait.TotalSeconds, stop);
        }
        return false;
    }

    /// <summary>
    /// True when the renderer evaluates a constant within <paramref name="wait"/>: no script holds it now. An evaluation
    /// ended by a stop still pending is an answer too (the renderer ran it).
    /// </summary>
    public static async Task<bool> AnswersAsync(IPage page, TimeSpan wait)
    {
        if (IsolatedProbe.KeptSession(page) is not { } session) return false;
        try
        {
            await session.SendAsync("Runtime.evaluate", new Dictionary<string, object> { ["expression"] = "0", ["returnByValue"] = true }).WaitAsync(wait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (PlaywrightException)
        {
            return true; // answered, with an error
        }
    }

    /// <summary>What the page's report says once a script that held it <paramref name="when"/> was stopped after <paramref name="waited"/>.</summary>
    public static string Note(string when, TimeSpan waited) =>
        $"a script held the page's renderer {when} (a loop that never yields?); it was stopped after {waited.TotalSeconds:0.0} s and the page was read as it stood";
}
