using System.Diagnostics;
using AngleSharp.Html.Parser;
using Microsoft.Playwright;
using Scanner.Engine.Targets;

// The bare baselines of issue 20, timed against the scanner by bench/speed/ratios.sh:
//   scanner-baseline static  FOLDER [concurrency]   HttpClient GET + AngleSharp ParseDocument of every *.html
//   scanner-baseline browser FOLDER [concurrency]   Playwright: a fresh context per page, goto until DOMContentLoaded, content()
// The folder is served on loopback by the scanner's own LocalSiteServer, as `scanner scan FOLDER` serves it.
// Prints pages, bytes read and the wall seconds of the work (the process's own start is timed by the script).
if (args.Length >= 2 && args[0] == "stages") return Scanner.Baseline.StaticStages.Run(args[1]);
if (args.Length < 2 || args[0] is not ("static" or "browser"))
{
    Console.Error.WriteLine("usage: scanner-baseline static|browser FOLDER [concurrency=2]");
    return 2;
}
var folder = Path.GetFullPath(args[1]);
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 2;
await using var server = await LocalSiteServer.StartAsync(folder);
var urls = Directory.EnumerateFiles(folder, "*.html").Order(StringComparer.Ordinal).Select(server.UrlOf).ToList();
var clock = Stopwatch.StartNew();
long chars = 0;
if (args[0] == "static")
{
    using var http = new HttpClient();
    var parser = new HtmlParser();
    await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (url, ct) =>
    {
        var html = await http.GetStringAsync(url, ct);
        var document = parser.ParseDocument(html);
        Interlocked.Add(ref chars, document.DocumentElement.OuterHtml.Length);
    });
}
else
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("SCANNER_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (url, ct) =>
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });
            Interlocked.Add(ref chars, (await page.ContentAsync()).Length);
        }
        catch (PlaywrightException e)
        {
            Console.Error.WriteLine($"{url}: {e.Message.Split('\n')[0]}");
        }
    });
}
Console.WriteLine($"{args[0]}: {urls.Count} pages, {chars} chars, {clock.Elapsed.TotalSeconds:F2} s");
return 0;
