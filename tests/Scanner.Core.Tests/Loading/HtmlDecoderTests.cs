using System.Text;
using Scanner.Core.Loading;

namespace Scanner.Core.Tests.Loading;

public sealed class HtmlDecoderTests
{
    static HtmlDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Page = "<html><head><meta charset=\"gbk\"><title>永州市人民政府</title></head><body>教育大会</body></html>";

    [Fact]
    public void A_gbk_page_is_decoded_from_its_meta_charset()
    {
        var bytes = Encoding.GetEncoding("gbk").GetBytes(Page);
        Assert.Equal(Page, HtmlDecoder.Decode(bytes, "text/html"));
    }

    [Fact]
    public void The_header_charset_wins_over_utf8_guessing()
    {
        var text = "<p>網站</p>";
        var bytes = Encoding.GetEncoding("big5").GetBytes(text);
        Assert.Equal(text, HtmlDecoder.Decode(bytes, "text/html; charset=big5"));
    }

    [Fact]
    public void Without_any_label_utf8_is_assumed()
    {
        Assert.Equal("<p>永州</p>", HtmlDecoder.Decode(Encoding.UTF8.GetBytes("<p>永州</p>"), null));
    }

    [Fact]
    public void The_served_title_is_read_before_scripts_run()
    {
        Assert.Equal("永州市人民政府", ServedDocument.TitleOf(Page));
    }
}
