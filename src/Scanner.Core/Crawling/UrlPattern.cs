using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.Core.Crawling;

/// <summary>
/// An --include/--exclude pattern. Globs by default: <c>*</c> is any run of characters except '/',
/// <c>**</c> any run including '/', <c>?</c> one character. A glob starting with '/' is matched against the URL's
/// path and query (<c>/news/**</c>), any other against the whole URL (<c>https://*.example.gov.cn/**</c>).
/// Prefix <c>re:</c> for a .NET regular expression searched anywhere in the whole URL (<c>re:/\d{4}/</c>).
/// Matching is case-insensitive.
/// </summary>
public sealed class UrlPattern
{
    private readonly Regex _regex;
    private readonly bool _pathOnly;

    private UrlPattern(string text, Regex regex, bool pathOnly)
    {
        Text = text;
        _regex = regex;
        _pathOnly = pathOnly;
    }

    public string Text { get; }

    /// <exception cref="ArgumentException">The pattern is not a valid glob or regular expression.</exception>
    public static UrlPattern Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException("an empty URL pattern");
        if (pattern.StartsWith("re:", StringComparison.Ordinal))
        {
            try
            {
                return new UrlPattern(pattern, new Regex(pattern[3..], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), false);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"invalid regular expression in '{pattern}': {e.Message}");
            }
        }
        return new UrlPattern(pattern, new Regex(GlobToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), pattern.StartsWith('/'));
    }

    public bool IsMatch(Uri url) => _regex.IsMatch(_pathOnly ? url.PathAndQuery : url.AbsoluteUri);

    private static string GlobToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }

    public override string ToString() => Text;
}
