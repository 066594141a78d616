using System.CommandLine;
using System.Text.Json;
using Scanner.Cli.Commands;
using Scanner.Cli.Scanning;
using Scanner.Core.Crawling;
using Scanner.Core.Loading;
using Scanner.Core.Rules;
using Scanner.Engine;
using Scanner.Engine.Crawling;
using Scanner.Engine.Reports;
using Scanner.Engine.Scanning;
using Serilog.Core;

namespace Scanner.EndToEnd.Tests.Sharding;

/// <summary>
/// --shard on the targets that list their pages (a sitemap, a URL list, a local folder): the N shards split the pages
/// between them, each page once, and a shard never loads another shard's page (nothing to discover without --max-depth).
/// Static engine, in process.
/// </summary>
public sealed class ShardTargetsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-shard-targets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_sitemap_and_a_url_list_split_into_shards_that_load_only_their_own_pages()
    {
        await using var site = await ShardSite.StartAsync();
        var shards = new List<JsonElement>();
        for (var i = 1; i <= 3; i++) shards.Add(await ScanAsync(site.Sitemap, site.UrlList, "--shard", $"{i}/3"));

        var listed = Enumerable.Range(0, ShardSite.Sections * ShardSite.ArticlesPerSection).Select(k => $"/p/{k}")
            .Concat(Enumerable.Range(0, ShardSite.Sections).Select(s => $"/s/{s}")).ToList();
        var scanned = shards.SelectMany(PagePaths).ToList();
        Assert.Equal(listed.Order(), scanned.Order()); // each listed page in exactly one shard
        Assert.All(listed, path => Assert.Equal(1, site.Requests[path])); // and loaded by that shard alone
        Assert.Equal(3, site.Requests["/sitemap.xml"]); // every shard reads the list itself
        for (var i = 0; i < 3; i++)
        {
            Assert.All(PagePaths(shards[i]), path => Assert.Equal(i + 1, Shard.Of(site.Server.Url(path), 3)));
            Assert.Equal(0, shards[i].GetProperty("shard").GetProperty("pagesLoadedForLinks").GetInt32());
            Assert.InRange(PagePaths(shards[i]).Count(), 1, listed.Count - 2); // a share, not all (44 pages in 3 shards)
        }
    }

    [Fact]
    public async Task A_local_folder_splits_by_path_although_every_process_serves_it_on_its_own_port()
    {
        var site = Directory.CreateDirectory(Path.Combine(_folder, "site")).FullName;
        Directory.CreateDirectory(Path.Combine(site, "news"));
        var files = Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? $"page{i}.html" : $"news/item{i}.html").ToList();
        foreach (var file in files)
            await File.WriteAllTextAsync(Path.Combine(site, file), $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{file}</title></head><body><p>通知公告</p></body></html>");

        var shards = new List<JsonElement>();
        for (var i = 1; i <= 2; i++) shards.Add(await ScanAsync(site, "--shard", $"{i}/2"));

        Assert.Equal(files.Select(f => $"/{f}").Order(), shards.SelectMany(PagePaths).Order());
        // The split is by path: the same as a shard on another machine (another port) computes.
        for (var i = 0; i < 2; i++)
            Assert.All(PagePaths(shards[i]), path => Assert.Equal(i + 1, Shard.Of($"http://127.0.0.1:1{path}", 2)));
    }

    [Fact]
    public async Task A_crawl_shard_numbers_only_its_own_pages_so_reports_stream_in_discovery_order()
    {
        await using var site = await ShardSite.StartAsync();
        var options = new ScanOptions
        {
            Targets = [site.Home],
            Rules = RuleSetLoader.Load(new RuleSources { RulePaths = [RuleSetLoader.DefaultRulesDirectory] }),
            Crawl = new CrawlOptions { MaxDepth = 3, Retries = 0 },
            Shard = new Shard(2, 3),
        };
        using var interruption = new ScanInterruption(ScanInterruption.DefaultGrace);
        await using var run = await new ScanEngine(options, Logger.None)
            .StartAsync(guard => Task.FromResult<IPageLoader>(new StaticPageLoader(options.PageTimeout, guard)), interruption);
        var pages = new List<CompletedPage>();
        await foreach (var page in run.PagesAsync()) pages.Add(page);

        Assert.All(pages, p => Assert.Equal(2, Shard.Of(p.Page.Url, 3)));
        // Sequences without gaps for the other shards' pages: the whole-run record writes each page as soon as those
        // before it are done, instead of holding every page to the end waiting for numbers that never come.
        Assert.Equal(Enumerable.Range(0, pages.Count), pages.Select(p => p.Sequence).Order());
        Assert.Equal(pages.Count, run.PagesKnown);
        Assert.InRange(run.End.PagesLoadedForLinks, 1, site.CrawlPages - pages.Count);
    }

    private static IEnumerable<string> PagePaths(JsonElement report) =>
        report.GetProperty("pages").EnumerateArray().Select(p => new Uri(p.GetProperty("url").GetString()!).AbsolutePath);

    /// <summary>`scanner scan ARGS --engine static` in this process; its JSON report.</summary>
    private async Task<JsonElement> ScanAsync(params string[] args)
    {
        var json = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        var root = new RootCommand();
        root.Subcommands.Add(ScanCommand.Create());
        var parse = root.Parse(["scan", .. args, "--engine", "static", "--fail-on", "none", "-q", "--format", "json", "--output", json]);
        Assert.Empty(parse.Errors);
        var error = new StringWriter();
        var exit = await new ScanApplication(TextWriter.Null, error, Logger.None)
            .RunAsync(ScanCommand.Settings(parse), ScanApplication.DefaultLoaderFactory(Logger.None), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        return JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
    }
}
