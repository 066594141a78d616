using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Registrable domains whose name is digits or a jumble rather than a word: what link farms are built from
/// (8888js.com, a3k9x.cc, 0371xh.net, qzxwvk.com). Short names (163.com, 58.com, 51.la) and well-known hosts are not
/// judged by this; a corroborating signal only, never a verdict on its own.
/// </summary>
public static partial class RandomLookingDomain
{
    public static bool Is(string registrableDomain)
    {
        var name = registrableDomain.Split('.')[0].ToLowerInvariant();
        if (name.Length < 4 || name.StartsWith("xn--", StringComparison.Ordinal)) return false;
        var digits = name.Count(char.IsAsciiDigit);
        var letters = name.Where(char.IsAsciiLetter).ToArray();
        if (digits == name.Length) return name.Length >= 4;            // 8888.com, 36524.net
        if (digits >= 3 && letters.Length >= 1) return true;            // vip8888, js0371x
        if (digits >= 1 && letters.Length >= 4 && !letters.Any(c => "aeiouy".Contains(c))) return true; // c6jtn7, x8kqz: no word in it
        if (letters.Length >= 6 && letters.Count(c => "aeiouy".Contains(c)) * 6 < letters.Length) return true; // qzxwvkpt: under 1 vowel in 6
        return ConsonantRun().IsMatch(name);
    }

    [GeneratedRegex("[bcdfghjklmnpqrstvwxz]{6,}")]
    private static partial Regex ConsonantRun();
}
