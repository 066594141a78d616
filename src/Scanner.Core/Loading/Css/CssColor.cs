using System.Globalization;
using System.Text.RegularExpressions;

namespace Scanner.Core.Loading.Css;

/// <summary>
/// A colour value as the cascade reads it: what matters is its alpha (transparent text hides spam). Hex colours and
/// the <c>rgb()</c>/<c>hsl()</c> functions become <c>rgba(r, g, b, a)</c>, <c>transparent</c> is <c>rgba(0, 0, 0, 0)</c>;
/// a keyword (a named colour, <c>currentcolor</c>) and the newer colour functions are kept as written (opaque).
/// </summary>
internal static partial class CssColor
{
    /// <summary>The colour in the cascade's form; null when a browser would reject it (a bad hex, a broken function).</summary>
    public static string? Normalize(string value)
    {
        if (value == "transparent") return "rgba(0, 0, 0, 0)";
        if (value.StartsWith('#')) return Hex(value[1..]);
        if (Function().Match(value) is { Success: true } f) return FromFunction(f.Groups["name"].Value, f.Groups["args"].Value);
        if (Keyword().IsMatch(value)) return value;
        return OtherFunction().IsMatch(value) ? value : null;
    }

    private static string? Hex(string digits)
    {
        if (digits.Length is not (3 or 4 or 6 or 8) || !digits.All(char.IsAsciiHexDigit)) return null;
        var pair = digits.Length > 4;
        int Channel(int i) => pair ? Convert.ToInt32(digits.Substring(i * 2, 2), 16) : Convert.ToInt32(new string(digits[i], 2), 16);
        var alpha = digits.Length is 4 or 8 ? Channel(3) / 255.0 : 1;
        return Rgba(Channel(0), Channel(1), Channel(2), alpha);
    }

    private static string? FromFunction(string name, string args)
    {
        var parts = args.Replace('/', ',').Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is not (3 or 4)) return null;
        double? alpha = parts.Length == 4 ? Fraction(parts[3], 1) : 1;
        if (alpha is null) return null;
        if (name.StartsWith("rgb"))
        {
            var channels = parts.Take(3).Select(p => Fraction(p, 255) is { } f ? f * (p.EndsWith('%') ? 255 : 1) : (double?)null).ToArray();
            if (channels.Any(c => c is null)) return null;
            return Rgba(channels[0]!.Value, channels[1]!.Value, channels[2]!.Value, alpha.Value);
        }
        // hsl: the hue in degrees, saturation and lightness in percent.
        if (!double.TryParse(parts[0].Replace("deg", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var hue)
            || Fraction(parts[1], 100) is not { } s || Fraction(parts[2], 100) is not { } l)
            return null;
        if (!parts[1].EndsWith('%')) s /= 100;
        if (!parts[2].EndsWith('%')) l /= 100;
        double Channel(double n)
        {
            var k = (n + hue / 30) % 12;
            if (k < 0) k += 12;
            return 255 * (l - s * Math.Min(l, 1 - l) * Math.Max(-1, Math.Min(k - 3, Math.Min(9 - k, 1))));
        }
        return Rgba(Channel(0), Channel(8), Channel(4), alpha.Value);
    }

    /// <summary>A number, or a percentage read as a fraction of 1; plain numbers as written (<paramref name="max"/> bounds them).</summary>
    private static double? Fraction(string text, double max)
    {
        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return null;
        return Math.Clamp(percent ? n / 100 : n, 0, percent ? 1 : max);
    }

    private static string Rgba(double r, double g, double b, double a) =>
        string.Create(CultureInfo.InvariantCulture, $"rgba({Math.Round(r)}, {Math.Round(g)}, {Math.Round(b)}, {Math.Round(a, 3)})");

    [GeneratedRegex(@"^(?<name>rgba?|hsla?)\((?<args>[^()]*)\)$")]
    private static partial Regex Function();

    [GeneratedRegex(@"^(?:hwb|lab|lch|oklab|oklch|color|color-mix|light-dark)\(.*\)$", RegexOptions.Singleline)]
    private static partial Regex OtherFunction();

    [GeneratedRegex(@"^[a-z]+$")]
    private static partial Regex Keyword();
}
