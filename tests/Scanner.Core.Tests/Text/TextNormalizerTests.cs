using Scanner.Core.Text;
using Xunit;

namespace Scanner.Core.Tests.Text;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("A\u2164", "av")]
    [InlineData("ＡＶ", "av")]
    [InlineData("𝐀𝐕", "av")]
    [InlineData("澳門賭場", "澳门赌场")]
    [InlineData("建設(shè)", "建设")]
    [InlineData("建設（shè）", "建设")]
    [InlineData("澳\u200b门", "澳门")]
    [InlineData("&#x8272;&#33394;\\u8272\\x41", "色色色a")]
    [InlineData("c\u0430sino", "casino")]
    [InlineData("Ⅻ", "xii")]
    [InlineData("ﬁne", "fine")]
    [InlineData("⼀", "一")] // Kangxi radical
    [InlineData("⻔", "门")] // CJK radical
    [InlineData("ΡΟΚΕR", "poker")] // Greek look-alikes fold to Latin letters
    public void Folds_what_attackers_do(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text).Text);
    }

    [Fact]
    public void Brackets_that_are_not_pinyin_stay_noise_only()
    {
        Assert.Equal("电话tel", TextNormalizer.Normalize("电话(tel)").Text);
        Assert.Equal("sheabc", TextNormalizer.Normalize("(shè)abc").Text); // no Han character before: not an annotation
    }

    [Fact]
    public void Maps_back_to_the_original()
    {
        var text = "看&#x41;Ⅴ片";
        var normalized = TextNormalizer.Normalize(text);
        Assert.Equal("看av片", normalized.Text);
        var (start, end) = normalized.MapToOriginal(1, 3);
        Assert.Equal("&#x41;Ⅴ", text[start..end]);
    }

    [Fact]
    public void Ordinary_simplified_text_is_unchanged()
    {
        const string text = "全市教育大会召开锚定建设教育强市目标齐心协力推动全市教育事业高质量发展";
        Assert.Equal(text, TextNormalizer.Normalize(text).Text);
    }
}
