using Scanner.Core.Text;
using Xunit;

namespace Scanner.Core.Tests.Text;

public class KeywordMatcherTests
{
    private static KeywordMatcher Matcher(params string[] terms) => new(terms.Select(t => new KeywordDefinition(t)));

    private static List<string> Evidence(KeywordMatcher matcher, string text) =>
        matcher.FindAll(text).Select(m => m.Evidence(text)).ToList();

    // ---- evasions -------------------------------------------------------------------------------------------

    [Fact]
    public void Roman_numeral_five_in_the_seed_reads_as_V()
    {
        const string text = "亚洲综合性色A\u2164一区二区三区,婷婷五月综合国产激情";
        Assert.Equal(["A\u2164"], Evidence(Matcher("AV"), text));
    }

    [Fact]
    public void The_real_seed_page_has_its_AV()
    {
        var seed = SharedFolder.Path("seed", "yongzhou-education-conference.txt");
        var text = File.ReadAllText(seed);
        var matches = Matcher("AV", "一区二区三区", "无码").FindAll(text);
        Assert.Contains(matches, m => m.Keyword.Term == "AV" && m.Evidence(text) == "A\u2164");
        Assert.Contains(matches, m => m.Keyword.Term == "一区二区三区");
        Assert.Contains(matches, m => m.Keyword.Term == "无码");
    }

    [Theory]
    [InlineData("看ＡＶ电影")]           // full-width
    [InlineData("看𝐀𝐕电影")]            // mathematical bold
    [InlineData("看av电影")]             // case
    [InlineData("看Α\u0412电影")]        // Greek capital alpha, Cyrillic capital ve? (В looks like B, not V)
    public void Compatibility_forms_and_case_fold(string text)
    {
        var matches = Matcher("AV", "AB").FindAll(text);
        Assert.Single(matches);
        Assert.Equal(text.Substring(1, text.Length - 3), matches[0].Evidence(text));
    }

    [Theory]
    [InlineData("best c\u0430sino online")]      // Cyrillic а
    [InlineData("best \u0441\u0430sino online")] // Cyrillic с and а
    [InlineData("best ca\u0455ino online")]      // Cyrillic ѕ
    [InlineData("best CASİNO online")]
    [InlineData("best cásino online")]
    public void Look_alike_letters_from_other_scripts(string text)
    {
        Assert.Equal([text[5..^7]], Evidence(Matcher("casino"), text));
    }

    [Fact]
    public void Traditional_characters_match_simplified_terms()
    {
        Assert.Equal(["澳門賭場"], Evidence(Matcher("澳门赌场"), "歡迎光臨澳門賭場"));
        Assert.Equal(["澳门"], Evidence(Matcher("澳門"), "澳门"));
    }

    [Fact]
    public void Pinyin_annotations_are_skipped_and_kept_in_the_evidence()
    {
        const string text = "線上賭(dǔ)場(chǎng)開(kāi)業(yè)";
        Assert.Equal(["賭(dǔ)場"], Evidence(Matcher("赌场"), text));
        Assert.Equal(["建設(shè)教育"], Evidence(Matcher("建设教育"), "錨定建設(shè)教育強市"));
    }

    [Theory]
    [InlineData("澳\u200b门", "澳门")]
    [InlineData("博—彩", "博彩")]
    [InlineData("博-彩-网", "博彩网")]
    [InlineData("六 合 彩", "六合彩")]
    [InlineData("六\u00a0\u00a0合★彩", "六合彩")]
    [InlineData("色*情", "色情")]
    [InlineData("色.情", "色情")]
    [InlineData("c.a.s.i.n.o", "casino")]
    public void Noise_between_characters_is_skipped(string text, string term)
    {
        Assert.Equal([text], Evidence(Matcher(term), $"访问{text}网站"));
    }

    [Fact]
    public void Words_far_apart_do_not_match()
    {
        var matcher = Matcher("博彩");
        Assert.Empty(matcher.FindAll("博          彩"));
        Assert.Empty(matcher.FindAll("博物馆的彩陶"));
        Assert.Empty(matcher.FindAll("博。。。。。彩"));
        Assert.Single(matcher.FindAll("博 * 彩"));
    }

    [Theory]
    [InlineData("具有地方特色。情况表明")]
    [InlineData("严禁赌，博物馆开放")]
    [InlineData("特色\n情况")]
    [InlineData("特色&#12290;情况")]
    public void Matches_do_not_cross_sentence_ends_or_line_breaks(string text)
    {
        Assert.Empty(Matcher("色情", "赌博").FindAll(text));
    }

    [Fact]
    public void Gap_limit_is_configurable()
    {
        var strict = new KeywordMatcher([new KeywordDefinition("博彩")], null, new KeywordMatcherOptions { MaxGap = 0 });
        Assert.Empty(strict.FindAll("博 彩"));
        Assert.Single(strict.FindAll("博彩"));
    }

    [Theory]
    [InlineData("&#x8272;&#x60C5;网站")]
    [InlineData("&#33394;&#24773;网站")]
    [InlineData("&#33394情网站")]
    [InlineData("\\u8272\\u60c5网站")]
    [InlineData("\\u{8272}\\u{60C5}网站")]
    public void Html_entities_and_script_escapes_are_decoded(string text)
    {
        var matches = Matcher("色情").FindAll(text);
        Assert.Single(matches);
        Assert.Equal(0, matches[0].Start);
        Assert.Equal(text.IndexOf('网'), matches[0].Length);
    }

    [Fact]
    public void Hex_escapes_and_named_entities()
    {
        Assert.Equal(["\\x41\\x56"], Evidence(Matcher("AV"), "看\\x41\\x56片"));
        Assert.Equal(["p&ograve;rn"], Evidence(Matcher("porn"), "free p&ograve;rn here"));
        Assert.Equal(["博&nbsp;彩"], Evidence(Matcher("博彩"), "博&nbsp;彩"));
    }

    // ---- precision ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("中国特色社会主义")]
    [InlineData("表现出色")]
    [InlineData("色彩斑斓")]
    [InlineData("特(tè)色")]
    public void Longer_allowed_terms_win(string text)
    {
        var matcher = new KeywordMatcher([new KeywordDefinition("色")], ["特色", "出色", "色彩"]);
        Assert.Empty(matcher.FindAll(text));
    }

    [Fact]
    public void An_allowed_term_does_not_hide_a_term_that_goes_beyond_it()
    {
        var matcher = new KeywordMatcher([new KeywordDefinition("色"), new KeywordDefinition("色情")], ["特色"]);
        var text = "特色情";
        Assert.Equal(["色情"], Evidence(matcher, text));
        Assert.Equal(["色"], Evidence(matcher, "黄色网站"));
    }

    [Fact]
    public void A_scoped_allow_term_hides_only_the_keywords_of_its_scope()
    {
        var matcher = new KeywordMatcher(
            [new KeywordDefinition("赌博", "gambling") { AllowScope = "gambling" }, new KeywordDefinition("色情", "porn") { AllowScope = "porn" }],
            [new AllowTerm("打击赌博色情", "gambling")]);

        var fired = matcher.FindAll("严厉打击赌博色情活动").Select(m => (string)m.Keyword.Payload!).ToArray();

        Assert.Equal(["porn"], fired);
    }

    [Fact]
    public void An_allow_term_without_a_scope_hides_every_keyword_inside_it()
    {
        var matcher = new KeywordMatcher(
            [new KeywordDefinition("赌博") { AllowScope = "gambling" }, new KeywordDefinition("色情")],
            ["打击赌博色情", new AllowTerm("无关", "porn")]);

        Assert.Empty(matcher.FindAll("严厉打击赌博色情活动"));
    }

    [Fact]
    public void The_same_term_in_two_scopes_is_allowed_in_one_and_found_in_the_other()
    {
        var matcher = new KeywordMatcher(
            [new KeywordDefinition("赌博", "gambling") { AllowScope = "gambling" }, new KeywordDefinition("赌博", "crime") { AllowScope = "crime" }],
            [new AllowTerm("打击赌博", "gambling")]);

        Assert.Equal(["crime"], matcher.FindAll("坚决打击赌博").Select(m => (string)m.Keyword.Payload!));
        Assert.Equal(["gambling", "crime"], matcher.FindAll("网上赌博").Select(m => (string)m.Keyword.Payload!));
    }

    [Fact]
    public void Welfare_lottery_is_not_gambling_without_context()
    {
        var lottery = new KeywordDefinition("彩票") { RequiredContext = ["投注", "下注", "赔率", "开户"] };
        var matcher = new KeywordMatcher([lottery]);
        Assert.Empty(matcher.FindAll("市民政局发行福利彩票，所得用于公益事业。"));
        Assert.Single(matcher.FindAll("彩票在线投注，高赔率"));
        Assert.Single(matcher.FindAll("立即开户，彩票返水"));
    }

    [Fact]
    public void Welfare_lottery_can_also_be_allowed_outright()
    {
        var matcher = new KeywordMatcher([new KeywordDefinition("彩票")], ["福利彩票", "体育彩票"]);
        Assert.Empty(matcher.FindAll("中国福利彩票发行中心"));
        Assert.Single(matcher.FindAll("彩票网址"));
    }

    [Fact]
    public void Context_must_be_near()
    {
        var lottery = new KeywordDefinition("彩票") { RequiredContext = ["投注"] };
        var matcher = new KeywordMatcher([lottery]);
        Assert.Empty(matcher.FindAll("彩票" + new string('。', 200) + "投注"));
    }

    [Theory]
    [InlineData("This class is great")]
    [InlineData("Ask your assistant")]
    [InlineData("a massive pass")]
    [InlineData("glass sale")]
    public void Latin_terms_match_whole_words_only(string text)
    {
        Assert.Empty(Matcher("ass").FindAll(text));
    }

    [Theory]
    [InlineData("my ass is", "ass")]
    [InlineData("ASS!", "ASS")]
    [InlineData("看ass视频", "ass")]
    [InlineData("my a-s-s is", "a-s-s")]
    public void Latin_whole_words_are_judged_on_real_separators(string text, string evidence)
    {
        Assert.Equal([evidence], Evidence(Matcher("ass"), text));
    }

    [Fact]
    public void Word_boundaries_see_through_encoded_characters()
    {
        Assert.Empty(Matcher("ass").FindAll("cl&#97;ss"));
        Assert.Empty(Matcher("ass").FindAll("cl\\x61ss"));
        Assert.Equal(["&#97;ss"], Evidence(Matcher("ass"), "my &#97;ss is"));
    }

    [Fact]
    public void Whole_word_can_be_turned_off()
    {
        var matcher = new KeywordMatcher([new KeywordDefinition("ass") { WholeWord = false }]);
        Assert.Single(matcher.FindAll("class"));
    }

    // ---- matching -------------------------------------------------------------------------------------------

    [Fact]
    public void Overlapping_and_nested_terms_are_all_found_sorted_by_start()
    {
        var matcher = new KeywordMatcher(new[] { "he", "she", "his", "hers", "她们", "我们她们" }
            .Select(t => new KeywordDefinition(t) { WholeWord = false }));
        var text = "ushers 我们她们";
        var found = matcher.FindAll(text).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToList();
        Assert.Equal([("she", 1, 3), ("hers", 2, 4), ("he", 2, 2), ("我们她们", 7, 4), ("她们", 9, 2)], found);
    }

    [Fact]
    public void Matches_and_encoded_characters_across_the_scans_block_boundaries_are_read_as_anywhere_else()
    {
        // The scan filters candidates a block at a time: a match that starts before a boundary and ends after it
        // is found, and no match starts inside an entity that a boundary cuts (82 is in "&#x8272;").
        var matcher = new KeywordMatcher(new[] { "博彩", "色情", "82" }.Select(t => new KeywordDefinition(t) { WholeWord = false }));
        for (var pad = KeywordMatcher.CandidateBlock - 20; pad <= KeywordMatcher.CandidateBlock + 2; pad++)
        {
            var text = new string('x', pad) + "博—彩 &#x8272;&#x60C5; 82";
            var found = matcher.FindAll(text).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToList();
            Assert.Equal([("博彩", pad, 3), ("色情", pad + 4, 16), ("82", pad + 21, 2)], found);
        }
    }

    [Theory]
    [InlineData("色情博彩赌场澳门六合", 300)]
    // More than 16 characters: child masks alias (bit = symbol & 15), so states share bases and a probe can land
    // on another state's child with the same symbol; only the disjoint masks of states sharing a base keep it out.
    [InlineData("色情博彩赌场澳门六合网站视频免费在线观看真人娱乐平台注册送金开户下载官方手机", 3000)]
    public void Agrees_with_a_naive_search_on_random_text(string alphabet, int termCount)
    {
        var random = new Random(7);
        var terms = Enumerable.Range(0, termCount)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 6)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Distinct().ToArray();
        var matcher = Matcher(terms);
        for (var round = 0; round < 50; round++)
        {
            var text = new string(Enumerable.Range(0, 300).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var expected = new List<(string, int, int)>();
            foreach (var term in terms)
                for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.Ordinal))
                    expected.Add((term, at, term.Length));
            var actual = matcher.FindAll(text).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToList();
            Assert.Equal(expected.OrderBy(e => e.Item2).ThenByDescending(e => e.Item3).ThenBy(e => e.Item1, StringComparer.Ordinal),
                actual.OrderBy(e => e.Item2).ThenByDescending(e => e.Item3).ThenBy(e => e.Item1, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Agrees_with_search_in_the_normalised_text_on_real_pages_and_word_lists()
    {
        // Thousands of real terms over real page text with evasive spam in it: every shortcut of the scan (the
        // candidate filter on hashed pairs, the fused input table, the child masks) must find exactly what a
        // plain search of the normalised text finds, segment by segment between hard breaks (which no match
        // crosses), with the gap limit out of the way.
        // The spam's own words first (their matches cross noise, entities and escapes), then the lists.
        var terms = new List<string> { "色情", "六合彩", "博彩", "澳门赌场", "AV", "casino", "一区" };
        var seen = new HashSet<string>(terms, StringComparer.Ordinal);
        foreach (var file in new[] { "色情词库.txt", "涉枪涉爆.txt", "广告类型.txt", "零时-Tencent.txt" })
            foreach (var line in File.ReadLines(SharedFolder.Path("wordlists", file)).Select(l => l.Trim()))
                if (line.Length > 0 && line[0] != '#' && terms.Count < 5000 && seen.Add(line)) terms.Add(line);
        var pages = Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "gne-*.html").Order(StringComparer.Ordinal).Take(12);
        var text = new System.Text.StringBuilder();
        string[] spam = ["色A\u2164一区", "澳門賭(dǔ)場(chǎng)", "六 合 彩", "博—彩", "&#x8272;&#x60C5;", "\\u8272\\u60c5", "ＡＶ", "c\u0430sino"];
        var k = 0;
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            html = System.Text.RegularExpressions.Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ",
                System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            var visible = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " "));
            for (var at = 0; at < visible.Length; at += 2000)
                text.Append(visible, at, Math.Min(2000, visible.Length - at)).Append(spam[k++ % spam.Length]);
        }
        var original = text.ToString();
        var matcher = new KeywordMatcher(terms.Select(t => new KeywordDefinition(t) { WholeWord = false }), null,
            new KeywordMatcherOptions { MaxGap = int.MaxValue / 2 });

        var expected = new HashSet<(string, int, int)>();
        var folded = terms.Select(t => (Term: t, Folded: TextNormalizer.Normalize(t).Text)).Where(t => t.Folded.Length > 0).ToArray();
        for (var start = 0; start < original.Length;)
        {
            var end = start;
            while (end < original.Length && !CharFolding.IsHardBreak(original[end])) end++;
            var segment = TextNormalizer.Normalize(original[start..end]);
            foreach (var (term, f) in folded)
                for (var at = segment.Text.IndexOf(f, StringComparison.Ordinal); at >= 0; at = segment.Text.IndexOf(f, at + 1, StringComparison.Ordinal))
                {
                    var (s0, e0) = segment.MapToOriginal(at, at + f.Length);
                    expected.Add((term, start + s0, e0 - s0));
                }
            start = end + 1;
        }
        var actual = matcher.FindAll(original).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToHashSet();
        Assert.True(expected.Count > 1000, $"only {expected.Count} matches: the test text is too thin");
        Assert.Empty(expected.Except(actual).Take(10));
        Assert.Empty(actual.Except(expected).Take(10));
    }

    [Fact]
    public void Agrees_with_search_in_the_normalised_text_when_the_text_is_obfuscated()
    {
        // Every way of writing a character that the scan handles on a different path: plain, traditional, entity,
        // escape, full-width, with a pinyin annotation, with noise before it.
        var random = new Random(11);
        string[][] spellings =
        [
            ["色", "&#x8272;", "\\u8272", "色(sè)"],
            ["情", "&#24773;", "情(qíng)"],
            ["赌", "賭", "賭(dǔ)", "\\u8CED"],
            ["场", "場", "場(chǎng)"],
            ["a", "A", "ａ", "\u0430", "&#97;"],
            ["v", "V", "\u2164", "Ｖ"],
            ["门", "門", "⻔"],
            ["一", "⼀"],
            ["x", "好", "的"],
        ];
        string[] noise = [" ", "\u200b", "-", "*", "&nbsp;"];
        var terms = Enumerable.Range(0, 200)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => spellings[random.Next(8)][0])))
            .Distinct().ToArray();
        var matcher = new KeywordMatcher(terms.Select(t => new KeywordDefinition(t) { WholeWord = false }), null,
            new KeywordMatcherOptions { MaxGap = 100 });
        var total = 0;
        for (var round = 0; round < 100; round++)
        {
            var sb = new System.Text.StringBuilder();
            for (var k = 0; k < 200; k++)
            {
                if (random.Next(4) == 0) sb.Append(noise[random.Next(noise.Length)]);
                var forms = spellings[random.Next(spellings.Length)];
                sb.Append(forms[random.Next(forms.Length)]);
            }
            var text = sb.ToString();
            var normalized = TextNormalizer.Normalize(text);
            var expected = new List<(string, int, int)>();
            foreach (var term in terms)
            {
                var folded = TextNormalizer.Normalize(term).Text;
                for (var at = normalized.Text.IndexOf(folded, StringComparison.Ordinal); at >= 0;
                     at = normalized.Text.IndexOf(folded, at + 1, StringComparison.Ordinal))
                {
                    var (start, end) = normalized.MapToOriginal(at, at + folded.Length);
                    expected.Add((term, start, end - start));
                }
            }
            var actual = matcher.FindAll(text).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToList();
            Assert.Equal(expected.OrderBy(e => e.Item2).ThenByDescending(e => e.Item3).ThenBy(e => e.Item1, StringComparer.Ordinal),
                actual.OrderBy(e => e.Item2).ThenByDescending(e => e.Item3).ThenBy(e => e.Item1, StringComparer.Ordinal));
            total += actual.Count;
        }
        Assert.True(total > 1000, $"only {total} matches: the test text is too thin");
    }

    [Fact]
    public void Several_keywords_with_the_same_folded_term_all_report()
    {
        var matcher = new KeywordMatcher([new KeywordDefinition("賭場", "a"), new KeywordDefinition("赌场", "b")]);
        Assert.Equal(2, matcher.Count);
        Assert.Equal(["a", "b"], matcher.FindAll("赌场").Select(m => (string)m.Keyword.Payload!).Order().ToList());
    }

    [Fact]
    public void Empty_and_noise_only_terms_are_ignored()
    {
        var matcher = Matcher("", " ", "——", "赌");
        Assert.Equal(1, matcher.Count);
        Assert.Empty(matcher.FindAll(""));
    }

    [Fact]
    public void Supplementary_characters_and_long_terms()
    {
        var longTerm = string.Concat(Enumerable.Repeat("赌场", 200));
        var matcher = Matcher("𠀀𠀁", longTerm);
        Assert.Equal(["𠀀 𠀁"], Evidence(matcher, "x𠀀 𠀁y"));
        Assert.Single(matcher.FindAll("前" + longTerm + "后"));
    }

    [Fact]
    public void Concurrent_calls_agree()
    {
        var matcher = Matcher("赌场", "AV", "色情", "casino");
        var text = string.Concat(Enumerable.Repeat("澳門賭場 看ＡＶ 色-情 c\u0430sino 特色 ", 200));
        var expected = matcher.FindAll(text);
        Parallel.For(0, 32, _ => Assert.Equal(expected, matcher.FindAll(text)));
        Assert.Equal(800, expected.Count);
    }
}

public class SingleCharacterTermTests
{
    [Fact]
    public void Single_characters_can_be_required_to_have_context()
    {
        var options = new KeywordMatcherOptions { SingleCharacterTermsNeedContext = true };
        var matcher = new KeywordMatcher(
            [new KeywordDefinition("色"), new KeywordDefinition("赌") { RequiredContext = ["网址"] }, new KeywordDefinition("色情")],
            null, options);
        Assert.Equal(2, matcher.Count);
        Assert.Empty(matcher.FindAll("黄色的花"));
        Assert.Single(matcher.FindAll("赌 网址"));
        Assert.Single(matcher.FindAll("色情"));
    }
}

public class EnclosedAndPunctuatedEvasionTests
{
    private static KeywordMatcher Matcher(params string[] terms) => new(terms.Select(t => new KeywordDefinition(t)));

    private static List<string> Evidence(KeywordMatcher matcher, string text) =>
        matcher.FindAll(text).Select(m => m.Evidence(text)).ToList();

    [Theory]
    [InlineData("看ⓐⓥ电影", "ⓐⓥ")]               // circled small
    [InlineData("看ⒶⓋ电影", "ⒶⓋ")]               // circled capital
    [InlineData("看⒜⒱电影", "⒜⒱")]               // parenthesised: the brackets of the decomposition do not break it
    [InlineData("看🅐🅥电影", "🅐🅥")]             // negative circled: no decomposition, folded by table
    [InlineData("看🄰🅅电影", "🄰🅅")]             // squared
    [InlineData("看🅰🆅电影", "🅰🆅")]             // negative squared
    [InlineData("看🅰\uFE0F🆅\uFE0F电影", "🅰\uFE0F🆅")] // as emoji, with variation selectors
    [InlineData("看🄐🄥电影", "🄐🄥")]             // parenthesised capital (supplement)
    public void Enclosed_letters_read_as_letters(string text, string evidence)
    {
        Assert.Equal([evidence], Evidence(Matcher("av"), text));
    }

    [Theory]
    [InlineData("加群①②③④⑤")]
    [InlineData("加群⑴⑵⑶⑷⑸")]
    [InlineData("加群⒈⒉⒊⒋⒌")]
    [InlineData("加群❶❷❸❹❺")]
    [InlineData("加群➀➁➂➃➄")]
    [InlineData("加群➊➋➌➍➎")]
    [InlineData("加群⓵⓶⓷⓸⓹")]
    public void Enclosed_digits_read_as_digits(string text)
    {
        Assert.Single(Matcher("12345").FindAll(text));
    }

    [Fact]
    public void Enclosed_letters_spell_Latin_words_whole()
    {
        Assert.Single(Matcher("porn").FindAll("free 🅟🅞🅡🅝 here"));
        Assert.Single(Matcher("casino").FindAll("best ⓒⓐⓢⓘⓝⓞ"));
    }

    [Theory]
    [InlineData("违，禁。测！试", "违，禁。测！试")]          // 3+ characters, a mark in every gap
    [InlineData("欢迎访问违，禁。测！试网", "违，禁。测！试")]  // glued to text on both sides: still every gap
    [InlineData("看，无，码，视，频", "无，码")]               // 2 characters, the run of lone characters goes on
    [InlineData("无，码，片", "无，码")]
    [InlineData("偷；拍、在：线", "偷；拍")]
    public void A_term_split_by_one_sentence_mark_between_every_character_matches(string text, string evidence)
    {
        Assert.Contains(evidence, Evidence(Matcher("违禁测试", "无码", "偷拍"), text));
    }

    [Theory]
    [InlineData("具有地方特色。情况表明")]                // a sentence ends with 色, the next starts with 情
    [InlineData("色。情况表明")]
    [InlineData("这里的景色，情景交融")]
    [InlineData("坚持出色，情怀不变")]
    [InlineData("颜色。情。")]                            // two glued characters and one lone one: not a run past the term
    public void Prose_that_ends_a_sentence_with_one_character_and_starts_the_next_with_another_does_not_match(string text)
    {
        Assert.Empty(Matcher("色情").FindAll(text));
    }

    [Fact]
    public void Two_character_terms_need_the_run_to_go_on_past_them()
    {
        Assert.Empty(Matcher("色情").FindAll("色，情"));             // just two lone characters: could be anything
        Assert.Single(Matcher("色情").FindAll("色，情，片"));
        Assert.Single(Matcher("色情").FindAll("黄，色，情"));
    }

    [Fact]
    public void Single_character_enumerations_in_crackdown_news_stay_quiet()
    {
        Assert.Empty(Matcher("色情", "赌博", "博彩").FindAll("坚决打击黄、赌、毒违法犯罪，扫黄打非"));
    }

    [Fact]
    public void Split_matches_come_back_in_order_with_the_direct_ones()
    {
        var text = "色情网站，看，无，码，视，频";
        var found = Matcher("色情", "无码").FindAll(text).Select(m => (m.Keyword.Term, m.Start, m.Length)).ToList();
        Assert.Equal([("色情", 0, 2), ("无码", 7, 3)], found);
    }
}
