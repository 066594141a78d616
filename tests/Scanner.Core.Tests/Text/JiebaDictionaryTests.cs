using System.Text.RegularExpressions;
using JiebaNet.Segmenter;
using Scanner.Core.Text;

namespace Scanner.Core.Tests.Text;

/// <summary>
/// <see cref="JiebaDictionary"/> must cut text exactly as jieba.NET's <c>Tokenize(…, hmm: false)</c> does, which the
/// word-boundary check of two-character hits relied on before (it loaded jieba.NET itself, ~0.5 s at every start).
/// Compared on every window the check can see (up to 6 + 2 + 6 characters) in the Chinese text of the clean corpus,
/// the seed page and the shared word lists.
/// </summary>
public sealed class JiebaDictionaryTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "jieba-reference");
    private static readonly Lazy<JiebaSegmenter> Reference = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = Folder;
        return new JiebaSegmenter();
    });
    private static readonly Lazy<JiebaDictionary> Ours = new(() => JiebaDictionary.Load(Path.Combine(Folder, "dict.txt")));

    private static List<(int, int)> ReferenceTokens(string text) =>
        Reference.Value.Tokenize(text, TokenizerMode.Default, hmm: false).Select(t => (t.StartIndex, t.EndIndex)).ToList();

    [Theory]
    [InlineData("禄口交警大队开展道路交通安全宣传进社区活动")]
    [InlineData("成熟女性更懂得生活")]
    [InlineData("人口爆炸带来的挑战")]
    [InlineData("我国进出口交易会顺利闭幕")]
    [InlineData("具有地方特色情况良好")]
    [InlineData("南京市人民政府")]
    [InlineData("口交")]
    [InlineData("Windows系统下载2024版")]         // ASCII letters and digits inside the run
    [InlineData("〇一二三㐀㐁甲乙")]                 // characters outside jieba's range are tokens of their own
    [InlineData("𠀀口交𠀁")]                          // surrogate pairs too
    public void Cuts_as_jieba_does(string text)
    {
        Assert.Equal(ReferenceTokens(text), Ours.Value.Tokenize(text));
    }

    [Fact]
    public void Cuts_every_window_of_real_text_as_jieba_does()
    {
        var runs = ChineseRuns().ToList();
        Assert.True(runs.Count > 1000, $"only {runs.Count} runs of Chinese text found in the shared material");
        var windows = 0;
        var differences = new List<string>();
        foreach (var run in runs)
            for (var start = 0; start < run.Length; start += 5) // every fifth start: a few seconds
                for (var length = 2; length <= Math.Min(14, run.Length - start); length += 3)
                {
                    var window = run.Substring(start, length);
                    windows++;
                    var expected = ReferenceTokens(window);
                    var actual = Ours.Value.Tokenize(window);
                    if (!expected.SequenceEqual(actual) && differences.Count < 10)
                        differences.Add($"{window}: jieba {Describe(window, expected)}, ours {Describe(window, actual)}");
                }
        Assert.True(windows > 100_000, $"only {windows} windows compared");
        Assert.True(differences.Count == 0, $"{windows} windows: " + string.Join("\n", differences));
    }

    [Fact]
    public void Counts_every_word_of_the_dictionary()
    {
        // One word a line; a frequency of 0 would be no word, and there is none in jieba's dictionary.
        var lines = File.ReadLines(Path.Combine(Folder, "dict.txt")).Select(l => l.Split(' ')[0]).Distinct().Count();
        Assert.Equal(lines, Ours.Value.Count);
    }

    private static string Describe(string text, List<(int Start, int End)> tokens) =>
        string.Join("|", tokens.Select(t => text[t.Start..t.End]));

    /// <summary>Runs of CJK text (with the ASCII jieba keeps inside them) from the clean corpus, the seed page and the
    /// word lists; deterministic: every file, in name order.</summary>
    private static IEnumerable<string> ChineseRuns()
    {
        var files = Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html")
            .Concat(Directory.GetFiles(SharedFolder.Path("seed")))
            .Concat(Directory.GetFiles(SharedFolder.Path("wordlists"), "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        var run = new Regex(@"[\u3400-\u9FFF\uF900-\uFAFF〇·A-Za-z0-9]{2,}");
        foreach (var file in files)
            foreach (Match match in run.Matches(File.ReadAllText(file)))
                if (match.Value.Any(c => c >= '\u4E00')) yield return match.Value;
    }
}
