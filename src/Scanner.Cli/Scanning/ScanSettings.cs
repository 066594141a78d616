using Scanner.Cli.Reports;
using Scanner.Core.Policy;
using Scanner.Core.Rules;
using Scanner.Engine.Crawling;
using Scanner.Engine.Reports;
using Scanner.Engine.Scanning;
using Serilog.Events;

namespace Scanner.Cli.Scanning;

/// <summary>Everything `scanner scan` was asked to do, validated.</summary>
public sealed record ScanSettings
{
    public required IReadOnlyList<string> Targets { get; init; }
    public required IReadOnlyList<ReportRequest> Reports { get; init; }
    public required Gate Gate { get; init; }
    public required RuleSources Rules { get; init; }
    /// <summary>The detector settings of the loaded rules (set once they are loaded): the static loader's bounds and visibility read them.</summary>
    public DetectorSettings Detectors { get; init; } = DetectorSettings.None;
    /// <summary>Severity overrides and disabled rules.</summary>
    public RulePolicy Policy { get; init; } = RulePolicy.None;
    /// <summary>Where each rule pattern of <see cref="Policy"/> came from ("--disable-rule", "scanner.yml:5:5: rules.severity").</summary>
    public IReadOnlyDictionary<string, string> PolicyOrigins { get; init; } = new Dictionary<string, string>();
    /// <summary>A baseline file (or an earlier JSON report): its findings are known and do not trip the gate.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>Photograph the elements of findings (for the HTML report).</summary>
    public bool Screenshots { get; init; }
    /// <summary>The static engine fetches linked stylesheets and external scripts (off: the served HTML only).</summary>
    public bool FetchSubresources { get; init; } = true;
    /// <summary>The scanner.yml that contributed, if any.</summary>
    public string? ConfigFile { get; init; }
    public string Engine { get; init; } = "browser";
    /// <summary>Fetch profiles, visitor first (see <see cref="Core.Loading.FetchProfiles"/>).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [Core.Loading.FetchProfiles.VisitorName];
    public string? BrowserPath { get; init; }
    /// <summary>--browser-endpoint or --cdp-endpoint: the browser is connected to, not started.</summary>
    public Browser.Loading.RemoteBrowser? RemoteBrowser { get; init; }
    /// <summary>Pages loaded at once (see <see cref="DefaultConcurrency"/>).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency.For("browser");
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string? LogFile { get; init; }
    public LogEventLevel ConsoleLogLevel { get; init; } = LogEventLevel.Information;
    /// <summary>
    /// --allow-private: links, redirects, sitemaps and link checks may reach loopback, private, link-local and metadata
    /// addresses too. Without it only the hosts the targets name (and a local scan's own server) may be private.
    /// </summary>
    public bool AllowPrivate { get; init; }
    /// <summary>--shard I/N: scan only the pages of this shard (see <see cref="Core.Crawling.Shard"/>).</summary>
    public Core.Crawling.Shard? Shard { get; init; }
    /// <summary>The reports' language and how much of the run the console lists.</summary>
    public ReportPresentation Presentation { get; init; } = ReportPresentation.Default;
    /// <summary>Depth, limits, scope, robots.txt, politeness, retries, link checking.</summary>
    public CrawlOptions Crawl { get; init; } = new();
    /// <summary>--history: the SQLite database the run is recorded in and compared with; null = no history.</summary>
    public string? HistoryPath { get; init; }
    /// <summary>--notify: webhooks told of findings new since the previous run (needs a history).</summary>
    public IReadOnlyList<global::Scanner.Engine.Alerts.WebhookTarget> Notify { get; init; } = [];
    /// <summary>--notify-on: the least severity a new finding needs to be sent (default high).</summary>
    public Core.Model.Severity NotifyOn { get; init; } = Core.Model.Severity.High;
}
