using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

/// <summary><see cref="MarkupSnapshot.Collapse"/> skips the copy for text already collapsed; it must still mean what Split/Join meant.</summary>
public class CollapseTests
{
    private static string Reference(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a")]
    [InlineData("a b")]
    [InlineData(" a b")]
    [InlineData("a b ")]
    [InlineData("a  b")]
    [InlineData("a\tb")]
    [InlineData("a\u3000b")]
    [InlineData("\u00A0a\u00A0")]
    [InlineData("违 禁\n\n测 试")]
    public void Equals_split_and_join(string text) => Assert.Equal(Reference(text), MarkupSnapshot.Collapse(text));

    [Fact]
    public void Equals_split_and_join_on_random_text()
    {
        var random = new Random(20261203);
        char[] alphabet = ['a', 'b', '中', ' ', ' ', '\t', '\n', '\r', '\u00A0', '\u3000', '\u2003', '\u200B'];
        for (var n = 0; n < 20_000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(Reference(text), MarkupSnapshot.Collapse(text));
        }
    }

    [Fact]
    public void Returns_collapsed_text_itself()
    {
        var text = "already collapsed text";
        Assert.Same(text, MarkupSnapshot.Collapse(text));
    }
}
