using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Core.Loading;

/// <summary>
/// Decodes a document's bytes with its real charset, as a browser would: byte-order mark, then the
/// Content-Type header, then a &lt;meta charset&gt; in the first bytes, then UTF-8.
/// GBK/GB2312/Big5 are common on government sites, hence the code-pages provider.
/// </summary>
public static partial class HtmlDecoder
{
    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(byte[] body, string? contentType) => Detect(body, contentType).GetString(body).TrimStart('\uFEFF');

    /// <summary>
    /// The charset to read <paramref name="body"/> with: declared (BOM, header, meta) when it is; otherwise UTF-8 when
    /// the bytes are valid UTF-8, else what UTF.Unknown's detector says (a GBK page without a meta charset).
    /// </summary>
    public static Encoding Detect(byte[] body, string? contentType) =>
        Declared(body, contentType) ?? (IsValidUtf8(body) ? Encoding.UTF8 : Guess(body)) ?? Encoding.UTF8;

    /// <summary>The charset the bytes or the header declare, or null when nothing does.</summary>
    public static Encoding? Declared(byte[] body, string? contentType) =>
        FromBom(body) ?? FromLabel(CharsetIn(contentType)) ?? FromLabel(SniffMeta(body));

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static bool IsValidUtf8(byte[] body)
    {
        try { StrictUtf8.GetCharCount(body); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    private static Encoding? Guess(byte[] body)
    {
        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(body).Detected;
        return detected?.EncodingName is { } name ? FromLabel(name) : null;
    }

    public static Encoding? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        label = label.Trim().Trim('"', '\'').ToLowerInvariant();
        // WHATWG maps gb2312 and gbk labels to GB18030's superset; so do we.
        if (label is "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "csgb2312") label = "gb18030";
        try { return Encoding.GetEncoding(label); }
        catch (ArgumentException) { return null; }
    }

    private static Encoding? FromBom(byte[] body) => body switch
    {
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
        [0xFF, 0xFE, ..] => Encoding.Unicode,
        [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    private static string? CharsetIn(string? contentType) =>
        contentType is null ? null : CharsetParameter().Match(contentType) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? SniffMeta(byte[] body)
    {
        var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 4096));
        var m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?([\w.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([\w.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
