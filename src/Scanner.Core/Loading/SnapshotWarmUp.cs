namespace Scanner.Core.Loading;

/// <summary>
/// Builds the snapshot of a small built-in page on a thread-pool thread when a static scan starts, so that the one-off
/// costs of the first page's load — AngleSharp's parser and selector engine, our CSS reader, the visibility cascade,
/// the walk — are paid while the rules load instead of by the first pages, which
/// otherwise all wait on them at once (issue 20, sixth pass: the first two pages' parse, cascade and walk took ~0.35 s
/// more than the next ones). Nothing it builds is kept: the page shares no text with real pages, so the process-wide
/// memos (style sheets, scripts) gain an entry each and nothing else. Idempotent.
/// </summary>
public static class SnapshotWarmUp
{
    private static int _started;

    /// <summary>What the first pages need cold: a style block with hiding rules, inline styles, links, a script, a form.</summary>
    internal const string Page = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>warm-up</title>
        <style>.hide{display:none}#box{position:absolute;left:-9999px;visibility:hidden;font-size:0;color:#fff}
        .nav li:hover ul{display:block}@media screen{.m{overflow:hidden;height:1px;width:1px}}</style></head>
        <body><div id="top" class="nav"><ul><li><a href="/a">a</a><ul class="hide"><li><a href="/b">b</a></li></ul></li></ul></div>
        <p style="text-indent:-999em;opacity:0">text <b>bold</b> <a href="http://example.org/x" title="t">link</a></p>
        <div id="box"><a href="https://example.net/">out</a><img src="/i.png" alt="i"></div>
        <form action="/s"><input name="q"><label for="q">q</label></form><noscript><a href="/n">n</a></noscript>
        <script>document.getElementById('top').className += ' on';</script></body></html>
        """;

    public static void StartInBackground()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _ = Task.Run(() =>
        {
            try
            {
                StaticSnapshotBuilder.Build(Page, new Uri("http://warm-up.invalid/"), new Model.PageSnapshot { RequestedUrl = "http://warm-up.invalid/" }, withSourceSpans: true);
            }
            catch (Exception)
            {
                // A warm-up that fails changes nothing: the first page pays the start as before.
            }
        });
    }
}
