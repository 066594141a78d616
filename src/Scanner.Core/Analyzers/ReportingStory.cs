using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// The story a visible mention belongs to, for the packs' reporting contexts (rules/*.yaml, <c>allow</c> entries with
/// <c>near:</c>). A crackdown story reports the arrest in one paragraph and names the scams in the next ("经查，该团伙以
/// “澳门新葡京”“百家乐”等名义…"); a notice's headline quotes the game it stops and its text says why. So the reporting
/// words of a prose paragraph may come from the prose paragraphs right around it and from its headline, and those of a
/// headline (or of the title that repeats it) from the paragraphs under it. Only sentences count: a footer line
/// (主办单位：…公安局) or a menu is not a story, and spam written as a keyword list never borrows a neighbour's words.
/// Spam corroboration (注册送, 加微信) is still read in the mention's own text only (<see cref="RuleSet.ReportingContextOf"/>).
/// </summary>
public static partial class ReportingStory
{
    /// <summary>How many prose paragraphs on each side of a paragraph, or under a headline, belong to its story.</summary>
    private const int Paragraphs = 2;

    /// <summary>Under a headline, how many short pieces without sentences (发布时间：… 来源：…) may come before the text:
    /// a CMS writes a byline as one line, or as a piece per field (时间: / 2020-07-22 / 来源: / 未知 / 作者: / admin).</summary>
    private const int BylineLines = 10;

    /// <summary>The byline's characters in all.</summary>
    private const int BylineLength = 80;

    /// <summary>How far up from a paragraph its headline is looked for.</summary>
    private const int StoryLength = 12;

    /// <summary>How many blocks of a list are passed over to find what introduces it.</summary>
    private const int ListLength = 60;

    /// <summary>
    /// The text around the block at <paramref name="at"/> in <see cref="PageSnapshot.TextBlocks"/> that its reporting
    /// words may come from: for a visible prose paragraph, its neighbours; for a visible headline, the paragraphs under
    /// it; otherwise the block alone. Parts are joined with a sentence stop, so no word reads across two blocks.
    /// </summary>
    public static string Around(PageSnapshot page, int at)
    {
        var blocks = page.TextBlocks;
        var block = blocks[at];
        if (IsHeading(block)) return Join(block.Text, Below(blocks, at));
        if (IsProse(block)) return Join(block.Text, Above(blocks, at).Concat(After(blocks, at)));
        // An inline run read as a block of its own (<em>ロレックス スーパーコピー</em> inside a sentence) belongs to the
        // story of the paragraph around it.
        if (ContainerOf(blocks, at) is { } container) return Join(block.Text, [Around(page, container)]);
        // An item of a list takes the story of what introduces the list ("以下网站为诈骗网站，请勿访问：" then the sites).
        return ListIntroOf(blocks, at) is { } intro ? Join(block.Text, [Around(page, intro)]) : block.Text;
    }

    /// <summary>
    /// The story of the page's title: the visible h1–h3 that the title repeats (a news page's headline, often with the
    /// site's name after it) and the paragraphs under it. Null when no heading repeats the title: a title an attacker
    /// replaced names nothing the page tells.
    /// </summary>
    public static string? OfTitle(PageSnapshot page, string title)
    {
        var blocks = page.TextBlocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!IsHeadline(blocks[i], title)) continue;
            var below = Below(blocks, i).ToList();
            return below.Count > 0 ? Join(blocks[i].Text, below) : null;
        }
        return null;
    }

    /// <summary>
    /// <paramref name="title"/> is the headline of a story that reports on the terms of <paramref name="pack"/>, names
    /// no more of them than such a story does, and holds none of the context's spam corroboration.
    /// </summary>
    public static bool TitleReports(PageSnapshot page, RuleSet rules, KeywordPack pack, string title)
    {
        if (OfTitle(page, title) is not { } story) return false;
        if (rules.ReportingContextOf(pack, title, story) is not { } reporting) return false;
        var terms = rules.FindKeywords(title).Where(h => h.Hit.Pack == pack).Select(h => h.Match.Keyword.Term).Distinct().Count();
        return terms <= reporting.Context.MaxTerms;
    }

    private static string Join(string text, IEnumerable<string> story) => string.Join("。\n", story.Prepend(text));

    /// <summary>
    /// Up to two prose paragraphs before a paragraph, and the headline that opens its story when only prose lies
    /// between (a story's headline speaks for all its paragraphs: "Health Department Warns of …").
    /// </summary>
    private static IEnumerable<string> Above(IReadOnlyList<TextBlock> blocks, int at)
    {
        var taken = 0;
        var byline = new Byline();
        var bylineText = new List<string>();
        for (var i = at - 1; i >= 0 && at - i <= StoryLength; i--)
        {
            var block = blocks[i];
            if (string.IsNullOrWhiteSpace(block.Text) || IsInlineRun(blocks, i) || IsButton(block)) continue;
            if (IsHeading(block))
            {
                foreach (var piece in bylineText) yield return piece;
                yield return block.Text;
                yield break;
            }
            // The story ends where the sentences do (a menu, a footer line, links), but for a byline between the first
            // paragraph and its headline (发布时间：… 来源：县公安局反诈中心): read with the story when a headline is above it.
            if (!IsProse(block))
            {
                if (!byline.Takes(block)) yield break;
                bylineText.Add(block.Text);
                continue;
            }
            if (byline.Seen) yield break; // prose above short lines, with no headline: another story, or a footer
            if (taken++ < Paragraphs) yield return block.Text;
        }
    }

    /// <summary>Up to two prose paragraphs after a paragraph, up to the next heading.</summary>
    private static IEnumerable<string> After(IReadOnlyList<TextBlock> blocks, int at)
    {
        var taken = 0;
        for (var i = at + 1; i < blocks.Count && taken < Paragraphs; i++)
        {
            var block = blocks[i];
            if (string.IsNullOrWhiteSpace(block.Text) || IsInlineRun(blocks, i)) continue;
            if (!IsProse(block)) yield break;
            yield return block.Text;
            taken++;
        }
    }

    /// <summary>
    /// The first paragraphs under a headline, past a byline or two (发布时间：… 来源：… 浏览次数): the first one and the
    /// paragraphs its own story reaches (<see cref="Paragraphs"/> after it), so a headline reads what its opening
    /// paragraph reads ("Worried about …?" then three short paragraphs, the helpline in the third).
    /// </summary>
    private static IEnumerable<string> Below(IReadOnlyList<TextBlock> blocks, int at)
    {
        var taken = 0;
        var byline = new Byline();
        for (var i = at + 1; i < blocks.Count && taken < Paragraphs + 1; i++)
        {
            var block = blocks[i];
            if (string.IsNullOrWhiteSpace(block.Text) || IsButton(block)) continue;
            if (IsProse(block)) { yield return block.Text; taken++; continue; }
            // The byline names the story's source (来源：湖南体彩中心): it is read with the story.
            if (taken > 0 || !byline.Takes(block)) yield break;
            yield return block.Text;
        }
    }

    /// <summary>A one- or two-character link of a byline's tools (字号：大 中 小).</summary>
    private static bool IsButton(TextBlock block) => block.LinkHref is not null && block.Text.Trim().Length <= 2;

    /// <summary>Short pieces without sentences under a headline (发布时间：… 来源：… 浏览次数), within the byline's bounds.</summary>
    private sealed class Byline
    {
        private int _pieces;
        private int _length;

        public bool Seen => _pieces > 0;

        public bool Takes(TextBlock block)
        {
            if (IsHeading(block) || block.LinkHref is not null || block.Visibility.Hidden) return false;
            _length += block.Text.Length;
            return _length <= BylineLength && ++_pieces <= BylineLines;
        }
    }

    /// <summary>A visible h1–h3, or the link that is all of one (a WordPress post title: <c>&lt;h2&gt;&lt;a href=…&gt;</c>);
    /// a heading link to an unrelated site still gets no cap (the caller checks links).</summary>
    private static bool IsHeading(TextBlock block) =>
        !block.Visibility.Hidden && (block.LinkHref is null ? HeadingTags.Contains(block.Tag) : HeadingLink().IsMatch(block.Selector));

    private static bool IsHeadline(TextBlock heading, string title)
    {
        if (!IsHeading(heading)) return false;
        var text = heading.Text.Trim();
        return text.Length >= 6 && title.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>A visible paragraph of sentences that is not a link or a heading: at least one sentence stop after some text.</summary>
    private static bool IsProse(TextBlock block) =>
        !block.Visibility.Hidden && block.LinkHref is null && !HeadingTags.Contains(block.Tag)
        && block.Text.Length >= 20 && QuotedMentions.Sentences(block.Text) >= 1;

    /// <summary>A run inside a prose paragraph (<c>&lt;p&gt;&lt;b&gt;四、虚假贷款。&lt;/b&gt;以“…”为名…&lt;/p&gt;</c>): part of that
    /// paragraph's story, so it neither ends a neighbour's story nor counts as a paragraph of it.</summary>
    private static bool IsInlineRun(IReadOnlyList<TextBlock> blocks, int at) => ContainerOf(blocks, at) is not null;

    /// <summary>The nearest block before <paramref name="at"/> whose element holds it and is a prose paragraph.</summary>
    private static int? ContainerOf(IReadOnlyList<TextBlock> blocks, int at)
    {
        var selector = blocks[at].Selector;
        for (var i = at - 1; i >= 0 && at - i <= StoryLength; i--)
            if (selector.StartsWith(blocks[i].Selector + " > ", StringComparison.Ordinal))
                return IsProse(blocks[i]) ? i : null;
        return null;
    }

    /// <summary>The visible prose paragraph or heading right before the list that holds the item at <paramref name="at"/>.</summary>
    private static int? ListIntroOf(IReadOnlyList<TextBlock> blocks, int at)
    {
        var selector = blocks[at].Selector;
        var item = selector.LastIndexOf(" > li", StringComparison.Ordinal);
        if (item <= 0) return null;
        var list = selector[..item];
        for (var i = at - 1; i >= 0 && at - i <= ListLength; i--)
        {
            if (blocks[i].Selector.StartsWith(list, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(blocks[i].Text)) continue;
            return IsProse(blocks[i]) || IsHeading(blocks[i]) || IsIntroLine(blocks[i]) ? i : null;
        }
        return null;
    }

    /// <summary>A visible line that ends with a colon: it introduces what follows ("以下网站为诈骗网站（已处置，请勿访问）：").</summary>
    private static bool IsIntroLine(TextBlock block) =>
        !block.Visibility.Hidden && block.LinkHref is null && block.Text.Length >= 6 && block.Text.TrimEnd() is var text
        && (text.EndsWith('：') || text.EndsWith(':'));

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:^|\s>\s)h[1-3](?::nth-of-type\(\d+\))?\s>\sa(?::nth-of-type\(1\))?$")]
    private static partial System.Text.RegularExpressions.Regex HeadingLink();

    private static readonly HashSet<string> HeadingTags = new(["h1", "h2", "h3"], StringComparer.OrdinalIgnoreCase);
}
