using System.Text.RegularExpressions;
using Scanner.Core.Analyzers.Emulation;
using Scanner.Core.Text;

namespace Scanner.Core.Analyzers;

public sealed partial class ScriptInjectionAnalyzer
{
    /// <summary>A script this short whose readable code loads a script is read as a whole when it hides a host.</summary>
    private const int ShortLoader = 4000;

    /// <summary>A pattern's match: its text and where it starts.</summary>
    private sealed record Found(string Value, int Index);

    /// <summary>
    /// What a script's code says without its page: the decoded layers, the signs of obfuscation, and every pattern the
    /// script rules test, with the hosts as written (which of them are another site's is the page's to say, in
    /// <see cref="AnalyzeText"/>). A site serves the same scripts on every page (its jquery.js and site.js, the same
    /// analytics snippet), so a scan reads each text once (<see cref="Readings"/>); the findings are still made per page,
    /// with its URL, selectors and link policy. A script the emulator runs is read anew on each page: what it does at run
    /// time may depend on the page's address.
    /// </summary>
    private sealed record Reading
    {
        public required IReadOnlyList<string> Layers { get; init; }
        public required IReadOnlyList<string> Obfuscation { get; init; }
        public required string Evidence { get; init; }
        public required bool Writes { get; init; }
        public required IReadOnlyList<string> MarkupLinkHosts { get; init; }
        public required string? HidingStyle { get; init; }
        /// <summary>Hosts named in URLs (lower case, with a dot), each once, in order.</summary>
        public required IReadOnlyList<string> UrlHosts { get; init; }
        public required bool LoadsScriptCall { get; init; }
        public required bool Sends { get; init; }
        public required IReadOnlyList<string> CardFields { get; init; }
        public required bool Checkout { get; init; }
        public required Found? Spider { get; init; }
        /// <summary>Within 600 characters after <see cref="Spider"/>: the navigation, the hosts named, whether it writes markup.</summary>
        public Found? SpiderNavigation { get; init; }
        public IReadOnlyList<string> SpiderHosts { get; init; } = [];
        public bool SpiderWrites { get; init; }
        public required Found? Fetch { get; init; }
        public IReadOnlyList<string> FetchedHosts { get; init; } = [];
        public Found? FetchWrite { get; init; }
        /// <summary>The decoded layers' own behaviour, read only for an obfuscated script.</summary>
        public IReadOnlyList<string> DecodedHosts { get; init; } = [];
        public bool DecodedLoads { get; init; }
        public bool DecodedSends { get; init; }
        public bool DecodedWrites { get; init; }
        public Found? DecodedNavigation { get; init; }
        public Found? Miner { get; init; }

        public string Decoded => string.Join("\n", Layers);
    }

    /// <summary>Readings of the scripts of this process that the emulator did not run, bounded at 8 M characters of script.</summary>
    private static readonly TextMemo<Reading> Readings = new(8_000_000);

    /// <summary>The reading of <paramref name="text"/>: remembered, or read now (drawing on the page's budgets).</summary>
    private static Reading Read(string text, string pageUrl, ScriptDecoder.Budget decoding, EmulationBudget emulation)
    {
        // The decoder remembers its layers and books them against this page's allowance as a fresh decode would.
        var layers = ScriptDecoder.Layers(text, decoding);
        if (Readings.TryGet(text, out var known) && SameLayers(known.Layers, layers)) return known;
        var obfuscation = ObfuscationSignals(text).ToList();
        // What an obfuscated script does only at run time (Emulation/): one more layer for the judgement.
        var runs = RunTimeLayers.WorthRunning(text, obfuscation.Count > 0);
        if (runs && RunTimeLayers.Of(text, text + "\n" + string.Join("\n", layers), obfuscation.Count > 0, pageUrl, emulation) is { } runTime)
        {
            layers = [.. layers, runTime.Layer];
            obfuscation.Add(runTime.Reason);
        }
        var reading = ReadNow(text, layers, obfuscation);
        if (!runs) Readings.Keep(text, reading, layers.Sum(l => (long)l.Length));
        return reading;
    }

    private static bool SameLayers(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.Zip(b).All(p => string.Equals(p.First, p.Second, StringComparison.Ordinal)));

    private static Reading ReadNow(string text, IReadOnlyList<string> layers, IReadOnlyList<string> obfuscation)
    {
        var all = layers.Count == 0 ? text : text + "\n" + string.Join("\n", layers);
        var reading = new Reading
        {
            Layers = layers,
            Obfuscation = obfuscation,
            Evidence = EvidenceOf(text, layers),
            Writes = WritesMarkup().IsMatch(all),
            MarkupLinkHosts = MarkupLink().Matches(all).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList(),
            HidingStyle = FoundIn(HidingStyle().Match(all))?.Value,
            UrlHosts = HostsIn(all),
            LoadsScriptCall = LoadsScript().IsMatch(all),
            Sends = Exfiltration().IsMatch(all),
            CardFields = CardFields().Matches(all).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList(),
            Checkout = CheckoutTest().IsMatch(all),
            // Every form of the test names the referrer or the user agent: the pattern's lazy windows are costly to try elsewhere.
            Spider = all.Contains("referrer", StringComparison.OrdinalIgnoreCase) || all.Contains("useragent", StringComparison.OrdinalIgnoreCase)
                ? FoundIn(SpiderTest().Match(all)) : null,
            Fetch = FoundIn(RemoteFetch().Match(all)),
        };
        if (reading.Spider is { } spider)
        {
            // The navigation or write that follows the test (not one anywhere in a big script).
            var after = all.Substring(spider.Index, Math.Min(600, all.Length - spider.Index));
            reading = reading with { SpiderNavigation = FoundIn(Navigation().Match(after)), SpiderHosts = HostsIn(after), SpiderWrites = WritesMarkup().IsMatch(after) };
        }
        if (reading.Fetch is { } fetch)
            reading = reading with
            {
                FetchedHosts = RemoteFetch().Matches(all).Select(m => m.Groups["host"].Value.ToLowerInvariant()).Distinct().ToList(),
                // The write must sit close to the request (its callback: after fetch(…).then, or set up before
                // xhr.open as onreadystatechange), not anywhere in a big script.
                FetchWrite = FoundIn(WritesFetched().Match(all[Math.Max(0, fetch.Index - 500)..Math.Min(all.Length, fetch.Index + fetch.Value.Length + 500)])),
            };
        if (obfuscation.Count > 0)
        {
            // What the hidden code does, read from the decoded layers only (the readable part of a big script says little).
            var decoded = reading.Decoded;
            reading = reading with
            {
                DecodedHosts = HostsIn(decoded),
                // A short loader (Balada-style: createElement('script'), src=String.fromCharCode(…)) says what it does in
                // its readable part and hides only the host, which the decoded layers name.
                DecodedLoads = LoadsScript().IsMatch(decoded) || all.Length <= ShortLoader && LoadsScript().IsMatch(all),
                DecodedSends = Exfiltration().IsMatch(decoded),
                DecodedWrites = WritesMarkup().IsMatch(decoded),
                DecodedNavigation = FoundIn(Navigation().Match(decoded)),
                Miner = FoundIn(Miner().Match(all)),
            };
        }
        return reading;
    }

    private static Found? FoundIn(Match m) => m.Success ? new Found(m.Value, m.Index) : null;

    /// <summary>The hosts named in URLs in <paramref name="code"/>: lower case, without a final dot, with a dot inside, each once.</summary>
    private static List<string> HostsIn(string code) =>
        UrlHost().Matches(code).Select(m => m.Groups["host"].Value.ToLowerInvariant().TrimEnd('.')).Where(h => h.Contains('.')).Distinct().ToList();
}
