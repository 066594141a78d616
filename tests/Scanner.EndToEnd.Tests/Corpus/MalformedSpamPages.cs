namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>
/// Broken markup that carries spam, as hacked government pages do: the parser moves or rebuilds the elements
/// (foster parenting out of tables, the adoption agency for misnested formatting tags, content after &lt;/html&gt;,
/// breaking out of SVG), so the tree order is not the source order, and a finding's line and column must still
/// land inside the file.
/// </summary>
public static class MalformedSpamPages
{
    /// <summary>
    /// Each page declares its charset (as a served page's header or meta would): without one, Chromium reads a file
    /// from the local server as windows-1252 and the Chinese is mojibake, which would test nothing here.
    /// </summary>
    public static IReadOnlyList<(string Name, string Html)> All => Pages.Select(p => (p.Name, p.Html.StartsWith("<html><head><meta charset", StringComparison.Ordinal) ? p.Html : "<meta charset=\"utf-8\">" + p.Html)).ToList();

    private static readonly (string Name, string Html)[] Pages =
    [
        ("spam-foster-p", "<table><tr><td>x</td></tr><p>百家乐 无码视频 婷婷五月</p></table>"),
        ("spam-foster-div-links", "<html><head><meta charset=\"utf-8\"><title>通知公告</title></head><body>\n<table><tr><td>通知</td></tr>\n<div>澳门新葡京娱乐场 <a href=\"http://spam.example/a\">真人百家乐在线开户</a> <a href=\"http://spam.example/b\">无码视频</a></div>\n<tr><td>公告</td></tr></table>\n<p>全市教育大会召开</p></body></html>"),
        ("spam-foster-text", "<body>\n<table>澳门新葡京娱乐场 真人百家乐在线开户 婷婷五月<tr><td>一</td></tr></table>"),
        ("spam-adoption-b-p", "<body><b>加粗<p>百家乐 在线赌场 真人娱乐</b>澳门新葡京娱乐场 无码视频</p>"),
        ("spam-adoption-nested-a", "<body><a href=\"http://spam.example/1\">一<a href=\"http://spam.example/2\">澳门新葡京娱乐场 百家乐</a></a>"),
        ("spam-after-html", "<html><head><title>政务公开</title></head><body><p>政务公开</p></body></html>\n<div style=\"display:none\">婷婷五月 人妻系列 无码视频 <a href=\"http://spam.example/\">高清无码</a></div>"),
        ("spam-select-table", "<body><select><option>一<table><tr><td>澳门新葡京娱乐场 百家乐</td></tr></table></select>"),
        ("spam-reconstructed-i", "<body><p><i>斜体\n<p>百家乐 在线赌场 无码视频</i>\n<p>婷婷五月 人妻系列"),
        ("spam-svg-breakout", "<body><svg><desc>x</desc><p>澳门新葡京娱乐场 真人百家乐在线开户 无码视频</p></svg>"),
        ("spam-tag-in-attribute", "<body><div class=\"footer><p>百家乐 在线赌场</p>\" id=x>\n婷婷五月 人妻系列 无码视频</div>"),
        ("spam-nul-and-cr", "<body>\r\n<div>百家\0乐 在线赌场\r婷婷五月\r\n人妻系列 无码视频</div>"),
        ("spam-unclosed-cells", "<table><tr><td><p>百家乐 在线赌场<td>婷婷五月 人妻系列 无码视频</table>"),
        ("spam-table-caption", "<table><caption>表<div>澳门新葡京娱乐场 百家乐 无码视频</div></caption><tr><td>1</td></tr><font>婷婷五月 人妻系列</font></table>"),
        ("spam-nobr-font", "<body><nobr><font color=white>百家乐<nobr>在线赌场 无码视频</font> 婷婷五月</nobr>"),
    ];
}
