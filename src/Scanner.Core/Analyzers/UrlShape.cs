using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Whether a page's URL has the shape that doorway generators (泛目录) give their pages: a script with a path in its
/// query (/xx.php?abc/123.html, /m.php?36032/67535.html), a query of a word and a random token (/news.asp?news-AbC12),
/// or two long numbers as the last folder and file (/m/36032/67535.html). Dates (/2024/0512/…) are not random.
/// </summary>
public static partial class UrlShape
{
    public static string? GeneratedLooking(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var query = Uri.UnescapeDataString(uri.Query.TrimStart('?'));
        if (PathInQuery().IsMatch(query)) return $"a path in the query (?{query})";
        if (WordAndToken().IsMatch(query)) return $"a random token in the query (?{query})";
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && LongNumber().IsMatch(segments[^2]) && LongNumberFile().IsMatch(segments[^1]) && !segments[^2].StartsWith("20", StringComparison.Ordinal))
            return $"two long numbers as folder and file (/{segments[^2]}/{segments[^1]})";
        return null;
    }

    /// <summary>
    /// <see cref="GeneratedLooking"/>, or a file named by a token of letters and digits (/abc123.html, /k8f3x9.html, /a/7g2k.php):
    /// the names 泛目录 generators give their pages. Used only to corroborate spam terms (a CMS names articles by date and
    /// number, art_1229_5876543.html, t20231120_123456.html: separators, never a bare mix).
    /// </summary>
    public static string? GeneratedOrRandomFile(string url)
    {
        if (GeneratedLooking(url) is { } generated) return generated;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var file = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return file is not null && RandomFile().IsMatch(file) ? $"a random-looking file name ({file})" : null;
    }

    /// <summary>4–16 letters and digits, at least two of each, then a page extension.</summary>
    [GeneratedRegex(@"^(?=(?:[a-z0-9]*[a-z]){2})(?=(?:[a-z0-9]*\d){2})[a-z0-9]{4,16}\.(?:s?html?|php|aspx?|jsp)$", RegexOptions.IgnoreCase)]
    private static partial Regex RandomFile();

    [GeneratedRegex(@"^[\w-]{1,20}/\d{2,}\.s?html?$|^\d{3,}/\d{3,}\.html?$", RegexOptions.IgnoreCase)]
    private static partial Regex PathInQuery();

    /// <summary>A word, a dash, then a token mixing cases or letters and digits (news-AbC12).</summary>
    [GeneratedRegex(@"^[a-z]{2,10}-(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z0-9])[A-Za-z0-9]{4,10}$")]
    private static partial Regex WordAndToken();

    [GeneratedRegex(@"^\d{5,}$")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"^\d{5,}\.s?html?$")]
    private static partial Regex LongNumberFile();
}
