using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scanner.Core.Model;
using Scanner.Core.Policy;

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
    public static void Write(ScanReport report, TextWriter output)
    {
        var csp = $"default-src 'none'; img-src data:; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; base-uri 'none'; form-action 'none'";
        var title = $"{ScanReport.ToolName} report: {(report.GateTripped ? "gate FAILED" : "gate passed")}, {report.Findings.Count} finding(s) on {report.Pages.Count} page(s)";
        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{E(csp)}\">\n");
        output.Write("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        output.Write($"<title>{E(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n");

        WriteHeader(report, output);
        WriteSummary(report, output);
        WriteFailedPages(report, output);
        WriteFindings(report, output);

        output.Write($"<script>{Script}</script>\n</body>\n</html>\n");
    }

    private static void WriteHeader(ScanReport report, TextWriter o)
    {
        var verdict = report.GateTripped ? "<span class=\"verdict fail\">Gate failed</span>" : "<span class=\"verdict pass\">Gate passed</span>";
        o.Write($"<header><h1>{E(ScanReport.ToolName)} {E(ScanReport.ToolVersion)} {verdict}</h1>\n<p>");
        o.Write($"{report.Pages.Count} page(s), {report.FailedPages} failed to load; {report.Findings.Count} finding(s). ");
        o.Write($"Fail on <b>{E(report.Gate.Describe())}</b>. Engine {E(report.Engine)}. ");
        o.Write($"Started {E(report.StartedAt.ToString("u", CultureInfo.InvariantCulture))}, took {report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        if (report.Baseline is { } b)
            o.Write($" Baseline: <b>{b.New}</b> new, {b.Unchanged} unchanged, {b.Updated} updated, {b.Suppressed} suppressed, {b.Absent.Count} no longer found.");
        o.Write("</p>");
        if (report.Interrupted) o.Write($"<p class=\"interrupted\"><b>{E(report.InterruptedNote)}</b></p>");
        o.Write("</header>\n");
    }

    private static void WriteSummary(ScanReport report, TextWriter o)
    {
        var severities = ScanReport.SeveritiesDescending;
        o.Write("<section id=\"summary\"><h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th>category</th>");
        foreach (var s in severities) o.Write($"<th class=\"sev-{s.ToWord()}\">{s.ToWord()}</th>");
        o.Write("<th>total</th></tr></thead><tbody>\n");
        foreach (var category in report.Findings.GroupBy(f => f.Category).OrderByDescending(g => g.Max(f => f.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            o.Write($"<tr><th scope=\"row\">{E(category.Key)}</th>");
            foreach (var s in severities) o.Write($"<td>{Count(category.Count(f => f.Severity == s))}</td>");
            o.Write($"<td>{category.Count()}</td></tr>\n");
        }
        o.Write("</tbody><tfoot><tr><th scope=\"row\">all</th>");
        foreach (var s in severities) o.Write($"<td>{Count(report.CountOf(s))}</td>");
        o.Write($"<td>{report.Findings.Count}</td></tr></tfoot></table></section>\n");
    }

    private static void WriteFailedPages(ScanReport report, TextWriter o)
    {
        var failed = report.Pages.Where(p => p.Error is not null).ToList();
        if (failed.Count == 0) return;
        o.Write($"<section id=\"failed\"><h2>Pages that could not be loaded ({failed.Count})</h2><ul>\n");
        foreach (var p in failed) o.Write($"<li>{PageLink(p.Url)}: <span class=\"error\">{E(p.Error!)}</span></li>\n");
        o.Write("</ul></section>\n");
    }

    private static void WriteFindings(ScanReport report, TextWriter o)
    {
        var elements = ElementFindings.Group(report.Findings);
        o.Write($"<section id=\"findings\"><h2>Findings: <span id=\"shown\">{elements.Count}</span> of {elements.Count} element(s), {report.Findings.Count} finding(s)</h2>\n");
        o.Write("<div class=\"filters\">");
        o.Write("<label>at least <select id=\"f-severity\">");
        foreach (var s in Enum.GetValues<Severity>()) o.Write($"<option value=\"{(int)s}\">{s.ToWord()}</option>");
        o.Write("</select></label> <label>category <select id=\"f-category\"><option value=\"\">all</option>");
        foreach (var c in report.Findings.Select(f => f.Category).Distinct().Order(StringComparer.Ordinal)) o.Write($"<option value=\"{E(c)}\">{E(c)}</option>");
        o.Write("</select></label> <label>text <input id=\"f-text\" type=\"search\" placeholder=\"page, rule, selector, evidence\"></label>");
        o.Write(" <label><input id=\"f-gate\" type=\"checkbox\"> only findings that fail the gate</label>");
        if (report.Baseline is not null) o.Write(" <label><input id=\"f-new\" type=\"checkbox\"> only new (not in the baseline)</label>");
        o.Write("</div>\n");
        o.Write("<table id=\"findings-table\"><thead><tr>");
        var columns = new List<(string Key, string Label)> { ("severity", "severity"), ("rule", "rule"), ("page", "page"), ("selector", "element"), ("evidence", "evidence and reasons") };
        if (report.Baseline is not null) columns.Add(("state", "baseline"));
        foreach (var (key, label) in columns)
            o.Write($"<th><button type=\"button\" data-sort=\"{key}\">{label}</button></th>");
        o.Write("<th>screenshot</th></tr></thead><tbody>\n");
        foreach (var element in elements) WriteElement(report, element, o);
        o.Write("</tbody></table>\n");
        if (report.Findings.Count == 0) o.Write("<p>No findings.</p>\n");
        o.Write("</section>\n");
    }

    /// <summary>
    /// One row per element: the rules that fired on it (most severe first), where it is, and per rule its evidence
    /// and reasons. The row filters as its most severe rule, and as new when any of its rules is new.
    /// </summary>
    private static void WriteElement(ScanReport report, ElementFindings element, TextWriter o)
    {
        var top = element.Top;
        var all = element.Findings;
        var several = all.Count > 1;
        var states = all.Select(f => report.Baseline?.StateOf(f)).OfType<BaselineState>().Select(JsonReportWriter.Word).Distinct().ToList();
        var state = states.Contains("new") ? "new" : string.Join(" ", states);
        var trips = all.Any(report.Trips);
        var categories = string.Join(" ", all.Select(f => f.Category).Distinct());
        var sev = top.Severity.ToWord();
        o.Write($"<tr data-severity=\"{(int)top.Severity}\" data-category=\"{E(categories)}\" data-state=\"{E(state)}\" data-trips=\"{(trips ? 1 : 0)}\">");
        o.Write($"<td data-key=\"{(int)top.Severity}\"><span class=\"sev sev-{sev}\">{sev}</span>{(trips ? "<br><small>fails the gate</small>" : "")}</td>");
        o.Write($"<td data-key=\"{E(top.RuleId)}\">");
        foreach (var f in all)
        {
            var badge = several ? $"<span class=\"sev sev-{f.Severity.ToWord()}\">{f.Severity.ToWord()}</span> " : "";
            o.Write($"<div class=\"rule\">{badge}<code>{E(f.RuleId)}</code><br><small>{E(f.Title)}</small></div>");
        }
        o.Write("</td>");
        o.Write($"<td data-key=\"{E(top.Url)}\" class=\"url\">{PageLink(top.Url)}</td>");
        o.Write($"<td data-key=\"{E(top.Selector ?? "")}\"><code class=\"selector\">{E(top.Selector ?? "(the page)")}</code>");
        if (all.Select(report.SourceLocationOf).FirstOrDefault(l => l is not null) is { } source) o.Write($"<br><small class=\"source\">{E(source)}</small>");
        if (all.FirstOrDefault(f => f.Hidden) is { } hidden)
            o.Write($"<br><span class=\"hidden-tag\">hidden</span> <small>{E(string.Join(", ", hidden.HiddenReasons))}</small>");
        o.Write("</td>");
        o.Write($"<td data-key=\"{E(top.Evidence)}\">");
        string? shownEvidence = null;
        foreach (var f in all)
        {
            if (several) o.Write($"<div class=\"rule-detail\"><div class=\"term\"><code>{E(f.RuleId)}</code></div>");
            if (f.Evidence != shownEvidence) o.Write($"<div class=\"evidence\">{E(f.Evidence)}</div>");
            shownEvidence = f.Evidence;
            if (f.MatchedTerm is not null) o.Write($"<div class=\"term\">matched: {E(f.MatchedTerm)}</div>");
            if (f.LinkHref is not null) o.Write($"<div class=\"term\">link target (not linked): <code>{E(f.LinkHref)}</code></div>");
            if (f.Reasons.Count > 0)
            {
                o.Write("<ul class=\"reasons\">");
                foreach (var r in f.Reasons) o.Write($"<li>{E(r)}</li>");
                o.Write("</ul>");
            }
            o.Write($"<div class=\"fp\">fingerprint <code>{E(f.Fingerprint)}</code></div>");
            if (several) o.Write("</div>");
        }
        o.Write("</td>");
        if (report.Baseline is not null)
        {
            var notes = all.Select(f => several ? $"{f.RuleId}: {report.BaselineNote(f) ?? "new"}" : report.BaselineNote(f) ?? "new");
            o.Write($"<td data-key=\"{E(state)}\">{string.Join("<br>", notes.Select(E))}</td>");
        }
        o.Write("<td>");
        WriteScreenshot(report, all.FirstOrDefault(f => report.Screenshots.ContainsKey(f.Fingerprint)) ?? top, o);
        o.Write("</td></tr>\n");
    }

    private static void WriteScreenshot(ScanReport report, Finding f, TextWriter o)
    {
        if (!report.Screenshots.TryGetValue(f.Fingerprint, out var shot)) { o.Write("<small>none</small>"); return; }
        byte[] bytes;
        try { bytes = File.ReadAllBytes(shot.File); }
        catch (IOException) { o.Write("<small>screenshot lost</small>"); return; }
        var mediaType = shot.MediaType is "image/png" or "image/jpeg" ? shot.MediaType : "image/png";
        var caption = shot.ElementHasBox
            ? f.Hidden ? "hidden from visitors; outlined: where the element sits" : "outlined: the element"
            : $"hidden: the element has no visible box; the dashed mark shows where it sits in the page, inside {shot.OutlinedAncestor}";
        o.Write($"<details><summary>view</summary><figure><img alt=\"{E(caption)}\" src=\"data:{mediaType};base64,{Convert.ToBase64String(bytes)}\">");
        o.Write($"<figcaption>{E(caption)}</figcaption></figure></details>");
    }

    private static string PageLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
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

    private const string Style = """
        body{font:14px/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
        h1{font-size:1.4em}.verdict{padding:.1em .5em;border-radius:4px;color:#fff;font-size:.8em}.fail{background:#b00020}.pass{background:#2e7d32}
        table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
        table.summary td{text-align:right}.zero{color:#bbb}
        th button{font:inherit;font-weight:bold;background:none;border:0;cursor:pointer;padding:0}th button::after{content:" \2195";color:#999}
        .sev{font-weight:bold;padding:0 .3em;border-radius:3px}.sev-critical{background:#b00020;color:#fff}.sev-high{color:#b00020}
        .sev-medium{color:#a65e00}.sev-low{color:#00658f}.sev-info{color:#555}
        .evidence{white-space:pre-wrap;word-break:break-all;max-width:40em;background:#fff8e1;padding:.2em}.term,.fp{font-size:.85em;color:#555}
        .reasons{margin:.3em 0;padding-left:1.2em;font-size:.9em}.url{max-width:20em;word-break:break-all}.selector,.source{word-break:break-all}
        .rule-detail+.rule-detail{border-top:1px dashed #ccc;margin-top:.3em;padding-top:.3em}.hidden-tag{background:#6a1b9a;color:#fff;padding:0 .3em;border-radius:3px;font-size:.85em}.error{color:#b00020}
        .filters{margin:.5em 0 1em}figure{margin:0}figure img{max-width:480px;border:1px solid #999}figcaption{font-size:.85em;color:#555}
        tr.off{display:none}
        """;

    /// <summary>Sorting and filtering; reads only textContent and data attributes, never writes HTML.</summary>
    private const string Script = """
        (function(){
          var table=document.getElementById('findings-table');if(!table)return;
          var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
          function val(id){var e=document.getElementById(id);return e?(e.type==='checkbox'?e.checked:e.value):null;}
          function apply(){
            var min=+val('f-severity')||0,cat=val('f-category')||'',text=(val('f-text')||'').toLowerCase(),gate=val('f-gate'),onlyNew=val('f-new'),shown=0;
            rows.forEach(function(r){
              var ok=+r.dataset.severity>=min&&(!cat||r.dataset.category.split(' ').indexOf(cat)>=0)&&(!gate||r.dataset.trips==='1')&&(!onlyNew||r.dataset.state==='new')
                &&(!text||r.textContent.toLowerCase().indexOf(text)>=0);
              r.classList.toggle('off',!ok);if(ok)shown++;
            });
            document.getElementById('shown').textContent=String(shown);
          }
          ['f-severity','f-category','f-text','f-gate','f-new'].forEach(function(id){var e=document.getElementById(id);if(e){e.addEventListener('input',apply);e.addEventListener('change',apply);}});
          var dir={};
          Array.prototype.forEach.call(table.tHead.querySelectorAll('button[data-sort]'),function(b,col){
            b.addEventListener('click',function(){
              var k=b.dataset.sort;dir[k]=-(dir[k]||-1);var d=dir[k];
              rows.sort(function(x,y){
                var a=x.cells[col].dataset.key||'',c=y.cells[col].dataset.key||'';
                var n=(k==='severity')?(+a-+c):a.localeCompare(c);return n*d;
              });
              rows.forEach(function(r){body.appendChild(r);});
            });
          });
          apply();
        })();
        """;
}
