using System.Text.RegularExpressions;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>signature.*</c>: the fingerprints that mass SEO-spam campaigns leave, whatever their words.
/// <list type="bullet">
/// <item><c>signature.kana-block</c>: a block of Japanese (10+ kana, a fifth of its letters) on a Chinese page, or a
///   kana title — the "Japanese keyword hack". High; critical when hidden.</item>
/// <item><c>signature.pinyin-annotations</c>: 5+ characters followed by their pinyin in brackets (建設(shè)): text
///   machine-converted for a scraped mirror copy. Medium: the page is a copy, or has been replaced by one.</item>
/// <item><c>signature.spam-phrase-list</c>: a block that is a comma/space-separated list of phrases, three or more of
///   them holding spam terms and together most of the list (the seed's footer). Critical.</item>
/// </list>
/// </summary>
public sealed partial class MassSpamSignatureAnalyzer : IPageAnalyzer
{
    public const string KanaRule = "signature.kana-block";
    public const string PinyinRule = "signature.pinyin-annotations";
    public const string PhraseListRule = "signature.spam-phrase-list";

    public static readonly RuleDescriptor Kana = RuleCatalogue.SignatureKanaBlock;
    public static readonly RuleDescriptor Pinyin = RuleCatalogue.SignaturePinyin;
    public static readonly RuleDescriptor PhraseList = RuleCatalogue.SignaturePhraseList;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [Kana, Pinyin, PhraseList];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        // Is this a Chinese page? Its lang says so, or Han characters outnumber kana by far.
        int han = 0, kana = 0;
        foreach (var block in page.TextBlocks) { han += Count(block.Text, IsHan); kana += Count(block.Text, IsKana); }
        var settings = rules.Detectors;
        var (kanaShare, minSpamPhrases) = (settings.Get(SignatureSettings.KanaShare), settings.Get(SignatureSettings.MinSpamPhrases));
        var chinese = page.Language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true || (han >= 50 && han > 4 * kana);
        if (chinese)
        {
            var title = page.RenderedTitle ?? page.RawTitle;
            if (!string.IsNullOrWhiteSpace(title) && KanaShare(title) is var t && t.Kana >= settings.Get(SignatureSettings.TitleKana) && t.Share >= kanaShare)
                yield return Signals.Make(Kana, page, Severity.High, "title", title,
                    [$"the title is Japanese ({t.Kana} kana) on a Chinese page{(page.Language is null ? "" : $" (lang=\"{page.Language}\")")}"],
                    "title|" + title);
            foreach (var block in page.TextBlocks)
            {
                var share = KanaShare(block.Text);
                if (share.Kana < settings.Get(SignatureSettings.MinKana) || share.Share < kanaShare) continue;
                var reasons = new List<string?> { $"{share.Kana} kana ({share.Share:P0} of the block's letters) on a Chinese page" };
                var severity = Severity.High;
                if (block.Visibility.Hidden) { reasons.Add(Signals.HiddenReason(block.Visibility)); severity = Severity.Critical; }
                yield return Signals.Make(Kana, page, severity, block.Selector, Signals.Clip(block.Text), reasons,
                    block.Selector + "|" + Signals.Clip(block.Text, 60), block.Visibility);
            }
        }

        // Pinyin annotations, counted over the whole page, reported at the block with most.
        var annotated = page.TextBlocks.Select(b => (Block: b, Matches: PinyinAnnotation().Matches(b.Text))).Where(x => x.Matches.Count > 0).ToList();
        var total = annotated.Sum(x => x.Matches.Count);
        if (total >= settings.Get(SignatureSettings.MinPinyin))
        {
            var top = annotated.MaxBy(x => x.Matches.Count);
            var examples = annotated.SelectMany(x => x.Matches).Select(m => m.Value).Distinct().Take(8).ToList();
            var first = top.Matches[0];
            yield return Signals.Make(Pinyin, page, Severity.Medium, top.Block.Selector,
                EvidenceText.Window(top.Block.Text, first.Index, first.Index + first.Length),
                [$"{total} characters annotated with pinyin in {annotated.Count} block(s): {string.Join(" ", examples)}",
                 "text run through an annotating converter: a mirror copy"],
                "pinyin", top.Block.Visibility, matched: string.Join(" ", examples));
        }

        // Lists of spam phrases.
        for (var at = 0; at < page.TextBlocks.Count; at++)
        {
            var block = page.TextBlocks[at];
            var phrases = Separator().Split(block.Text).Select(p => p.Trim()).Where(p => p.Length >= 2).ToList();
            // Sentences are prose, not a list, whatever its commas hold (a warning that quotes "信用卡套现""花呗套现"):
            // the keyword rules judge it.
            if (phrases.Count < minSpamPhrases || phrases.Any(p => p.Length > 40) || QuotedMentions.Sentences(block.Text) >= 2) continue;
            var spamPhrases = phrases.Where(p => SpamTerms.In(p, rules).Any).ToList();
            if (spamPhrases.Count < minSpamPhrases || spamPhrases.Count * 2 < phrases.Count) continue;
            var spam = SpamTerms.In(block.Text, rules);
            // One visible sentence in which the names are the minority is prose too ("…推动负责任博彩，如您受赌博问题困扰，可致电…").
            if (!block.Visibility.Hidden && QuotedMentions.NamedInSentences(block.Text, spam.Hits.Select(h => (h.Match.Start, h.Match.Length)))) continue;
            // A visible enumeration in crackdown or lottery news (冰毒、海洛因、摇头丸) names what it reports on: the
            // packs' reporting contexts (rules/*.yaml, allow entries with near:) tell it from a spam list.
            // A story may name more of them when it quotes them in sentences ("经查，该团伙以“澳门新葡京”“太阳城”…").
            if (!block.Visibility.Hidden
                && (spam.Normalized.Count <= ReportingContext.DefaultMaxTerms
                    || QuotedMentions.ToldAbout(block.Text, spam.Hits.Select(h => (h.Match.Start, h.Match.Length))))
                && spam.Hits.Select(h => h.Hit.Pack).Distinct().All(pack => rules.ReportingContextOf(pack, block.Text, ReportingStory.Around(page, at)) is not null)) continue;
            var reasons = new List<string?>
            {
                $"{spamPhrases.Count} of {phrases.Count} separated phrases hold spam terms",
                spam.Describe(),
            };
            if (block.Visibility.Hidden) reasons.Add(Signals.HiddenReason(block.Visibility));
            yield return Signals.Make(PhraseList, page, Severity.Critical, block.Selector, Signals.Clip(block.Text), reasons,
                string.Join("|", spam.Normalized), block.Visibility, matched: string.Join(", ", spam.Normalized), category: spam.Category);
        }
    }

    private static (int Kana, double Share) KanaShare(string text)
    {
        var k = Count(text, IsKana);
        var letters = Count(text, char.IsLetter);
        return (k, letters == 0 ? 0 : (double)k / letters);
    }

    private static int Count(string s, Func<char, bool> predicate)
    {
        var n = 0;
        foreach (var c in s) if (predicate(c)) n++;
        return n;
    }

    // Hiragana and katakana, without the prolonged-sound mark and the middle dot that Chinese text borrows.
    private static bool IsKana(char c) => c is >= '\u3041' and <= '\u3096' or >= '\u30A1' and <= '\u30FA';

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    [GeneratedRegex(@"[\u3400-\u4DBF\u4E00-\u9FFF][(（]\s*[a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜüêńňǹḿ]{1,6}[1-5]?\s*[)）]")]
    private static partial Regex PinyinAnnotation();

    [GeneratedRegex(@"[,，、|;；\s]+")]
    private static partial Regex Separator();
}
