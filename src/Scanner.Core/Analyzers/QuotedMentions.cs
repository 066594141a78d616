namespace Scanner.Core.Analyzers;

/// <summary>
/// How a text names terms: a news story or a warning writes the scam's name in quotation marks ("时时彩""北京赛车",
/// “无视征信”), in sentences; an advertisement writes its offers bare, as a list. Used with a reporting context (never
/// alone): prose whose mentions are mostly quoted is a story, however many terms it names.
/// </summary>
public static class QuotedMentions
{
    /// <summary>
    /// The text is sentences (two, or one in which the mentions are under half the text) and more than half of
    /// <paramref name="mentions"/> (start, length) lie inside quotation marks.
    /// </summary>
    public static bool QuotedProse(string text, IEnumerable<(int Start, int Length)> mentions)
    {
        var all = mentions.Distinct().ToList();
        if (all.Count == 0) return false;
        // One sentence is prose when words around the names outweigh them ("经查，该团伙以“澳门新葡京”“百家乐”等名义搭建
        // 赌博网站，诱导群众参与…"); a quoted list with one stop at its end is still a list.
        var sentences = Sentences(text);
        if (sentences < 1 || sentences == 1 && all.Sum(m => m.Length) * 2 > text.Length) return false;
        var spans = QuotedSpans(text);
        var quoted = all.Count(m => spans.Any(s => m.Start >= s.Start && m.Start + m.Length <= s.End));
        return quoted * 2 > all.Count;
    }

    /// <summary>
    /// The mentions are told about, not offered: quoted in prose (<see cref="QuotedProse"/>), or named in sentences whose
    /// other words are at least as long as the names (the same line as for one quoting sentence) ("常见毒品包括：海洛因、冰毒（甲基苯丙胺）、摇头丸…等。"; "该团伙
    /// 以…名义搭建赌博网站，设置百家乐、六合彩等赌博项目，招揽参赌人员。"). A list of names with a stop at its end is neither.
    /// Used with a reporting context only: it lets a story name more terms than the context's <c>maxTerms</c>.
    /// </summary>
    public static bool ToldAbout(string text, IEnumerable<(int Start, int Length)> mentions)
    {
        var all = mentions.Distinct().ToList();
        if (QuotedProse(text, all)) return true;
        return NamedInSentences(text, all);
    }

    /// <summary>The text is a sentence or more and the mentions (overlaps counted once) are at most half of it.</summary>
    public static bool NamedInSentences(string text, IEnumerable<(int Start, int Length)> mentions)
    {
        var all = mentions.Distinct().ToList();
        return all.Count > 0 && Sentences(text) >= 1 && Covered(all) * 2 <= text.Length;
    }

    /// <summary>Characters covered by the mentions (overlaps counted once: 北京赛车pk10, 北京赛车, pk10).</summary>
    public static int Covered(List<(int Start, int Length)> mentions)
    {
        var covered = 0;
        var end = -1;
        foreach (var (start, length) in mentions.OrderBy(m => m.Start))
        {
            var from = Math.Max(start, end);
            if (start + length > from) covered += start + length - from;
            end = Math.Max(end, start + length);
        }
        return covered;
    }

    /// <summary>Digits of a number that can end a sentence with a full stop (a year, a sum); fewer is a list's "2.".</summary>
    private const int NumberEndingASentence = 3;

    private static int DigitsBefore(string text, int at)
    {
        var n = 0;
        while (at - n - 1 >= 0 && char.IsDigit(text[at - n - 1])) n++;
        return n;
    }

    /// <summary>Sentence ends (。！？!? and a Latin full stop) that close at least a few characters of text.</summary>
    public static int Sentences(string text)
    {
        var count = 0;
        var since = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A Latin full stop ends a sentence when a space or the end follows (not 1.76, not a URL), and, after a digit,
            // when it closes a number of three digits or more ("…originally due in April 2019."; not the "2." of a list).
            var fullStop = c == '.' && i > 0 && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]))
                           && (!char.IsDigit(text[i - 1]) || DigitsBefore(text, i) >= NumberEndingASentence);
            if (c is '。' or '！' or '？' or '!' or '?' || fullStop)
            {
                if (since >= 4) count++;
                since = 0;
            }
            else if (!char.IsWhiteSpace(c)) since++;
        }
        return count + (since >= 4 && count > 0 ? 1 : 0);
    }

    /// <summary>The text at <paramref name="start"/> lies inside quotation marks: a word quoted, not said.</summary>
    public static bool Quoted(string text, int start, int length) =>
        QuotedSpans(text).Any(s => start >= s.Start && start + length <= s.End);

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
