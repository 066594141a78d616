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
    /// <summary>How long attaching a DevTools session and sending the command may take.</summary>
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// True when Chromium accepted the command; false (logged) when the page could not be reached. It goes through the
    /// session the page keeps from before its navigation (<see cref="IsolatedProbe.KeptSession"/>): attaching a new one
    /// needs the renderer's main thread, which is what the script holds.
    /// </summary>
    public static async Task<bool> StopRunningScriptAsync(IPage page, ILogger log)
    {
        var kept = IsolatedProbe.KeptSession(page);
        ICDPSession? session = kept;
        try
        {
            session ??= await page.Context.NewCDPSessionAsync(page).WaitAsync(CommandLimit);
            await session.SendAsync("Runtime.terminateExecution").WaitAsync(CommandLimit);
            log.Warning("{Url}: a script held the page's renderer; it was stopped so the page could be read", page.Url);
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            log.Debug("{Url}: the script holding the page could not be stopped: {Error}", page.Url, e.Message.Split('\n', 2)[0]);
            return false;
        }
        finally
        {
            if (session is not null && session != kept) _ = DetachAsync(session);
        }
    }

    /// <summary>What the page's report says once a script that held it <paramref name="when"/> was stopped after <paramref name="waited"/>.</summary>
    public static string Note(string when, TimeSpan waited) =>
        $"a script held the page's renderer {when} (a loop that never yields?); it was stopped after {waited.TotalSeconds:0.0} s and the page was read as it stood";

    private static async Task DetachAsync(ICDPSession session)
    {
        try { await session.DetachAsync().WaitAsync(CommandLimit); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { }
    }
}

