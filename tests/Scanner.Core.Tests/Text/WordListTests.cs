using Scanner.Core.Text;
using Xunit;

namespace Scanner.Core.Tests.Text;

public class WordListTests
{
    [Fact]
    public void Reads_one_term_per_line_without_comments_blanks_or_duplicates()
    {
        var list = WordList.Read(new StringReader("\uFEFF# porn\n爱液\n\n  按摩棒  \n愛液\n# end\nＡＶ\nav\n---\n"));
        Assert.Equal(["爱液", "按摩棒", "ＡＶ"], list);
    }

    [Fact]
    public void The_shared_word_lists_import()
    {
        var list = WordList.ReadFile(SharedFolder.Path("wordlists", "色情词库.txt"));
        Assert.InRange(list.Count, 500, 928);
        var matcher = new KeywordMatcher(list.Select(t => new KeywordDefinition(t)));
        Assert.Equal(list.Count, matcher.Count);
    }
}
