using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scanner.Core.Model;
using Scanner.Core.Reports.Localization;

namespace Scanner.Core.Reports;

/// <summary>
/// One self-contained HTML file for security teams: the verdict, a summary by severity and by category, failed
/// pages, and every finding in a table that sorts and filters, with page, selector, evidence, reasons and a
/// screenshot of the element outlined.
/// Evidence comes from hostile pages. Everything is rendered here, server side, HTML-encoded; no page text is ever
/// put in a script, an attribute that the browser interprets as a URL (only http/https page links are linked), or
/// a style. A Content-Security-Policy allows only this file's own script and style (by hash) and data: images, so
/// even a bug in the escaping could not run a script or load anything from the network.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Evidence longer than this is cut in the report, with the count of what was left out (the JSON keeps it all).</summary>
    public const int EvidenceShown = 2000;

    public static void Write(ScanReport report, TextWriter output, ReportLanguage? language = null)
    {
        var l = language ?? ReportLanguage.English;
        var csp = $"default-src 'none'; img-src data:; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; base-uri 'none'; form-action 'none'";
        var title = l.Format("Html.Title", ScanReport.ToolName, report.GateTripped ? l["Report.GateFailed"] : l["Report.GatePassed"], report.FindingCount, report.Pages.Count);
        output.Write($"<!DOCTYPE html>\n<html lang=\"{E(l.Tag)}\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{E(csp)}\">\n");
        output.Write("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        output.Write($"<title>{E(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n");

        WriteHeader(report, output, l);
        WriteSummary(report, output, l);
        WriteFailedPages(report, output, l);
        WriteFindings(report, output, l);

        output.Write($"</main>\n<script>{Script}</script>\n</body>\n</html>\n");
    }

    private static void WriteHeader(ScanReport report, TextWriter o, ReportLanguage l)
    {
        var verdict = report.GateTripped ? $"<span class=\"verdict fail\">{E(l["Report.GateFailed"])}</span>" : $"<span class=\"verdict pass\">{E(l["Report.GatePassed"])}</span>";
        o.Write($"<header><h1>{E(ScanReport.ToolName)} {E(ScanReport.ToolVersion)} {verdict}</h1>\n<p>");
        o.Write(E(l.Format("Html.Overview", report.Pages.Count, report.FailedPages, report.FindingCount, report.Gate.Describe(), report.Engine,
            report.StartedAt.ToString("u", CultureInfo.InvariantCulture), report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture))));
        if (report.Baseline is { } b)
            o.Write(" " + E(l.Format("Html.Baseline", b.New, b.Unchanged, b.Updated, b.Suppressed, b.Absent.Count)));
        o.Write("</p>");
        if (report.Interrupted) o.Write($"<p class=\"interrupted\"><b>{E(l.Format("Report.Interrupted", report.Pages.Count))}</b></p>");
        o.Write("</header>\n");
    }

    private static void WriteSummary(ScanReport report, TextWriter o, ReportLanguage l)
    {
        var severities = ScanReport.SeveritiesDescending;
        o.Write($"<section id=\"summary\"><h2>{E(l["Html.Summary"])}</h2>\n<table class=\"summary\"><thead><tr><th>{E(l["Html.Category"])}</th>");
        foreach (var s in severities) o.Write($"<th class=\"sev-{s.ToWord()}\">{E(l.Severity(s))}</th>");
        o.Write($"<th>{E(l["Html.Total"])}</th></tr></thead><tbody>\n");
        foreach (var category in report.Findings.GroupBy(f => f.Category).OrderByDescending(g => g.Max(f => f.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            o.Write($"<tr><th scope=\"row\">{E(category.Key)}</th>");
            foreach (var s in severities) o.Write($"<td>{Count(category.Count(f => f.Severity == s))}</td>");
            o.Write($"<td>{category.Count()}</td></tr>\n");
        }
        o.Write($"</tbody><tfoot><tr><th scope=\"row\">{E(l["Html.All"])}</th>");
        foreach (var s in severities) o.Write($"<td>{Count(report.CountOf(s))}</td>");
        o.Write($"<td>{report.FindingCount}</td></tr></tfoot></table></section>\n");
    }

    private static void WriteFailedPages(ScanReport report, TextWriter o, ReportLanguage l)
    {
        var failed = report.Pages.Where(p => p.Error is not null).ToList();
        if (failed.Count == 0) return;
        o.Write($"<section id=\"failed\"><h2>{E(l.Format("Html.FailedPages", failed.Count))}</h2><ul>\n");
        foreach (var p in failed) o.Write($"<li>{PageLink(report, p.Url)}: <span class=\"error\">{E(p.Error!)}</span></li>\n");
        o.Write("</ul></section>\n");
    }

    /// <summary>
    /// The findings grouped by page (pages with new findings first, then the most severe), and on each page by element;
    /// filters by severity, rule, category, new/known, text and the gate hide elements (and pages left empty).
    /// </summary>
    private static void WriteFindings(ScanReport report, TextWriter o, ReportLanguage l)
    {
        var pageOrder = report.Pages.Select((p, i) => (Url: p.FinalUrl ?? p.Url, Index: i)).GroupBy(x => x.Url).ToDictionary(g => g.Key, g => g.Min(x => x.Index));
        var pages = report.Findings.GroupBy(f => f.Url)
            .Select(g => (Url: g.Key, Elements: ElementFindings.Group(g).OrderByDescending(e => e.Findings.Any(report.IsNew)).ToList()))
            .OrderByDescending(p => p.Elements.Any(e => e.Findings.Any(report.IsNew)))
            .ThenByDescending(p => p.Elements.Max(e => e.Top.Severity))
            .ThenBy(p => pageOrder.GetValueOrDefault(p.Url, int.MaxValue))
            .ToList();
        var elementCount = pages.Sum(p => p.Elements.Count);
        o.Write($"<section id=\"findings\"><h2>{E(l["Html.Findings"])}{l.Format("Html.Shown", "<span id=\"shown\">" + elementCount + "</span>", elementCount, report.FindingCount, pages.Count)}</h2>\n");
        WriteFilters(report, o, l);
        o.Write("<div id=\"pages\">\n");
        foreach (var page in pages) WritePage(report, page.Url, page.Elements, pageOrder.GetValueOrDefault(page.Url, report.Pages.Count), o, l);
        o.Write("</div>\n");
        if (report.FindingCount == 0) o.Write($"<p>{E(l["Console.NoFindings"])}</p>\n");
        o.Write("</section>\n");
    }

    private static void WriteFilters(ScanReport report, TextWriter o, ReportLanguage l)
    {
        o.Write("<div class=\"filters\">");
        o.Write($"<label>{E(l["Html.AtLeast"])} <select id=\"f-severity\">");
        foreach (var s in Enum.GetValues<Severity>()) o.Write($"<option value=\"{(int)s}\">{E(l.Severity(s))}</option>");
        o.Write($"</select></label> <label>{E(l["Column.Rule"])} <select id=\"f-rule\"><option value=\"\">{E(l["Html.All"])}</option>");
        foreach (var rule in report.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
            o.Write($"<option value=\"{E(rule.Key)}\">{E(rule.Key)} ({rule.Count()})</option>");
        o.Write($"</select></label> <label>{E(l["Html.Category"])} <select id=\"f-category\"><option value=\"\">{E(l["Html.All"])}</option>");
        foreach (var c in report.Findings.Select(f => f.Category).Distinct().Order(StringComparer.Ordinal)) o.Write($"<option value=\"{E(c)}\">{E(c)}</option>");
        o.Write("</select></label>");
        if (report.KnowsNew)
            o.Write($" <label>{E(l["Html.NewOrKnown"])} <select id=\"f-state\"><option value=\"\">{E(l["Html.All"])}</option><option value=\"new\">{E(l["Label.New"])}</option><option value=\"known\">{E(l["Html.Known"])}</option></select></label>");
        o.Write($" <label>{E(l["Html.Text"])} <input id=\"f-text\" type=\"search\" placeholder=\"{E(l["Html.TextPlaceholder"])}\"></label>");
        o.Write($" <label><input id=\"f-gate\" type=\"checkbox\"> {E(l["Html.OnlyGate"])}</label>");
        o.Write($" <span class=\"sort\">{E(l["Html.SortPages"])} <button type=\"button\" data-sort=\"severity\">{E(l["Html.SortSeverity"])}</button> <button type=\"button\" data-sort=\"order\">{E(l["Html.SortOrder"])}</button></span>");
        o.Write("</div>\n");
    }

    /// <param name="order">Where the scan found the page (the "in scan order" sort).</param>
    private static void WritePage(ScanReport report, string url, IReadOnlyList<ElementFindings> elements, int order, TextWriter o, ReportLanguage l)
    {
        var top = elements.Max(e => e.Top.Severity);
        var findings = elements.Sum(e => e.Findings.Count);
        var hasNew = elements.Any(e => e.Findings.Any(report.IsNew));
        o.Write($"<section class=\"page\" data-severity=\"{(int)top}\" data-order=\"{order}\">");
        o.Write($"<h3><span class=\"sev sev-{top.ToWord()}\">{E(l.Severity(top))}</span> {(hasNew ? $"<span class=\"new-tag\">{E(l["Label.New"])}</span> " : "")}<span class=\"location\">{PageLink(report, url)}</span> ");
        o.Write($"<small>{E(l.Format("Html.PageCounts", elements.Count, findings))}</small></h3>\n");
        foreach (var element in elements) WriteElement(report, element, o, l);
        o.Write("</section>\n");
    }

    /// <summary>
    /// One entry per element: the rules that fired on it (most severe first), where it is, and per rule its evidence
    /// and reasons. The entry filters as its most severe rule, and as new when any of its rules is new.
    /// </summary>
    private static void WriteElement(ScanReport report, ElementFindings element, TextWriter o, ReportLanguage l)
    {
        var top = element.Top;
        var all = element.Findings;
        var several = all.Count > 1;
        var state = !report.KnowsNew ? "" : all.Any(report.IsNew) ? "new" : "known";
        var trips = all.Any(report.Trips);
        var categories = string.Join(" ", all.Select(f => f.Category).Distinct());
        var rules = string.Join(" ", all.Select(f => f.RuleId).Distinct());
        o.Write($"<article class=\"element\" data-severity=\"{(int)top.Severity}\" data-category=\"{E(categories)}\" data-rules=\"{E(rules)}\" data-state=\"{state}\" data-trips=\"{(trips ? 1 : 0)}\"><div class=\"detail\">");
        o.Write("<div class=\"rules\">");
        foreach (var f in all)
        {
            var isNew = report.IsNew(f) ? $"<span class=\"new-tag\">{E(l["Label.New"])}</span> " : "";
            o.Write($"<div class=\"rule\">{isNew}<span class=\"sev sev-{f.Severity.ToWord()}\">{E(l.Severity(f.Severity))}</span> <code>{E(f.RuleId)}</code> {E(l.RuleTitle(f))}");
            if (report.Trips(f)) o.Write($" <small class=\"trips\">{E(l["Html.FailsGate"])}</small>");
            if (report.BaselineNote(f, l) is { } note) o.Write($" <small>{E(l["Label.Baseline"])}: {E(note)}</small>");
            o.Write("</div>");
        }
        o.Write("</div>");
        o.Write($"<div class=\"where\"><code class=\"selector\">{E(top.Selector ?? l["Label.ThePage"])}</code>");
        if (all.Select(report.SourceLocationOf).FirstOrDefault(s => s is not null) is { } source) o.Write($" <small class=\"source\">{E(source)}</small>");
        if (all.FirstOrDefault(f => f.Hidden) is { } hidden)
            o.Write($" <span class=\"hidden-tag\">{E(l["Label.Hidden"])}</span> <small>{E(l.HiddenReasons(hidden.HiddenReasons))}</small>");
        o.Write("</div>");
        string? shownEvidence = null;
        foreach (var f in all)
        {
            if (several) o.Write($"<div class=\"rule-detail\"><div class=\"term\"><code>{E(f.RuleId)}</code></div>");
            if (f.Evidence != shownEvidence) WriteEvidence(f.Evidence, o, l);
            shownEvidence = f.Evidence;
            if (f.MatchedTerm is not null) o.Write($"<div class=\"term\">{E(l["Html.Matched"])}: {E(f.MatchedTerm)}</div>");
            if (f.LinkHref is not null) o.Write($"<div class=\"term\">{E(l["Html.LinkTarget"])}: <code>{E(f.LinkHref)}</code></div>");
            if (f.Reasons.Count > 0)
            {
                o.Write("<ul class=\"reasons\">");
                foreach (var r in f.Reasons) o.Write($"<li>{E(r)}</li>");
                o.Write("</ul>");
            }
            o.Write($"<div class=\"fp\">{E(l["Html.Fingerprint"])} <code>{E(f.Fingerprint)}</code></div>");
            if (several) o.Write("</div>");
        }
        o.Write("</div><div class=\"shot\">");
        WriteScreenshot(report, all.FirstOrDefault(f => report.Screenshots.ContainsKey(f.Fingerprint)) ?? top, o, l);
        o.Write("</div></article>\n");
    }

    /// <summary>The evidence as text, cut at <see cref="EvidenceShown"/> characters with the count of the rest.</summary>
    private static void WriteEvidence(string evidence, TextWriter o, ReportLanguage l)
    {
        if (evidence.Length <= EvidenceShown) { o.Write($"<div class=\"evidence\">{E(evidence)}</div>"); return; }
        var end = char.IsHighSurrogate(evidence[EvidenceShown - 1]) ? EvidenceShown - 1 : EvidenceShown;
        o.Write($"<div class=\"evidence\">{E(evidence[..end])}…</div><div class=\"term\">{E(l.Format("Console.MoreCharacters", evidence.Length - end))}</div>");
    }

    private static void WriteScreenshot(ScanReport report, Finding f, TextWriter o, ReportLanguage l)
    {
        if (!report.Screenshots.TryGetValue(f.Fingerprint, out var shot)) return;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(shot.File); }
        catch (IOException) { o.Write($"<small>{E(l["Html.ScreenshotLost"])}</small>"); return; }
        var mediaType = shot.MediaType is "image/png" or "image/jpeg" ? shot.MediaType : "image/png";
        var caption = shot.ElementHasBox
            ? f.Hidden ? l["Html.CaptionHidden"] : l["Html.CaptionElement"]
            : l.Format("Html.CaptionNoBox", shot.OutlinedAncestor);
        o.Write($"<details><summary>{E(l["Html.Screenshot"])}</summary><figure><img alt=\"{E(caption)}\" src=\"data:{mediaType};base64,{Convert.ToBase64String(bytes)}\">");
        o.Write($"<figcaption>{E(caption)}</figcaption></figure></details>");
    }

    /// <summary>A page of the web as a link; a local page as its file (its loopback URL is dead after the run), not linked.</summary>
    private static string PageLink(ScanReport report, string url) =>
        report.LocalFiles.TryGetValue(url, out var file) ? $"<code>{E(file)}</code>"
        : Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? $"<a href=\"{E(u.AbsoluteUri)}\" rel=\"noopener noreferrer nofollow\">{E(url)}</a>"
            : E(url);

    private static string Count(int n) => n == 0 ? "<span class=\"zero\">0</span>" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string E(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\0': sb.Append('\uFFFD'); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static string Hash(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    // Long unbroken text (URLs, selectors, evidence) wraps only where it must (overflow-wrap:anywhere), not every few
    // characters; the page is at most 1,200 px wide and nothing in it is wider than the window.
    private const string Style = """
        body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#fafafa}
        main{max-width:1200px;margin:0 auto;padding:1em 1.5em;box-sizing:border-box}
        h1{font-size:1.4em}.verdict{padding:.1em .5em;border-radius:4px;color:#fff;font-size:.8em}.fail{background:#b00020}.pass{background:#2e7d32}
        table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
        table.summary td{text-align:right}.zero{color:#bbb}
        .sev{font-weight:bold;padding:0 .3em;border-radius:3px;white-space:nowrap}.sev-critical{background:#b00020;color:#fff}.sev-high{color:#b00020}
        .sev-medium{color:#a65e00}.sev-low{color:#00658f}.sev-info{color:#555}
        .filters{position:sticky;top:0;z-index:1;background:#fafafa;padding:.5em 0;margin-bottom:.5em;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center}
        .filters button{font:inherit}
        .page{margin:1em 0 1.5em}.page h3{font-size:1.05em;margin:.2em 0 .4em;overflow-wrap:anywhere}.page h3 small{font-weight:normal;color:#555}
        .location code{font-size:.95em}
        .element{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.8em;background:#fff;border:1px solid #ddd;border-left:4px solid #ccc;border-radius:4px;padding:.5em .7em;margin:.4em 0}
        .element[data-severity="4"]{border-left-color:#b00020}.element[data-severity="3"]{border-left-color:#e57373}.element[data-severity="2"]{border-left-color:#f0a030}
        .rule{margin:.1em 0}.trips{color:#b00020}.where{margin:.3em 0;overflow-wrap:anywhere}.selector,.source{overflow-wrap:anywhere}
        .evidence{white-space:pre-wrap;overflow-wrap:anywhere;max-height:18em;overflow:auto;background:#fff8e1;padding:.2em .4em;margin:.3em 0}
        .term,.fp{font-size:.85em;color:#555;overflow-wrap:anywhere}
        .reasons{margin:.3em 0;padding-left:1.2em;font-size:.9em}
        .rule-detail+.rule-detail{border-top:1px dashed #ccc;margin-top:.3em;padding-top:.3em}
        .hidden-tag{background:#6a1b9a;color:#fff;padding:0 .3em;border-radius:3px;font-size:.85em}.new-tag{background:#1565c0;color:#fff;padding:0 .3em;border-radius:3px;font-size:.85em;font-weight:bold}
        .error{color:#b00020}#failed li{overflow-wrap:anywhere}
        .shot{max-width:360px}figure{margin:0}figure img{max-width:100%;border:1px solid #999}figcaption{font-size:.85em;color:#555}
        .off{display:none}
        """;

    /// <summary>Filtering and sorting; reads only textContent and data attributes, never writes HTML.</summary>
    private const string Script = """
        (function(){
          var list=document.getElementById('pages');if(!list)return;
          var pages=Array.prototype.slice.call(list.querySelectorAll('section.page'));
          function val(id){var e=document.getElementById(id);return e?(e.type==='checkbox'?e.checked:e.value):null;}
          function apply(){
            var min=+val('f-severity')||0,rule=val('f-rule')||'',cat=val('f-category')||'',state=val('f-state')||'',text=(val('f-text')||'').toLowerCase(),gate=val('f-gate'),shown=0;
            pages.forEach(function(p){
              var any=false;
              Array.prototype.forEach.call(p.querySelectorAll('article.element'),function(r){
                var ok=+r.dataset.severity>=min&&(!rule||r.dataset.rules.split(' ').indexOf(rule)>=0)&&(!cat||r.dataset.category.split(' ').indexOf(cat)>=0)
                  &&(!state||r.dataset.state===state)&&(!gate||r.dataset.trips==='1')
                  &&(!text||(p.querySelector('h3').textContent+' '+r.textContent).toLowerCase().indexOf(text)>=0);
                r.classList.toggle('off',!ok);if(ok){shown++;any=true;}
              });
              p.classList.toggle('off',!any);
            });
            document.getElementById('shown').textContent=String(shown);
          }
          ['f-severity','f-rule','f-category','f-state','f-text','f-gate'].forEach(function(id){var e=document.getElementById(id);if(e){e.addEventListener('input',apply);e.addEventListener('change',apply);}});
          var dir={};
          Array.prototype.forEach.call(document.querySelectorAll('button[data-sort]'),function(b){
            b.addEventListener('click',function(){
              var k=b.dataset.sort;dir[k]=-(dir[k]||-1);var d=dir[k];
              pages.sort(function(x,y){return (+x.dataset[k]-+y.dataset[k])*d;});
              pages.forEach(function(p){list.appendChild(p);});
            });
          });
          apply();
        })();
        """;
}
