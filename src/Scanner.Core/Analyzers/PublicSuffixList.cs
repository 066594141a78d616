namespace Scanner.Core.Analyzers;

/// <summary>
/// The public-suffix list (publicsuffix.org) as Debian ships it (package <c>publicsuffix</c>,
/// /usr/share/publicsuffix/public_suffix_list.dat): which part of a host is a public suffix (com, gov.cn,
/// github.io), so that the registrable domain is that suffix plus one label. Rules, wildcards (*.ck) and
/// exceptions (!www.ck) follow the list's published algorithm.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's package puts the list; SCANNER_PUBLIC_SUFFIX_LIST names another copy.</summary>
    public static readonly string[] DefaultLocations =
    [
        "/usr/share/publicsuffix/public_suffix_list.dat",
        "/usr/share/publicsuffix/effective_tld_names.dat",
    ];

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcards;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions, string source)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
        Source = source;
    }

    public string Source { get; }
    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    private static readonly Lazy<PublicSuffixList?> Installed = new(() =>
    {
        var configured = Environment.GetEnvironmentVariable("SCANNER_PUBLIC_SUFFIX_LIST");
        foreach (var path in (configured is null ? [] : new[] { configured }).Concat(DefaultLocations))
            if (File.Exists(path)) return Parse(File.ReadLines(path), path);
        return null;
    });

    /// <summary>The list found on this machine, or null (then <see cref="SiteDomain"/> falls back to a heuristic).</summary>
    public static PublicSuffixList? Default => Installed.Value;

    public static PublicSuffixList Parse(IEnumerable<string> lines, string source)
    {
        var rules = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exceptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            line = line.Split(' ', '\t')[0];
            if (line.StartsWith("!", StringComparison.Ordinal)) exceptions.Add(line[1..]);
            else if (line.StartsWith("*.", StringComparison.Ordinal)) wildcards.Add(line[2..]);
            else rules.Add(line);
        }
        return new PublicSuffixList(rules, wildcards, exceptions, source);
    }

    /// <summary>The registrable domain of <paramref name="host"/> (example.com, yongzhou.gov.cn), or the host itself when it is a public suffix.</summary>
    public string RegistrableDomain(string host)
    {
        var labels = host.ToLowerInvariant().TrimEnd('.').Split('.');
        var suffixLength = 1; // the implicit "*" rule: an unknown TLD is a suffix of one label
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (_exceptions.Contains(candidate)) { suffixLength = labels.Length - i - 1; break; }
            if (_rules.Contains(candidate)) { suffixLength = Math.Max(suffixLength, labels.Length - i); break; }
            if (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..])))
            {
                suffixLength = Math.Max(suffixLength, labels.Length - i);
                break;
            }
        }
        var take = Math.Min(labels.Length, suffixLength + 1);
        return string.Join('.', labels[^take..]);
    }
}
