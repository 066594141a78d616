namespace Scanner.Core.Analyzers;

/// <summary>
/// How a text names terms: a news story or a warning writes the scam's name in quotation marks ("时时彩""北京赛车",
/// “无视征信”), in sentences; an advertisement writes its offers bare, as a list. Used with a reporting context (never
/// alone): prose whose mentions are mostly quoted is a story, however many terms it names.
/// </summary>
public static class QuotedMentions
{
    /// <summary>
    /// The text has at least two sentences and more than half of <paramref name="mentions"/> (start, length) lie
    /// inside quotation marks.
    /// </summary>
    public static bool QuotedProse(string text, IEnumerable<(int Start, int Length)> mentions)
    {
        if (Sentences(text) < 2) return false;
        var spans = QuotedSpans(text);
        var all = mentions.Distinct().ToList();
        if (all.Count == 0) return false;
        var quoted = all.Count(m => spans.Any(s => m.Start >= s.Start && m.Start + m.Length <= s.End));
        return quoted * 2 > all.Count;
    }

    /// <summary>Sentence ends (。！？!?) that close at least a few characters of text.</summary>
    public static int Sentences(string text)
    {
        var count = 0;
        var since = 0;
        foreach (var c in text)
        {
            if (c is '。' or '！' or '？' or '!' or '?')
            {
                if (since >= 4) count++;
                since = 0;
            }
            else if (!char.IsWhiteSpace(c)) since++;
        }
        return count + (since >= 4 && count > 0 ? 1 : 0);
    }

    /// <summary>Spans between paired quotation marks: “…”, ‘…’, 「…」, 『…』 and straight "…" (toggled).</summary>
    private static List<(int Start, int End)> QuotedSpans(string text)
    {
        var spans = new List<(int, int)>();
        var straight = -1;
        var open = new Stack<(char Close, int At)>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (straight < 0) straight = i + 1;
                else { spans.Add((straight, i)); straight = -1; }
                continue;
            }
            if (Closing(c) is { } close) { open.Push((close, i + 1)); continue; }
            if (open.Count > 0 && open.Peek().Close == c) spans.Add((open.Pop().At, i));
        }
        return spans;
    }

    private static char? Closing(char c) => c switch
    {
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        _ => null,
    };
}
