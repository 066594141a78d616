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
            log.Warning("{Url}: a script held the page's renderer; it was stopped so the page could be read", page.Url);
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            log.Debug("{Url}: the script holding the page could not be stopped: {Error}", page.Url, e.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    /// <summary>What the page's report says once a script that held it <paramref name="when"/> was stopped after <paramref name="waited"/>.</summary>
    public static string Note(string when, TimeSpan waited) =>
        $"a script held the page's renderer {when} (a loop that never yields?); it was stopped after {waited.TotalSeconds:0.0} s and the page was read as it stood";
}
