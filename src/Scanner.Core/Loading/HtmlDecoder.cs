using System.Text;
using System.Text.RegularExpressions;
using UtfUnknown;

namespace Scanner.Core.Loading;

/// <summary>
/// Decodes a document's bytes with its real charset, as a browser would: byte-order mark, then the
/// Content-Type header, then a &lt;meta charset&gt; in the first bytes, then UTF-8.
/// GBK/GB2312/Big5 are common on government sites, hence the code-pages provider.
/// A declared charset is not trusted blindly: when it is unknown, or the bytes are not valid in it, or a single-byte
/// label (latin1, windows-1252) sits on bytes that are plainly UTF-8 or GBK, the charset is detected from the bytes
/// (UTF.Unknown, a port of Mozilla's uchardet). Hacked pages often carry spam in another charset than the page declares.
/// </summary>
public static partial class HtmlDecoder
{
    /// <summary>How much of a body the detector reads: enough for a verdict, cheap on a 10 MiB page.</summary>
    private const int DetectionSample = 256 * 1024;
    private const float TrustedConfidence = 0.8f;

    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(byte[] body, string? contentType)
    {
        var (encoding, text) = Choose(body, contentType);
        return (text ?? encoding.GetString(body)).TrimStart('\uFEFF');
    }

    /// <summary>
    /// The charset <see cref="Decode"/> reads <paramref name="body"/> with: the declared one when the bytes are valid in
    /// it, else what the bytes point to (a GBK page without a meta charset; a latin1 label on UTF-8 bytes).
    /// </summary>
    public static Encoding Detect(byte[] body, string? contentType)
    {
        if (FromBom(body) is { } bom) return bom;
        var declared = FromLabel(CharsetIn(contentType)) ?? FromLabel(SniffMeta(body));
        // Without building the text: the local server asks this of every file it serves.
        return Choose(declared, body, IsValid(declared ?? Encoding.UTF8, body));
    }

    /// <summary>The charset the bytes or the header declare, or null when nothing does.</summary>
    public static Encoding? Declared(byte[] body, string? contentType) =>
        FromBom(body) ?? FromLabel(CharsetIn(contentType)) ?? FromLabel(SniffMeta(body));

    /// <summary>The encoding, and the strictly decoded text when it was decoded on the way (saves a second pass).</summary>
    private static (Encoding Encoding, string? Text) Choose(byte[] body, string? contentType)
    {
        if (FromBom(body) is { } bom) return (bom, null);
        var declared = FromLabel(CharsetIn(contentType)) ?? FromLabel(SniffMeta(body));
        var text = Strict(declared ?? Encoding.UTF8, body);
        var chosen = Choose(declared, body, valid: text is not null);
        return (chosen, chosen.CodePage == (declared ?? Encoding.UTF8).CodePage ? text : null);
    }

    /// <summary>
    /// The declared charset (UTF-8 when none is) when the bytes are <paramref name="valid"/> in it, unless it is a
    /// single-byte label on bytes that are plainly multi-byte; else what the bytes point to.
    /// </summary>
    private static Encoding Choose(Encoding? declared, byte[] body, bool valid) =>
        valid && !(declared is { IsSingleByte: true } && Detect(body) is { IsSingleByte: false })
            ? declared ?? Encoding.UTF8
            : Detect(body) ?? declared ?? Encoding.UTF8;

    public static Encoding? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        label = label.Trim().Trim('"', '\'').ToLowerInvariant();
        // WHATWG maps gb2312 and gbk labels to GB18030's superset; so do we.
        if (label is "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "csgb2312") label = "gb18030";
        try { return Encoding.GetEncoding(label); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The text, when every byte is valid in the encoding; null when some are not.</summary>
    private static string? Strict(Encoding encoding, byte[] body)
    {
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
        try { return strict.GetString(body); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>Whether every byte is valid in the encoding (what <see cref="Strict"/> decodes), without making the text.</summary>
    private static bool IsValid(Encoding encoding, byte[] body)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage) return System.Text.Unicode.Utf8.IsValid(body);
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
        try
        {
            strict.GetCharCount(body);
            return true;
        }
        catch (DecoderFallbackException) { return false; }
    }

    /// <summary>The charset the bytes themselves point to, when the detector is confident; null for plain ASCII or no verdict.</summary>
    private static Encoding? Detect(byte[] body)
    {
        var sample = body.Length > DetectionSample ? body.AsSpan(0, DetectionSample).ToArray() : body;
        if (!sample.Any(b => b >= 0x80)) return null;
        var best = CharsetDetector.DetectFromBytes(sample).Detected;
        if (best is null || best.Confidence < TrustedConfidence) return null;
        return best.Encoding ?? FromLabel(best.EncodingName);
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
