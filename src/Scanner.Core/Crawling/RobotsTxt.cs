using System.Text;

namespace Scanner.Core.Crawling;

/// <summary>
/// A robots.txt file as RFC 9309 reads it: the group whose user-agent token matches ours (else the <c>*</c> group),
/// allow/disallow rules with <c>*</c> and <c>$</c>, the longest matching rule deciding (allow wins a tie),
/// plus the widely used <c>Crawl-delay</c> and <c>Sitemap</c> lines. No NuGet package of this was at hand, and the
/// format is small.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<(bool Allow, string Pattern)> _rules;

    private RobotsTxt(List<(bool, string)> rules, TimeSpan? crawlDelay, IReadOnlyList<string> sitemaps)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
    }

    public static RobotsTxt AllowAll { get; } = new([], null, []);
    public static RobotsTxt DisallowAll { get; } = new([(false, "/")], null, []);

    public TimeSpan? CrawlDelay { get; }
    public IReadOnlyList<string> Sitemaps { get; }

    /// <param name="userAgent">Our product token, e.g. "scanner"; matched case-insensitively against the groups' user-agent lines.</param>
    public static RobotsTxt Parse(string text, string userAgent)
    {
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules, TimeSpan? Delay)>();
        var sitemaps = new List<string>();
        (List<string> Agents, List<(bool, string)> Rules, TimeSpan? Delay)? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (!lastWasAgent || current is null)
                    {
                        current = ([], [], null);
                        groups.Add(current.Value);
                    }
                    current.Value.Agents.Add(value.ToLowerInvariant());
                    lastWasAgent = true;
                    continue;
                case "allow" or "disallow" when current is not null:
                    if (value.Length > 0) current.Value.Rules.Add((key == "allow", value));
                    break;
                case "crawl-delay" when current is not null:
                    if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        var index = groups.IndexOf(current.Value);
                        current = (current.Value.Agents, current.Value.Rules, TimeSpan.FromSeconds(seconds));
                        groups[index] = current.Value;
                    }
                    break;
                case "sitemap":
                    if (value.Length > 0) sitemaps.Add(value);
                    break;
            }
            lastWasAgent = false;
        }

        var token = userAgent.ToLowerInvariant();
        var chosen = groups.Where(g => g.Agents.Any(a => a != "*" && token.Contains(a))).ToList();
        if (chosen.Count == 0) chosen = groups.Where(g => g.Agents.Contains("*")).ToList();
        var rules = chosen.SelectMany(g => g.Rules).ToList();
        var delay = chosen.Select(g => g.Delay).FirstOrDefault(d => d is not null);
        return new RobotsTxt(rules, delay, sitemaps);
    }

    /// <summary>Whether a path (with its query, percent-encoded as in the URL) may be crawled.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        if (pathAndQuery.Length == 0) pathAndQuery = "/";
        var bestLength = -1;
        var allowed = true;
        foreach (var (allow, pattern) in _rules)
        {
            if (!Matches(pattern, pathAndQuery)) continue;
            if (pattern.Length > bestLength || (pattern.Length == bestLength && allow))
            {
                bestLength = pattern.Length;
                allowed = allow;
            }
        }
        return allowed;
    }

    public bool IsAllowed(Uri url) => IsAllowed(url.PathAndQuery);

    /// <summary>
    /// Prefix match with <c>*</c> (any run) and a final <c>$</c> (end of path). Linear, not backtracking: the pattern is
    /// cut at its stars into literal pieces, and each piece is placed at its leftmost occurrence after the previous one
    /// (for patterns whose only wildcard is <c>*</c>, leftmost placement never loses a match: it leaves the most room
    /// for the rest). The last piece of a <c>$</c> pattern must end the path. A line of 30 stars costs one pass.
    /// </summary>
    internal static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        var pieces = pattern.Split('*');
        if (!path.StartsWith(pieces[0], StringComparison.Ordinal)) return false;
        if (pieces.Length == 1) return !anchored || path.Length == pieces[0].Length;
        var position = pieces[0].Length;
        var last = pieces.Length - 1;
        for (var i = 1; i < last; i++)
        {
            if (pieces[i].Length == 0) continue;
            var found = path.IndexOf(pieces[i], position, StringComparison.Ordinal);
            if (found < 0) return false;
            position = found + pieces[i].Length;
        }
        var tail = pieces[last];
        return anchored
            ? path.Length - tail.Length >= position && path.EndsWith(tail, StringComparison.Ordinal)
            : tail.Length == 0 || path.IndexOf(tail, position, StringComparison.Ordinal) >= 0;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (allow, pattern) in _rules) sb.Append(allow ? "Allow: " : "Disallow: ").AppendLine(pattern);
        return sb.ToString();
    }
}
