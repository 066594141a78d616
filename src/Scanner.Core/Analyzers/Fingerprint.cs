using System.Security.Cryptography;
using System.Text;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Stable identity of a finding across runs: built only from what stays the same while the problem stays
/// the same (rule, page, the normalised terms or link target), never from positions or selectors.
/// </summary>
public static class Fingerprint
{
    public static string Of(params string?[] parts)
    {
        var joined = string.Join("\u001f", parts.Select(p => p ?? ""));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>
    /// The page identity used in fingerprints: scheme, host, path and query, without the fragment. On a loopback
    /// host the port is left out too: a local folder is served on a new ephemeral port every run, and a baseline
    /// made from one CI run must still recognise the next run's findings.
    /// </summary>
    public static string PageKey(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url;
        if (!uri.IsLoopback || uri.IsDefaultPort) return uri.GetLeftPart(UriPartial.Query);
        return new UriBuilder(uri) { Port = -1, Fragment = "" }.Uri.GetLeftPart(UriPartial.Query);
    }
}
