using AngleSharp.Html.Parser;

namespace Scanner.Core.Loading;

/// <summary>
/// One <see cref="HtmlParser"/> per thread for each option set the scanner parses with. A new HtmlParser builds a
/// browsing context of its own: about 3 ms and 250 KB per page on the clean corpus, for nothing (issue 20,
/// docs/performance.md). Per thread, because a parser's context is not meant to be shared between threads.
/// </summary>
internal static class SharedHtmlParsers
{
    private static readonly HtmlParserOptions SourceReferences = new() { IsKeepingSourceReferences = true };
    private static readonly ThreadLocal<HtmlParser> Plain = new(() => new HtmlParser());
    private static readonly ThreadLocal<HtmlParser> KeepingSourceReferences = new(() => new HtmlParser(SourceReferences));

    public static HtmlParser For(HtmlParserOptions options) =>
        options.Equals(default(HtmlParserOptions)) ? Plain.Value!
        : options.Equals(SourceReferences) ? KeepingSourceReferences.Value!
        : new HtmlParser(options);
}
