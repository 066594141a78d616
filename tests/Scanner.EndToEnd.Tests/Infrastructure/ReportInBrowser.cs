using Microsoft.Playwright;

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An HTML report opened in the shared Chromium with tripwires: dialogs, console messages, CSP violations and
/// anything that sets <c>window.__pwned</c> (what every payload in the test evidence tries to do).
/// </summary>
public sealed class ReportInBrowser : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public List<string> Dialogs { get; } = [];
    public List<string> Console { get; } = [];

    private ReportInBrowser(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += (_, d) => { lock (Dialogs) Dialogs.Add(d.Message); _ = d.DismissAsync(); };
        page.Console += (_, m) => { lock (Console) Console.Add($"{m.Type}: {m.Text}"); };
    }

    public static async Task<ReportInBrowser> OpenAsync(IBrowser browser, string file, int width = 1280, int height = 720)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var report = new ReportInBrowser(context, page);
        // Runs before the report's own code, outside its CSP: records any violation the report's content provokes.
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
        await page.GotoAsync(new Uri(file).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return report;
    }

    public async Task<string?> PwnedAsync() => await Page.EvaluateAsync<string?>("() => window.__pwned === undefined ? null : String(window.__pwned)");

    public async Task<string[]> ViolationsAsync() => await Page.EvaluateAsync<string[]>("() => window.__violations");

    /// <summary>Exercises everything interactive: every sort button, the filters, every screenshot's details.</summary>
    public async Task ClickEverythingAsync()
    {
        foreach (var button in await Page.QuerySelectorAllAsync("button[data-sort]")) { await button.ClickAsync(); await button.ClickAsync(); }
        foreach (var summary in await Page.QuerySelectorAllAsync("details > summary")) await summary.ClickAsync();
        await Page.FillAsync("#f-text", "script");
        await Page.SelectOptionAsync("#f-severity", "4");
        await Page.FillAsync("#f-text", "");
        await Page.SelectOptionAsync("#f-severity", "0");
        if (await Page.QuerySelectorAsync("#f-state") is not null) { await Page.SelectOptionAsync("#f-state", "new"); await Page.SelectOptionAsync("#f-state", ""); }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
