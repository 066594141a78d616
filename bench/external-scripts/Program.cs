// Real JavaScript files read as the external script of a clean page (the site's own /js/f.js, so nothing is skipped
// as well-known): every finding at medium or above is a false alarm the external-script reading would add.
// Usage: dotnet run --project bench/external-scripts -- FOLDER... (files of 2 KiB up to ExternalScripts.MaxBytes)
using Scanner.Core.Analyzers;
using Scanner.Core.Loading;
using Scanner.Core.Model;
using Scanner.Core.Rules;

var rules = RuleSetLoader.Load(new RuleSources { RulePaths = [Path.Combine(AppContext.BaseDirectory, "../../../../../rules")] });
var analysis = new PageAnalysis(PageAnalysis.DefaultAnalyzers, rules);
const string Url = "http://www.qsx.gov.cn/index.html", Src = "http://www.qsx.gov.cn/js/f.js";
var page = StaticSnapshotBuilder.Build("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青山县人民政府</title>"
    + $"<script src=\"{Src}\"></script></head><body><p>会议强调，要加快建设教育强市。</p></body></html>", Url);
var files = args.SelectMany(a => Directory.EnumerateFiles(a, "*.js", SearchOption.AllDirectories))
    .Where(f => new FileInfo(f).Length is >= 2048 and <= ExternalScripts.MaxBytes).Order(StringComparer.Ordinal).ToList();
int flagged = 0, high = 0;
var clock = System.Diagnostics.Stopwatch.StartNew();
foreach (var file in files)
{
    var withCode = ExternalScripts.With(page, new Dictionary<string, string> { [Src] = File.ReadAllText(file) });
    var findings = analysis.Analyze(withCode).Where(f => f.Severity >= Severity.Medium).ToList();
    if (findings.Count == 0) continue;
    flagged++;
    if (findings.Any(f => f.Severity >= Severity.High)) high++;
    foreach (var f in findings) Console.WriteLine($"{f.Severity,-8} {f.RuleId,-32} {file}  {string.Join(" | ", f.Reasons.Skip(1))}");
}
Console.WriteLine($"{files.Count} files in {clock.Elapsed.TotalSeconds:0.0} s: {flagged} with findings at medium or above, {high} at high or above");
