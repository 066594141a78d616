using System.Collections.Concurrent;
using System.Threading.Channels;
using Scanner.Core.Crawling;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// A URL accepted for scanning; <paramref name="Sequence"/> numbers the accepted URLs this process scans 0, 1, 2… in
/// discovery order. With --shard, a URL of another shard is accepted too (<paramref name="Owned"/> false, sequence -1):
/// it is loaded only to follow its links (see <see cref="Scanner.Core.Crawling.Shard"/>).
/// </summary>
public sealed record CrawlItem(string Url, int Depth, int Sequence, bool Owned = true);

/// <summary>
/// The URLs still to scan: each normalised URL is accepted once (redirect targets and canonical URLs of scanned
/// pages count as seen), within scope, include/exclude patterns, robots.txt, --max-depth and --max-pages.
/// URLs named literally on the command line are scanned whatever robots.txt and the patterns say.
/// The queue completes when nothing is queued or being scanned.
/// </summary>
public sealed class Frontier
{
    private static readonly HashSet<string> NotPages = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".zip", ".rar", ".7z", ".gz", ".tar", ".exe", ".apk",
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".ico", ".mp3", ".mp4", ".avi", ".flv", ".wmv", ".mov",
        ".css", ".js", ".json", ".xml", ".txt", ".csv", ".woff", ".woff2", ".ttf",
    };

    private readonly Channel<CrawlItem> _queue = Channel.CreateUnbounded<CrawlItem>();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _skipped = new();
    private readonly Lock _lock = new();
    private readonly CrawlScope _scope;
    private readonly CrawlOptions _options;
    private readonly RobotsCache? _robots;
    private readonly ILogger _log;
    private readonly Shard? _shard;
    private int _accepted;
    private int _owned;
    private int _pending = 1; // held by the seeding until SeedingDone
    private bool _limitLogged;

    /// <param name="shard">With --shard: URLs of other shards are queued as not <see cref="CrawlItem.Owned"/>.</param>
    public Frontier(CrawlScope scope, CrawlOptions options, RobotsCache? robots, ILogger log, Shard? shard = null)
    {
        _shard = shard;
        _scope = scope;
        _options = options;
        _robots = robots;
        _log = log;
    }

    public ChannelReader<CrawlItem> Queue => _queue.Reader;
    public CrawlScope Scope => _scope;
    public int Accepted => Volatile.Read(ref _accepted);
    /// <summary>Accepted URLs this process scans: all of them, or with --shard those of its shard.</summary>
    public int Owned => Volatile.Read(ref _owned);
    /// <summary>URLs not scanned, by reason (out of scope, excluded by …, robots.txt, depth limit, page limit, not a page).</summary>
    public IReadOnlyDictionary<string, int> Skipped => _skipped;

    /// <summary>Offers a URL found at <paramref name="depth"/>; true when it was queued.</summary>
    /// <param name="literal">Named on the command line: neither robots.txt nor the patterns apply.</param>
    public async Task<bool> OfferAsync(string url, int depth, bool literal, CancellationToken ct)
    {
        if (UrlNormalizer.Normalize(url) is not { } normal) return false;
        var uri = new Uri(normal);
        if (!literal)
        {
            if (_scope.Rejects(uri) is { } reason) return Skip(normal, reason);
            if (depth > _options.MaxDepth) return Skip(normal, "depth limit");
            if (depth > 0 && NotPages.Contains(Path.GetExtension(uri.AbsolutePath))) return Skip(normal, "not a page");
        }
        lock (_lock)
        {
            if (!_seen.Add(normal)) return false;
        }
        if (!literal && _options.RespectRobots && _robots is not null && !(await _robots.ForAsync(uri, ct)).IsAllowed(uri))
            return Count("robots.txt", normal);
        CrawlItem item;
        lock (_lock)
        {
            if (_accepted >= _options.MaxPages)
            {
                if (!_limitLogged) _log.Warning("Page limit of {MaxPages} reached (--max-pages): further pages are not scanned", _options.MaxPages);
                _limitLogged = true;
                return Count("page limit", normal);
            }
            _accepted++;
            item = _shard is null || _shard.Owns(normal) ? new CrawlItem(normal, depth, _owned++) : new CrawlItem(normal, depth, -1, Owned: false);
            _pending++;
        }
        _queue.Writer.TryWrite(item);
        return true;
    }

    /// <summary>A URL that need not be scanned again: where a page redirected to, or its canonical URL.</summary>
    public void MarkSeen(string? url)
    {
        if (UrlNormalizer.Normalize(url) is not { } normal) return;
        lock (_lock) _seen.Add(normal);
    }

    /// <summary>Every start URL has been offered.</summary>
    public void SeedingDone() => Finished();

    /// <summary>One queued URL has been scanned and its links offered.</summary>
    public void Finished()
    {
        bool empty;
        lock (_lock) empty = --_pending == 0;
        if (empty) _queue.Writer.TryComplete();
    }

    private bool Skip(string url, string reason)
    {
        lock (_lock)
        {
            if (!_seen.Add(url)) return false;
        }
        return Count(reason, url);
    }

    private bool Count(string reason, string url)
    {
        _skipped.AddOrUpdate(reason, 1, (_, n) => n + 1);
        _log.Debug("Not scanning {Url}: {Reason}", url, reason);
        return false;
    }
}
