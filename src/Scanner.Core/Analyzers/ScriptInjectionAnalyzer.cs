using System.Text.RegularExpressions;
using Scanner.Core.Analyzers.Emulation;
using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Rules <c>script.*</c>: what a page's scripts do, read statically from their text and from the layers
/// <see cref="ScriptDecoder"/> peels off, and for obfuscated scripts from what they did when run in the sandbox of
/// <see cref="Emulation.ScriptEmulator"/> (<see cref="Emulation.RunTimeLayers"/>). One script gets at most one finding of each rule:
/// <list type="bullet">
/// <item><c>script.writes-links</c>: writes markup (document.write, innerHTML…) holding links to other sites. Critical when
///   the markup also hides them or holds spam terms; high for 3+ links; medium for one or two.</item>
/// <item><c>script.search-engine-cloaking</c>: tests <c>document.referrer</c> for a search engine or
///   <c>navigator.userAgent</c> for a spider. High when it then navigates or writes markup (critical when the
///   navigation goes to another site); medium alone.</item>
/// <item><c>script.skimmer</c>: reads payment-card fields and sends data or loads code from elsewhere, or loads code from
///   another host only on checkout pages. High; critical when obfuscated.</item>
/// <item><c>script.obfuscated</c>: packers, decoders of long blobs, long escaped strings, obfuscator.io arrays — when no
///   rule above already fired for the script. High when the decoded payload loads a script from another host, writes
///   markup, navigates or sends data; medium otherwise.</item>
/// <item><c>script.external-host</c>: a <c>&lt;script src&gt;</c> from a host that imitates a well-known library or service
///   (jquery-code.su, g-analytics.com, mage-cdn.link): high; on the denied list: critical; under a suspicious TLD: medium.
///   A random-looking name (<see cref="RandomLookingDomain"/>) or a suspicious TLD corroborated by the other, or by a place
///   outside the document (<see cref="ScriptPlacement"/>): high; by being the first script of <c>&lt;head&gt;</c>: medium.
///   Other hosts outside the link policy's allowed list are listed once per page at info.</item>
/// </list>
/// </summary>
public sealed partial class ScriptInjectionAnalyzer : IPageAnalyzer
{
    public const string WritesLinksRule = "script.writes-links";
    public const string CloakingRule = "script.search-engine-cloaking";
    public const string SkimmerRule = "script.skimmer";
    public const string ObfuscatedRule = "script.obfuscated";
    public const string ExternalHostRule = "script.external-host";
    public const string FetchesMarkupRule = "script.fetches-markup";

    public static readonly RuleDescriptor WritesLinks = RuleCatalogue.ScriptWritesLinks;
    public static readonly RuleDescriptor Cloaking = RuleCatalogue.ScriptSearchEngineCloaking;
    public static readonly RuleDescriptor Skimmer = RuleCatalogue.ScriptSkimmer;
    public static readonly RuleDescriptor Obfuscated = RuleCatalogue.ScriptObfuscated;
    public static readonly RuleDescriptor ExternalHost = RuleCatalogue.ScriptExternalHost;

    public static readonly RuleDescriptor FetchesMarkup = RuleCatalogue.ScriptFetchesMarkup;

    public IEnumerable<RuleDescriptor> DescribeRules(RuleSet rules) => [WritesLinks, Cloaking, Skimmer, Obfuscated, ExternalHost, FetchesMarkup];

    public IEnumerable<Finding> Analyze(PageSnapshot page, RuleSet rules)
    {
        var otherHosts = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var decoding = new ScriptDecoder.Budget(); // one allowance for all the page's scripts
        var emulation = new EmulationBudget(); // one emulation allowance too
        foreach (var script in page.Scripts)
        {
            if (script.Src is { } src)
            {
                var finding = AnalyzeSource(page, rules, script, src, otherHosts);
                if (finding is not null) yield return finding;
            }
            // Inline code, or the code of an external script the loader brought in (named in the reasons and evidence).
            if (ScriptCode.Of(script, page, rules) is { } code)
            {
                var from = ScriptCode.ExternalSource(script, page, rules);
                foreach (var finding in AnalyzeText(page, rules, script.Selector, code, decoding, emulation, from is not null)) yield return ScriptCode.Located(finding, from, inEvidence: true);
            }
        }
        if (otherHosts.Count > 0)
            yield return Signals.Make(ExternalHost, page, Severity.Info, null, string.Join(", ", otherHosts),
                [$"{otherHosts.Count} script host(s) outside the allowed list: {string.Join(", ", otherHosts)}",
                 "a note: add the hosts you trust to allowedDomains in the link policy"],
                "hosts", matched: string.Join(", ", otherHosts));
    }

    private static Finding? AnalyzeSource(PageSnapshot page, RuleSet rules, PageScript script, string src, ISet<string> otherHosts)
    {
        var host = Signals.UntrustedExternalHost(src, page, rules);
        if (host is null) return null;
        var reasons = new List<string?> { $"<script src> from {host}, another site" };
        Severity? severity = null;
        if (rules.LinkPolicy.DeniedDomainFor(host) is { } denied) { reasons.Add($"{host} is under the denied domain {denied}"); severity = Severity.Critical; }
        if (ImitatedBrand(host, rules) is { } brand) { reasons.Add($"{SiteDomain.Of(host)} borrows the name '{brand}' but is not its owner's domain"); severity ??= Severity.High; }
        // Corroboration (issue 14): a random-looking name, a suspicious TLD and an injector's place in the served HTML. One
        // alone proves little (ad and tracking hosts have odd names, saved pages odd orders). A random name under a
        // suspicious TLD, or either outside the document, is high; either as the first script of <head>, medium.
        var tld = rules.LinkPolicy.SuspiciousTldOf(host);
        if (tld is not null) { reasons.Add($"top-level domain .{tld} is on the suspicious list"); severity ??= Severity.Medium; }
        var random = RandomLookingDomain.Is(SiteDomain.Of(host));
        if (random) reasons.Add($"{SiteDomain.Of(host)} looks random (digits and a jumble of letters, not a name)");
        var place = random || tld is not null ? ScriptPlacement.UnusualPlaceOf(page, src) : null;
        if (place is not null) reasons.Add($"loaded {place}, where a site's template puts no third-party script");
        if ((random && tld is not null) || (place is not null && place != ScriptPlacement.FirstInHead))
        {
            reasons.Add("corroborated: the one line an attacker adds to a hacked template");
            severity = Signals.Max(severity ?? Severity.High, Severity.High);
        }
        else if (place is not null) severity = Signals.Max(severity ?? Severity.Medium, Severity.Medium);
        if (severity is null) { otherHosts.Add(host); return null; }
        return Signals.Make(ExternalHost, page, severity.Value, script.Selector, src, reasons, host, matched: host, linkHref: src);
    }

    /// <summary>The well-known name a host imitates (jquery in jquery-code.su), or null. The domains that really own the
    /// names: scripts.genuineOwners in rules/detectors.yaml.</summary>
    public static string? ImitatedBrand(string host, RuleSet rules)
    {
        var site = SiteDomain.Of(host).ToLowerInvariant();
        if (rules.Detectors.Get(ScriptSettings.GenuineOwners).Contains(site)) return null;
        var m = Brand().Match(site);
        return m.Success ? m.Value.Trim('-', '.') : null;
    }

    /// <param name="externalFile">The code of an external script file (<see cref="ScriptCode"/>), not inline code.</param>
    private IEnumerable<Finding> AnalyzeText(PageSnapshot page, RuleSet rules, string selector, string text, ScriptDecoder.Budget decoding,
        EmulationBudget emulation, bool externalFile)
    {
        var read = Read(text, page.EffectiveUrl, decoding, emulation);
        var (layers, obfuscation, evidence) = (read.Layers, read.Obfuscation, read.Evidence);
        bool Untrusted(string host) => Signals.UntrustedExternalHost("http://" + host + "/", page, rules) is not null;
        var writes = read.Writes;
        var linkHosts = read.MarkupLinkHosts.Where(Untrusted).ToList();
        var hidingStyle = read.HidingStyle;
        var urlHosts = read.UrlHosts.Where(Untrusted).ToList();
        var loadsScript = read.LoadsScriptCall && urlHosts.Count > 0;
        var sends = read.Sends;
        var cardFields = read.CardFields;
        var checkout = read.Checkout;
        var spider = read.Spider;
        var decoded = read.Decoded;
        var spam = SpamTerms.In(decoded.Length > 0 ? decoded : text, rules);
        var handled = false;
        string HostsNote() => urlHosts.Count == 0 ? "" : $" (hosts named: {string.Join(", ", urlHosts.Take(5))})";

        // 1. Writes links to other sites.
        if (writes && linkHosts.Count > 0)
        {
            var reasons = new List<string?> { $"writes markup with links to {linkHosts.Count} other site(s): {string.Join(", ", linkHosts.Take(8))}" };
            var severity = linkHosts.Count >= 3 ? Severity.High : Severity.Medium;
            if (hidingStyle is not null) { reasons.Add($"the written markup hides them (\"{hidingStyle}\")"); severity = Severity.Critical; }
            if (spam.Any) { reasons.Add("the written markup holds " + spam.Describe()); severity = Severity.Critical; }
            if (obfuscation.Count > 0) { reasons.Add("obfuscated: " + string.Join("; ", obfuscation)); severity = Signals.Max(severity, Severity.High); }
            if (externalFile && severity == Severity.High && reasons.Count == 1 && !linkHosts.Any(h => RandomLookingDomain.Is(SiteDomain.Of(h))))
            {
                // A script file of its own that writes plain links in the open: a site's shared footer or widget does that.
                reasons.Add("a script file that writes visible links to ordinary domains, without spam terms: a shared footer or widget does that too");
                severity = Severity.Medium;
            }
            handled = true;
            yield return Signals.Make(WritesLinks, page, severity, selector, evidence, reasons, string.Join("|", linkHosts.Order(StringComparer.Ordinal)),
                matched: string.Join(", ", linkHosts), category: spam.Any ? spam.Category : null);
        }

        // 1b. Fetches a remote document and writes it into the page.
        var fetchedHosts = read.FetchedHosts.Where(Untrusted).ToList();
        if (fetchedHosts.Count > 0 && read.Fetch is { } fetch && read.FetchWrite is { } write)
        {
            var reasons = new List<string?>
            {
                $"requests a document from {string.Join(", ", fetchedHosts.Take(5))} (\"{Signals.Clip(fetch.Value, 80)}\")",
                $"and writes the answer into the page (\"{Signals.Clip(write.Value, 60)}\")",
            };
            var severity = Severity.High;
            if (hidingStyle is not null) { reasons.Add($"into hidden markup (\"{hidingStyle}\")"); severity = Severity.Critical; }
            if (fetchedHosts.FirstOrDefault(h => rules.LinkPolicy.DeniedDomainFor(h) is not null || rules.LinkPolicy.SuspiciousTldOf(h) is not null
                    || RandomLookingDomain.Is(SiteDomain.Of(h))) is { } bad) { reasons.Add($"{bad} is denied, under a suspicious TLD or random-looking"); severity = Severity.Critical; }
            if (spam.Any) { reasons.Add("the code holds " + spam.Describe()); severity = Severity.Critical; }
            if (obfuscation.Count > 0) reasons.Add("obfuscated: " + string.Join("; ", obfuscation));
            handled = true;
            yield return Signals.Make(FetchesMarkup, page, severity, selector, evidence, reasons, string.Join("|", fetchedHosts.Order(StringComparer.Ordinal)),
                matched: string.Join(", ", fetchedHosts), linkHref: "http://" + fetchedHosts[0] + "/");
        }

        // 2. Search-engine cloaking.
        if (spider is not null)
        {
            var reasons = new List<string?> { $"tests for search engines: \"{Signals.Clip(spider.Value, 80)}\"" };
            var severity = Severity.Medium;
            // The navigation or write that follows the test (not one anywhere in a big script).
            if (read.SpiderNavigation is { } navigatesAfter)
            {
                var external = read.SpiderHosts.Any(Untrusted);
                reasons.Add($"then navigates (\"{navigatesAfter.Value}\"){(external ? HostsNote() : " within the site")}");
                // Sending search visitors to another page of the same site is how some sites route mobile and
                // campaign traffic: worth a look, not an injection by itself.
                severity = external ? Severity.Critical : Severity.Medium;
            }
            else if (read.SpiderWrites) { reasons.Add("then writes markup"); severity = Severity.High; }
            if (obfuscation.Count > 0) reasons.Add("obfuscated: " + string.Join("; ", obfuscation));
            handled = true;
            yield return Signals.Make(Cloaking, page, severity, selector, evidence, reasons, spider.Value + "|" + string.Join("|", urlHosts.Order(StringComparer.Ordinal)),
                matched: spider.Value);
        }

        // 3. Skimmers.
        var skims = cardFields.Count > 0 && (sends || loadsScript || urlHosts.Count > 0);
        var checkoutLoader = checkout && (loadsScript || (sends && urlHosts.Count > 0));
        if (skims || checkoutLoader)
        {
            var reasons = new List<string?>();
            if (cardFields.Count > 0) reasons.Add("reads payment fields: " + string.Join(", ", cardFields));
            if (checkout) reasons.Add("acts only on checkout pages (tests the location for checkout/onepage)");
            if (sends) reasons.Add("sends data out (XMLHttpRequest, ajax, beacon or image request)" + HostsNote());
            else if (loadsScript) reasons.Add("loads a script from another host" + HostsNote());
            var severity = Severity.High;
            if (obfuscation.Count > 0) { reasons.Add("obfuscated: " + string.Join("; ", obfuscation)); severity = Severity.Critical; }
            handled = true;
            yield return Signals.Make(Skimmer, page, severity, selector, evidence, reasons, string.Join("|", cardFields.Concat(urlHosts).Order(StringComparer.Ordinal)),
                matched: string.Join(", ", urlHosts.Take(5)));
        }

        // 4. Obfuscation on its own.
        if (!handled && obfuscation.Count > 0)
        {
            var reasons = new List<string?> { "obfuscated: " + string.Join("; ", obfuscation) };
            var severity = Severity.Medium;
            // What the hidden code does, read from the decoded layers only (the readable part of a big script says little).
            var decodedHosts = read.DecodedHosts.Where(Untrusted).ToList();
            var payload = new List<string>();
            var opaqueLoader = obfuscation.Count >= 2 || obfuscation.Any(o => o.StartsWith("p,a,c,k", StringComparison.Ordinal) || o.StartsWith("eval", StringComparison.Ordinal));
            if (decodedHosts.Count > 0 && read.DecodedLoads) payload.Add($"the decoded code loads a script from another host ({string.Join(", ", decodedHosts.Take(5))})");
            if (decodedHosts.Count > 0 && read.DecodedSends) payload.Add($"the decoded code sends data to another host ({string.Join(", ", decodedHosts.Take(5))})");
            if (read.DecodedWrites && opaqueLoader)
            {
                // An e-mail address or a clock written by packed code is inert; anything that could carry spam stays a payload.
                if (InertMarkupWrite.Of(read.Decoded, read.DecodedHosts) is { } inert) reasons.Add(inert);
                else payload.Add("the decoded code writes markup");
            }
            if (read.DecodedNavigation is { } nav && opaqueLoader) payload.Add($"the decoded code navigates (\"{nav.Value}\")");
            if (read.Miner is { } miner) payload.Add($"a cryptocurrency miner (\"{miner.Value}\")");
            if (payload.Count > 0) { reasons.AddRange(payload); severity = Severity.High; }
            else if (layers.Count > 0 && decodedHosts.Count == 0 && read.DecodedHosts.FirstOrDefault(rules.LinkPolicy.IsWellKnown) is { } known)
            {
                // A packed tracker snippet: the unpacked code only talks to a well-known analytics service.
                reasons.Add($"the decoded code only names well-known hosts ({known}) and does nothing else suspicious");
                severity = Severity.Low;
            }
            if (spam.Any) { reasons.Add("the decoded text holds " + spam.Describe()); severity = Severity.Critical; }
            yield return Signals.Make(Obfuscated, page, severity, selector, evidence, reasons,
                string.Join("|", obfuscation.Select(o => o.Split(':')[0])) + "|" + string.Join("|", urlHosts.Order(StringComparer.Ordinal)),
                matched: urlHosts.Count > 0 ? string.Join(", ", urlHosts.Take(5)) : null);
        }
    }

    private static IEnumerable<string> ObfuscationSignals(string text)
    {
        if (Packer().IsMatch(text)) yield return "p,a,c,k,e,d packer (eval(function(p,a,c,k,e,…))";
        if (EvalOfDecoder().Match(text) is { Success: true } evalOf) yield return $"eval of decoded text ({evalOf.Groups[1].Value})";
        // Letters and digits written as \x73 or \u0073: JSON encoders escape CJK and markup, never plain ASCII letters.
        var escapes = 0;
        foreach (var m in EscapeToken().EnumerateMatches(text))
            if (char.IsAsciiLetterOrDigit((char)int.Parse(text.AsSpan(m.Index + m.Length - 2, 2), System.Globalization.NumberStyles.AllowHexSpecifier))) escapes++;
        if (escapes >= 40 && AsciiEscapeRun().IsMatch(text)) yield return $"{escapes} ASCII letters and digits written as \\x/\\u escapes";
        if (ObfuscatorName().Count(text) >= 3) yield return "obfuscator.io-style names (_0x…)";
        if (LongCharCodes().IsMatch(text)) yield return "String.fromCharCode of a long list of numbers";
        if (LongAtob().IsMatch(text)) yield return "atob of a long base64 blob";
        if (PercentUnescape().IsMatch(text)) yield return "unescape of a long %-encoded string";
        if (ShiftDecoder().IsMatch(text)) yield return "a character-shifting decoder (fromCharCode of charCodeAt ± n)";
        var opaque = ScriptDecoder.LiteralsOfAtLeast(text, 1000).FirstOrDefault(IsOpaqueBlob);
        if (opaque is not null) yield return $"an opaque {opaque.Length}-character string literal";
    }

    /// <summary>A long literal with no spaces or commas and many symbol characters: an encrypted payload, not data.</summary>
    private static bool IsOpaqueBlob(string s)
    {
        if (s.Length < 1000 || s.Contains(' ') || s.Contains(',') || s.StartsWith("data:", StringComparison.Ordinal)) return false;
        var symbols = s.Count(c => !char.IsLetterOrDigit(c) && c is not ('/' or '+' or '=' or '\\' or '_' or '-' or '.'));
        return symbols * 8 > s.Length;
    }

    private static string EvidenceOf(string text, IReadOnlyList<string> layers)
    {
        var head = Signals.Clip(text.Trim(), 200);
        if (layers.Count == 0) return head;
        return head + "\n… decodes to: " + DecodedExcerpt(layers[^1]);
    }

    /// <summary>
    /// The decoded script as a person reads it: its meaningful lines (not blank, not lone braces and semicolons)
    /// around the first call that does something (writes markup, navigates, loads a script, sends data), a few lines
    /// either side, about 300 characters; a beautified payload's first 300 characters are mostly braces.
    /// </summary>
    private static string DecodedExcerpt(string decoded)
    {
        var lines = decoded.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !OnlyPunctuation().IsMatch(l)).ToList();
        if (lines.Count == 0) return Signals.Clip(decoded.Trim(), 300);
        var bad = lines.FindIndex(l => WritesMarkup().IsMatch(l) || Navigation().IsMatch(l) || LoadsScript().IsMatch(l) || Exfiltration().IsMatch(l));
        var first = Math.Max(0, bad - 2);
        var excerpt = new List<string>();
        var length = 0;
        for (var i = first; i < lines.Count && (i <= bad + 2 || bad < 0) && length < 300; i++)
        {
            excerpt.Add(Signals.Clip(lines[i], 160));
            length += excerpt[^1].Length + 1;
        }
        return (first > 0 ? "…\n" : "") + Signals.Clip(string.Join("\n", excerpt), 320) + (first + excerpt.Count < lines.Count ? "\n…" : "");
    }

    [GeneratedRegex(@"^[\s{}()\[\];,]*$")]
    private static partial Regex OnlyPunctuation();

    [GeneratedRegex(@"^(?:jquery|google|g-analytic|gstatic|magento|mage|cdnjs|bootstrap|cloudflare|paypal|braintree|stripe)|-(?:jquery|google|analytics|magento)|(?:jquery|google|magento)-", RegexOptions.IgnoreCase)]
    private static partial Regex Brand();

    [GeneratedRegex(@"document\s*\.\s*write(?:ln)?\s*\(|\[\s*['""]write(?:ln)?['""]\s*\]\s*\(|\.innerHTML\s*\+?=|insertAdjacentHTML|\.html\s*\(\s*['""]\s*<|\.append\s*\(\s*['""]\s*<", RegexOptions.IgnoreCase)]
    private static partial Regex WritesMarkup();

    [GeneratedRegex(@"(?:\bfetch\s*\(|\.open\s*\(\s*['""]GET['""]\s*,|\$\.(?:get|ajax|post)\s*\(|jQuery\.(?:get|ajax|post)\s*\(|\.load\s*\(|\burl\s*:)\s*['""](?:https?:)?//(?<host>[a-z0-9][a-z0-9.-]*\.[a-z]{2,})", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteFetch();

    [GeneratedRegex(@"\.innerHTML\s*\+?=|document\s*\.\s*write(?:ln)?\s*\(|insertAdjacentHTML|\.html\s*\(|\.append\s*\(|\.load\s*\(|\.outerHTML\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex WritesFetched();

    [GeneratedRegex(@"<a\b[^>]*?href\s*=\s*\\?['""]?(?:https?:)?//([a-z0-9][a-z0-9.-]*\.[a-z]{2,})", RegexOptions.IgnoreCase)]
    private static partial Regex MarkupLink();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top)\s*:\s*-\d{3,}|text-indent\s*:\s*-\d{3,}|font-size\s*:\s*0(?:px)?\s*[;'""]|(?:width|height)\s*:\s*[01]px\s*;\s*overflow\s*:\s*hidden|overflow\s*:\s*hidden\s*;\s*(?:width|height)\s*:\s*[01]px", RegexOptions.IgnoreCase)]
    private static partial Regex HidingStyle();

    [GeneratedRegex(@"(?:https?:)?//(?<host>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?=[/:'""?\s\\]|$)|['""](?<host>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})/[\w./-]*\.(?:php|js|aspx?|jsp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UrlHost();

    [GeneratedRegex(@"createElement\s*\(\s*\\?['""]script|<script[^>]*\bsrc\s*=|\$\.getScript|jQuery\.getScript|\.src\s*=|\[\s*['""]src['""]\s*\]\s*=(?!=)", RegexOptions.IgnoreCase)]
    private static partial Regex LoadsScript();

    [GeneratedRegex(@"XMLHttpRequest|sendBeacon|\bnew\s+Image\s*\(|\$\.(?:post|ajax|get)\s*\(|jQuery\.(?:post|ajax|get)\s*\(|\.ajax\s*\(|\bfetch\s*\(|\.post\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex Exfiltration();

    [GeneratedRegex(@"(?:window\.|top\.|self\.|document\.)?location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(|window\.open\s*\(|http-equiv\s*=\s*\\?['""]?refresh", RegexOptions.IgnoreCase)]
    private static partial Regex Navigation();

    [GeneratedRegex(@"cc_number|cc_cid|cc_exp\w*|cc_owner|card[_-]?number|cardnumber|\bcvv2?\b|\bcvc\b|payment\[cc|billing[:\[]\w*|authorizenet_cc\w*|credit_?card|securitycode|(?:billing|payment)\s*\.\s*(?:form|save)\b|input,\s*select,\s*textarea", RegexOptions.IgnoreCase)]
    private static partial Regex CardFields();

    [GeneratedRegex(@"\bCoinHive\b|coinhive\.min\.js|CryptoLoot|\bCRLT\.Anonymous|deepMiner|\bminero\.cc|webminepool", RegexOptions.IgnoreCase)]
    private static partial Regex Miner();

    [GeneratedRegex(@"onepage|checkout|onestep", RegexOptions.IgnoreCase)]
    private static partial Regex CheckoutTest();

    [GeneratedRegex(@"(?:document\.referrer|\breferrer\b)(?:(?!function)[\s\S]){0,150}?(?:baidu|google|sogou|so\.com|sm\.cn|bing|yahoo|soso|youdao|haosou|toutiao|yandex)|(?:baidu|google|sogou|so\.com|sm\.cn|bing|yahoo|soso|youdao|haosou|toutiao|yandex)(?:(?!function)[\s\S]){0,150}?(?:document\.referrer)|navigator\.userAgent(?:(?!function)[\s\S]){0,150}?(?:spider|bot\b|bot/|crawl|slurp)|(?:baiduspider|googlebot|sogou web spider|360spider|bingbot|yisouspider|bytespider)[^;{}]{0,200}?navigator\.userAgent", RegexOptions.IgnoreCase)]
    private static partial Regex SpiderTest();

    [GeneratedRegex(@"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[a-z]\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Packer();

    [GeneratedRegex(@"(?:\beval|\[\s*['""]eval['""]\s*\]|\bnew\s+Function)\s*\(\s*[^;]{0,40}?(\batob\b|fromCharCode|\bunescape\b|\.replace\s*\(\s*/\./g|['""]atob['""]|String\s*\[)", RegexOptions.IgnoreCase)]
    private static partial Regex EvalOfDecoder();

    [GeneratedRegex(@"\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}")]
    private static partial Regex EscapeToken();

    // Eight escaped ASCII characters in a row: JSON never writes \x, nor letters as \u00XX.
    [GeneratedRegex(@"(?:\\x[0-9A-Fa-f]{2}){8,}|(?:\\u00[0-7][0-9A-Fa-f]){8,}")]
    private static partial Regex AsciiEscapeRun();

    [GeneratedRegex(@"\b_0x[0-9a-f]{4,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatorName();

    [GeneratedRegex(@"fromCharCode['""\]]*\s*\(\s*(?:\d{1,5}\s*,\s*){40,}")]
    private static partial Regex LongCharCodes();

    [GeneratedRegex(@"atob['""\]]*\s*\(\s*['""][A-Za-z0-9+/=]{80,}")]
    private static partial Regex LongAtob();

    [GeneratedRegex(@"unescape\s*\(\s*['""](?:%u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}){20,}", RegexOptions.IgnoreCase)]
    private static partial Regex PercentUnescape();

    [GeneratedRegex(@"fromCharCode\s*\([^()]*charCodeAt\s*\([^()]*\)\s*[-+^]|fromCharCode\s*\(\s*\w+\s*[-+^]\s*\d", RegexOptions.IgnoreCase)]
    private static partial Regex ShiftDecoder();
}
