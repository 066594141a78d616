using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 15, "Local scans expose nothing outside the folder": a scanned page's script fetches files it should not
/// see and writes what it got into the page, where spam words would put it into the report's evidence. The secrets
/// carry spam words and a marker; a web asset carries the same words and its own marker, to prove that the script
/// ran and that what it fetched does reach the report.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalScanExposureTests : IDisposable
{
    private readonly BrowserFixture _browser;
    private const string Secret = "SECRET-7f3a";
    private const string Spam = "百家乐 无码视频 婷婷五月 澳门赌场";
    private readonly string _root = Directory.CreateTempSubdirectory("scanner-local-exposure-").FullName;

    private static readonly string[] Fetched =
    [
        "asset.js", "secret.txt", "other.html", ".env", ".git/config", "../outside.txt", "%2e%2e/outside.txt",
        "..%2foutside.txt", "linked-out.txt", "linked-dir/outside.txt",
    ];

    private string Site => Path.Combine(_root, "site");

    public LocalScanExposureTests(BrowserFixture browser)
    {
        _browser = browser;
        Directory.CreateDirectory(Path.Combine(Site, ".git"));
        File.WriteAllText(Path.Combine(_root, "outside.txt"), $"{Secret} outside {Spam}");
        File.WriteAllText(Path.Combine(Site, "secret.txt"), $"{Secret} beside {Spam}");
        File.WriteAllText(Path.Combine(Site, ".env"), $"{Secret} dotenv {Spam}");
        File.WriteAllText(Path.Combine(Site, ".git", "config"), $"{Secret} git {Spam}");
        File.WriteAllText(Path.Combine(Site, "other.html"), $"<p>{Secret} other page {Spam}</p>");
        File.CreateSymbolicLink(Path.Combine(Site, "linked-out.txt"), Path.Combine(_root, "outside.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Site, "linked-dir"), _root);
        File.WriteAllText(Path.Combine(Site, "asset.js"), $"// ASSET-OK {Spam}");
        var fetches = string.Join(",", Fetched.Select(f => $"'{f}'"));
        File.WriteAllText(Path.Combine(Site, "page.html"), $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>本地页面</title></head>
            <body><h1>本地页面</h1><div id="out"></div>
            <script>
            for (const path of [{{fetches}}]) {
              fetch(path).then(r => r.ok ? r.text() : 'HTTP ' + r.status).catch(e => 'failed').then(text => {
                const p = document.createElement('p'); p.textContent = path + ': ' + text; document.getElementById('out').appendChild(p);
              });
            }
            </script></body></html>
            """);
    }

    [Fact]
    public async Task A_page_target_exposes_only_itself_and_its_web_assets()
    {
        var run = await ScannerRun.ScanAsync(_browser, Path.Combine(Site, "page.html"), "--fail-on", "none");

        var report = run.Report!.RootElement.GetRawText();
        Assert.Contains("ASSET-OK", report); // the script ran and what it fetched reached the report
        Assert.DoesNotContain(Secret, report);
    }

    [Fact]
    public async Task A_folder_target_exposes_its_files_but_no_dotfile_nor_anything_outside()
    {
        var run = await ScannerRun.ScanAsync(_browser, Site, "--fail-on", "none");

        // The pages of the folder, once each: the link to the parent folder is not followed round and round.
        Assert.Equal(["other.html", "page.html"], run.Pages.Select(p => p.GetProperty("url").GetString()!.Split('/')[^1]).Order(StringComparer.Ordinal));

        var report = run.Report!.RootElement.GetRawText();
        Assert.Contains("ASSET-OK", report);
        Assert.Contains($"{Secret} beside", report); // a file of the folder the user asked to scan: served
        Assert.Contains($"{Secret} other page", report);
        Assert.DoesNotContain($"{Secret} outside", report);
        Assert.DoesNotContain($"{Secret} dotenv", report);
        Assert.DoesNotContain($"{Secret} git", report);
    }

    /// <summary>The server itself, asked with raw request lines (HttpClient would tidy "..", "%2e%2e" away before sending).</summary>
    [Theory]
    [InlineData(false, "/page.html", 200)]
    [InlineData(false, "/asset.js", 200)]
    [InlineData(false, "/secret.txt", 404)]
    [InlineData(false, "/other.html", 404)]
    [InlineData(true, "/secret.txt", 200)]
    [InlineData(true, "/other.html", 200)]
    [InlineData(true, "/.env", 404)]
    [InlineData(true, "/.git/config", 404)]
    [InlineData(true, "/../outside.txt", 404)]
    [InlineData(true, "/%2e%2e/outside.txt", 404)]
    [InlineData(true, "/..%2foutside.txt", 404)]
    [InlineData(true, "/%2E%2E%2Foutside.txt", 404)]
    [InlineData(true, "/linked-out.txt", 404)]
    [InlineData(true, "/linked-dir/outside.txt", 404)]
    [InlineData(true, "/linked-dir/site/secret.txt", 200)] // a link that leads back inside: the file is the folder's own
    public async Task The_local_server_answers_only_what_its_rule_allows(bool folder, string path, int status)
    {
        var rule = folder ? Engine.Targets.LocalServingRule.ForFolder(Site) : Engine.Targets.LocalServingRule.ForFiles(Site);
        if (!folder) rule.AddPage(Path.Combine(Site, "page.html"));
        await using var server = await Engine.Targets.LocalSiteServer.StartAsync(rule);

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nConnection: close\r\n\r\n"));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith($"HTTP/1.1 {status} ", answer);
        if (status == 404) Assert.DoesNotContain(Secret, answer);
    }

    public void Dispose()
    {
        File.Delete(Path.Combine(Site, "linked-out.txt"));
        Directory.Delete(Path.Combine(Site, "linked-dir"));
        Directory.Delete(_root, recursive: true);
    }
}
