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

public sealed class LyingCharsetTests
{
    static LyingCharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Spam = "<html><head><title>永州市人民政府</title></head><body><p>欢迎访问永州市人民政府门户网站，本站提供政务公开、办事服务和互动交流。百家乐 无码视频 婷婷五月 在线娱乐城 真人荷官</p></body></html>";

    [Fact]
    public void An_unknown_declared_charset_is_detected_from_the_bytes()
    {
        var bytes = Encoding.GetEncoding("gb18030").GetBytes(Spam);
        Assert.Equal(Spam, HtmlDecoder.Decode(bytes, "text/html; charset=x-no-such-charset"));
    }

    [Fact]
    public void A_declared_charset_the_bytes_are_not_in_gives_way_to_detection()
    {
        // Declared UTF-8, served GBK: strict UTF-8 fails, the detector finds GB18030.
        var bytes = Encoding.GetEncoding("gb18030").GetBytes(Spam);
        Assert.Equal(Spam, HtmlDecoder.Decode(bytes, "text/html; charset=utf-8"));
    }

    [Fact]
    public void A_single_byte_label_on_utf8_text_is_not_believed()
    {
        // windows-1252 decodes any byte; the text would come out as mojibake that no keyword matches.
        var bytes = Encoding.UTF8.GetBytes(Spam);
        Assert.Equal(Spam, HtmlDecoder.Decode(bytes, "text/html; charset=iso-8859-1"));
    }

    [Fact]
    public void A_true_label_is_kept()
    {
        const string french = "<p>Préfecture de la Région, données publiques, accès élus</p>";
        Assert.Equal(french, HtmlDecoder.Decode(Encoding.Latin1.GetBytes(french), "text/html; charset=iso-8859-1"));
    }
}

/// <summary><see cref="HtmlDecoder.Detect"/> (the local server's charset, found without making the text) names the
/// charset <see cref="HtmlDecoder.Decode"/> reads the same bytes with.</summary>
public sealed class CharsetDetectionTests
{
    static CharsetDetectionTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Spam = "<html><head><title>永州市人民政府</title></head><body><p>欢迎访问永州市人民政府门户网站，本站提供政务公开、办事服务和互动交流。百家乐 无码视频 婷婷五月 在线娱乐城 真人荷官</p></body></html>";

    public static TheoryData<string, string?> Bodies => new()
    {
        { "utf-8", null },
        { "utf-8", "text/html; charset=iso-8859-1" },
        { "gb18030", null },
        { "gb18030", "text/html; charset=utf-8" },
        { "gb18030", "text/html; charset=gbk" },
        { "big5", "text/html; charset=big5" },
        { "iso-8859-1", "text/html; charset=iso-8859-1" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Detect_names_the_charset_decode_reads_with(string encoding, string? contentType)
    {
        var text = encoding == "iso-8859-1" ? "<p>Préfecture de la Région, données publiques</p>" : Spam;
        var bytes = Encoding.GetEncoding(encoding).GetBytes(text);
        var detected = HtmlDecoder.Detect(bytes, contentType);
        Assert.Equal(HtmlDecoder.Decode(bytes, contentType), detected.GetString(bytes));
    }

    [Fact]
    public void Broken_utf8_is_read_the_same_way_by_both()
    {
        // A lone continuation byte, an overlong slash and a surrogate's encoding: strict UTF-8 rejects each, and both
        // fall back to what the bytes point to; GBK bytes that happen to be valid UTF-8 are not.
        foreach (var bad in new byte[][] { [0x3C, 0x70, 0x3E, 0x80], [0x2F, 0xC0, 0xAF], [0x61, 0xED, 0xA0, 0x80], [0xC4, 0xE3] })
        {
            byte[] bytes = [.. Encoding.GetEncoding("gb18030").GetBytes(Spam), .. bad];
            Assert.Equal(HtmlDecoder.Decode(bytes, null), HtmlDecoder.Detect(bytes, null).GetString(bytes));
            bytes = [.. Encoding.UTF8.GetBytes(Spam), .. bad];
            Assert.Equal(HtmlDecoder.Decode(bytes, null), HtmlDecoder.Detect(bytes, null).GetString(bytes));
        }
    }
}
