using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Analyzers;

/// <summary>
/// Every rule any scan can report, in one place (Roslyn's DiagnosticDescriptor is the model): id, title, category, the
/// severities it can report and how they are decided, help, where it is documented and which class reports it.
/// Analyzers, <see cref="CloakingAnalyzer"/> and <see cref="LinkCheckRules"/> take their descriptors from here;
/// `scanner rules list`, SARIF's tool.driver.rules and the rule tables of README.md and rules/README.md come from here
/// (tests/Scanner.Core.Tests/Rules/RuleCatalogueTests.cs keeps the tables in step).
/// Keyword rules (<c>keyword.{pack}</c>) are one per loaded pack: <see cref="Keyword"/> describes them.
/// </summary>
public static class RuleCatalogue
{
    private const string DetectorsDoc = "docs/detectors.md";
    private const string RulesDoc = "rules/README.md";

    private static Severity[] Of(params Severity[] severities) => severities.Distinct().Order().ToArray();

    // ---- keyword packs and link policy (rules/*.yaml) -----------------------------------------------------------------

    /// <summary>The family row of the tables: one rule per pack, <c>keyword.porn</c>, <c>keyword.gambling</c>, ...</summary>
    public static RuleDescriptor KeywordFamily { get; } = new("keyword.{pack}", "Spam terms of a keyword pack", "(the pack's)", Severity.High,
        "The page's title or a text block holds terms of a keyword pack (rules/*.yaml, --keywords, scanner rules import).")
    {
        Severities = Of(Severity.Info, Severity.Low, Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "the highest matched term's severity (the pack's, or the term's own); at least high with 3+ distinct terms in one block; "
                       + "capped (at medium by default) for a visible mention in a reporting context, an own-site headline or a sparse keyword list; critical when hidden",
        Producer = typeof(KeywordAnalyzer),
        DocAnchor = $"{RulesDoc}#keyword-pack-kind-keywords-the-default",
        UsesTermSeverities = true,
    };

    /// <summary>The rule of one loaded keyword pack: its severities are those of its terms, contexts and the block rules.</summary>
    public static RuleDescriptor Keyword(KeywordPack pack)
    {
        var termSeverities = pack.Terms.Select(t => t.Severity ?? pack.Severity).Append(pack.Severity).Distinct().ToList();
        var raised = termSeverities.Append(Severity.High).ToList();                    // 3+ distinct terms in one block
        var capped = pack.Contexts.Select(c => c.Cap).Concat(raised.Select(s => s < Severity.Medium ? s : Severity.Medium)); // contexts, headline, sparse list
        return KeywordFamily with
        {
            Id = pack.RuleId,
            Title = string.IsNullOrEmpty(pack.Title) ? $"Terms of the '{pack.Category}' category" : pack.Title,
            Category = pack.Category,
            DefaultSeverity = pack.Severity,
            Help = string.IsNullOrEmpty(pack.Help) ? $"The page contains terms from the rule pack {pack.SourceFile}." : pack.Help,
            Severities = Of([.. raised, .. capped, Severity.Critical]),
        };
    }

    public static RuleDescriptor LinkDeniedDomain { get; } = new(LinkPolicyAnalyzer.DeniedDomainRule, "Link to a denied domain", "link", Severity.High,
        "The page links to a domain on the denied list of the link policy. Critical when the link is hidden.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when the link is hidden",
        Producer = typeof(LinkPolicyAnalyzer),
        DocAnchor = $"{RulesDoc}#link-policy-kind-link-policy",
    };

    public static RuleDescriptor LinkSpamAnchor { get; } = new(LinkPolicyAnalyzer.SpamAnchorRule, "External link with spam anchor text", "link", Severity.High,
        "An external link whose visible text holds terms of a denied category: the classic SEO back-link (暗链). Critical when hidden.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "the anchor's highest term severity; critical when the link is hidden",
        Producer = typeof(LinkPolicyAnalyzer),
        DocAnchor = $"{RulesDoc}#link-policy-kind-link-policy",
        UsesTermSeverities = true,
    };

    public static RuleDescriptor LinkSuspiciousTld { get; } = new(LinkPolicyAnalyzer.SuspiciousTldRule, "External link to a suspicious top-level domain", "link",
        Severity.Medium, "The link target's top-level domain is on the policy's suspicious list; a human should look.")
    {
        Producer = typeof(LinkPolicyAnalyzer),
        DocAnchor = $"{RulesDoc}#link-policy-kind-link-policy",
    };

    // ---- structural detectors (docs/detectors.md) ---------------------------------------------------------------------

    public static RuleDescriptor HiddenExternalLinks { get; } = new(HiddenContentAnalyzer.ExternalLinksRule, "Links to other sites hidden from visitors",
        "hidden-content", Severity.Medium,
        "A block that visitors cannot see holds links to other sites: the shape of a hidden back-link farm (暗链). "
        + "Critical with spam anchor text or denied domains, or for a farm hidden on purpose; a farm hidden like a menu "
        + "(display:none) rises with a style attribute in the served HTML, random-looking domains and many sites; "
        + "medium or low when only a menu-like state hides a few links. Open the selector in the browser's inspector.")
    {
        Severities = Of(Severity.Low, Severity.Medium, Severity.Critical),
        SeverityRule = "critical with spam anchors, denied or suspicious hosts; a farm hidden on purpose (off-screen, 1-px box, tiny font, "
                       + "tiny marquee, a one-line hiding script): critical with hiding written into the served HTML or 2+ random-looking domains, "
                       + "else medium; a farm hidden like a menu (display:none): critical with two such signals or many sites, else medium; "
                       + "a few links: medium when hidden on purpose, low when hidden like a menu",
        Producer = typeof(HiddenContentAnalyzer),
        DocAnchor = $"{DetectorsDoc}#hidden-content",
    };

    public static RuleDescriptor LinkFarmBlock { get; } = new(LinkFarmAnalyzer.BlockRule, "Block of many links to unrelated sites", "link-farm", Severity.Low,
        "One block holds many links to several other sites (the thresholds: docs/detectors.md#link-farms). With spam anchor texts, denied domains or suspicious "
        + "top-level domains it is a link farm (high; critical when hidden). Alone it is a links directory (low): check "
        + "that every site in it is one you mean to link to.")
    {
        Severities = Of(Severity.Low, Severity.High, Severity.Critical),
        SeverityRule = "low alone (a links directory); high with spam anchors, denied domains, suspicious TLDs, random-looking domains or hiding on purpose; critical when also mostly hidden",
        Producer = typeof(LinkFarmAnalyzer),
        DocAnchor = $"{DetectorsDoc}#link-farms",
    };

    public static RuleDescriptor TitleRewritten { get; } = new(TitleHijackAnalyzer.RewrittenRule, "Title rewritten by a script", "title-hijack", Severity.Low,
        "The <title> in the HTML as served is not the title visitors see: a script changed it. With spam terms on either side "
        + "this is a hijacked title (search engines index the spam, visitors see a clean page); without, a note (low).")
    {
        Severities = Of(Severity.Low, Severity.Critical),
        SeverityRule = "critical when the served or the script's title holds spam terms (a hijacked title); low otherwise (a note)",
        Producer = typeof(TitleHijackAnalyzer),
        DocAnchor = $"{DetectorsDoc}#title-and-meta",
    };

    public static RuleDescriptor MetaSpam { get; } = new(TitleHijackAnalyzer.MetaSpamRule, "Spam terms in meta keywords or description", "title-hijack", Severity.High,
        "The meta keywords/description, which search engines show in results and visitors never see, hold spam terms. "
        + "Critical with three or more distinct terms.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "the terms' highest severity; critical with 3+ distinct terms, one of them high",
        Producer = typeof(TitleHijackAnalyzer),
        DocAnchor = $"{DetectorsDoc}#title-and-meta",
        UsesTermSeverities = true,
    };

    public static RuleDescriptor ScriptWritesLinks { get; } = new(ScriptInjectionAnalyzer.WritesLinksRule, "Script writes links to other sites", "script-injection",
        Severity.Medium,
        "A script writes markup (document.write, innerHTML, insertAdjacentHTML) that holds links to other sites: how hidden link "
        + "blocks are injected so that the served HTML looks clean. Critical when the markup hides the links or holds spam terms.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "medium for links to 1–2 sites, high for 3+ or when obfuscated; critical when the written markup hides them or holds spam terms",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor ScriptFetchesMarkup { get; } = new(ScriptInjectionAnalyzer.FetchesMarkupRule,
        "Script fetches markup from another site and writes it into the page", "script-injection", Severity.High,
        "A script requests a document from another site (fetch, XMLHttpRequest, $.get/$.ajax/.load) and writes what comes back "
        + "into the page (innerHTML, document.write, insertAdjacentHTML, .html()): the served HTML stays clean while visitors "
        + "and spiders that run scripts get the remote links. Fetches from the page's own site are not reported.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when it writes into hidden markup, the host is denied, suspicious or random-looking, or the code holds spam terms",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor ScriptSearchEngineCloaking { get; } = new(ScriptInjectionAnalyzer.CloakingRule, "Script treats search engines differently",
        "script-injection", Severity.Medium,
        "A script tests document.referrer for a search engine or navigator.userAgent for a spider, then navigates or writes "
        + "markup: visitors arriving from search results (or spiders) get something else — a sneaky redirect or cloaked spam.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "medium alone or when it navigates within the site; high when it then writes markup; critical when it navigates to another site",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor ScriptSkimmer { get; } = new(ScriptInjectionAnalyzer.SkimmerRule, "Script reads payment fields and sends them away",
        "script-injection", Severity.High,
        "A script reads payment-card form fields and sends data out or loads code from another host (a web skimmer, \"Magecart\").")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when obfuscated",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor ScriptObfuscated { get; } = new(ScriptInjectionAnalyzer.ObfuscatedRule, "Obfuscated script", "script-injection", Severity.Medium,
        "A script hides its code: a p,a,c,k,e,d packer, eval of atob/fromCharCode/unescape output, long escaped strings, "
        + "obfuscator arrays. The decoded layers are read for what the code does.")
    {
        Severities = Of(Severity.Low, Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "medium; high when the decoded code loads a script from / sends data to another host, writes markup, navigates or is a miner; "
                       + "low when it only names well-known hosts (a packed tracker); critical with spam terms",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor ScriptExternalHost { get; } = new(ScriptInjectionAnalyzer.ExternalHostRule, "Script from an untrusted host", "script-injection",
        Severity.Info,
        "A <script src> comes from a host outside the link policy's allowed list: noted once per page; reported on its own "
        + "when the host imitates a well-known library or service, is denied or is under a suspicious top-level domain.")
    {
        Severities = Of(Severity.Info, Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "info (hosts outside the allowed list, one note per page); medium under a suspicious TLD; high for a host imitating a well-known library; critical when denied",
        Producer = typeof(ScriptInjectionAnalyzer),
        DocAnchor = $"{DetectorsDoc}#scripts",
    };

    public static RuleDescriptor RedirectCanonicalHijack { get; } = new(CanonicalHijackAnalyzer.RuleId, "Search engines told that another site is this page", "redirect", Severity.High,
        "The served head names another site as this page's canonical address or its mobile edition (link rel=canonical, "
        + "link rel=alternate with a screen-width media query, Baidu's meta mobile-agent): search engines index that site in "
        + "this page's place and send phone visitors there, while a visitor's browser shows nothing.")
    {
        Severities = Of(Severity.Low, Severity.High),
        SeverityRule = "high when the named site is denied, under a suspicious TLD or random-looking; low otherwise (a saved page names its own production domain so); "
                       + "own sites, public institutions, allowed and well-known hosts are not reported",
        Producer = typeof(CanonicalHijackAnalyzer),
        DocAnchor = $"{DetectorsDoc}#redirects-and-frames",
    };

    public static RuleDescriptor RedirectCrossDomain { get; } = new(RedirectAnalyzer.CrossDomainRule, "Page sends visitors to another site", "redirect", Severity.Critical,
        "A meta refresh, a script that sets the location, a navigation the page started or a server 30x takes the visitor from "
        + "this page to another site, whether or not that site answers (a sneaky redirect); or a frame that fills the window "
        + "(a frameset, an overlay iframe, a page-high iframe a script writes) shows another site at this page's address. The "
        + "reasons name the conditions a script tests (referrer, user agent, mobile, language, time zone, a first-visit cookie) "
        + "and the denied or suspicious hosts. A target the script builds at run time (concatenation, join, escaped names) "
        + "is read by running the script in the emulator as the default visitor and as the visitors such scripts pick.")
    {
        Severities = Of(Severity.Medium, Severity.Critical),
        SeverityRule = "critical; medium for code inside a click or event handler, a link redirector (/go?url=…) or phones alone sent to a mobile edition (m./wap. of a plain domain); own sites, sibling domains, allowed and well-known hosts are not reported",
        Producer = typeof(RedirectAnalyzer),
        DocAnchor = $"{DetectorsDoc}#redirects-and-frames",
    };

    public static RuleDescriptor FrameHiddenExternal { get; } = new(RedirectAnalyzer.HiddenFrameRule, "Hidden or tiny frame from another site", "redirect", Severity.Medium,
        "An iframe loads a page from another site but is hidden or at most 2 px wide or high: visitors never see what it loads. "
        + "Frames a script creates (createElement(\"iframe\") and the properties set on it) or writes are read from the code too.")
    {
        Severities = Of(Severity.Medium, Severity.High),
        SeverityRule = "medium; high when the host is denied, under a suspicious top-level domain or named with letters run into a number (60088js.com, 520av34.cc)",
        Producer = typeof(RedirectAnalyzer),
        DocAnchor = $"{DetectorsDoc}#redirects-and-frames",
    };

    public static RuleDescriptor DocumentOutsideHtml { get; } = new(OutsideDocumentAnalyzer.OutsideHtmlRule, "Content outside the <html> element", "document",
        Severity.Medium,
        "The served HTML has markup or text before <html> or after </html>. Templates do not put anything there; code that "
        + "appends to or prepends to files does.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "medium; high with links to other sites; critical with spam terms or links to 3+ unrelated sites",
        Producer = typeof(OutsideDocumentAnalyzer),
        DocAnchor = $"{DetectorsDoc}#outside-the-document",
    };

    public static RuleDescriptor ServedOnlyInSource { get; } = new(ServedSourceAnalyzer.OnlyInSourceRule, "Served HTML holds what visitors never see", "cloaking",
        Severity.Medium,
        "The served HTML (what a search-engine spider indexes) holds links to other sites or spam terms that a visitor's browser "
        + "does not show: a <noscript> block (both engines), or content a script removes or replaces after the page loads "
        + "(browser engine). View the page source, not the inspector.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "critical with spam terms or denied/suspicious/random-looking hosts; high with links to 3+ sites in a <noscript>; medium otherwise",
        Producer = typeof(ServedSourceAnalyzer),
        DocAnchor = $"{DetectorsDoc}#served-source",
    };

    public static RuleDescriptor SignatureKanaBlock { get; } = new(MassSpamSignatureAnalyzer.KanaRule, "Japanese text on a Chinese page", "mass-spam", Severity.High,
        "A block (or the title) of Japanese on a Chinese-language page: the signature of the \"Japanese keyword hack\", which fills "
        + "hacked sites with auto-generated Japanese pages and titles.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when hidden",
        Producer = typeof(MassSpamSignatureAnalyzer),
        DocAnchor = $"{DetectorsDoc}#mass-spam-signatures",
    };

    public static RuleDescriptor SignaturePinyin { get; } = new(MassSpamSignatureAnalyzer.PinyinRule, "Characters annotated with pinyin in brackets", "mass-spam",
        Severity.Medium,
        "Many characters are followed by their pinyin in brackets (建設(shè)): the text went through a simplified→traditional converter "
        + "that annotates characters, the signature of scraped mirror copies of government pages.")
    {
        Producer = typeof(MassSpamSignatureAnalyzer),
        DocAnchor = $"{DetectorsDoc}#mass-spam-signatures",
    };

    public static RuleDescriptor SignaturePhraseList { get; } = new(MassSpamSignatureAnalyzer.PhraseListRule, "A list of spam phrases", "mass-spam", Severity.Critical,
        "A block made of short phrases separated by commas or spaces, most of them holding spam terms: the template of injected "
        + "SEO keyword blocks (亚洲…一区二区三区,婷婷五月…,…).")
    {
        Producer = typeof(MassSpamSignatureAnalyzer),
        DocAnchor = $"{DetectorsDoc}#mass-spam-signatures",
    };

    public static RuleDescriptor AttributeSpam { get; } = new(AttributeSpamAnalyzer.RuleId, "Spam terms in title or alt attributes", "(the pack's)", Severity.Medium,
        "Link titles or image alts/titles hold terms of a keyword pack, judged by what corroborates them: the element hidden or a 1×1 "
        + "image, links to random-looking paths of the site (/abc123.html, /news.php?123/456.html) or to unrelated sites, many such "
        + "elements, several terms or categories. 泛目录 injections carry their keyword stuffing there, behind innocuous anchors.")
    {
        Severities = Of(Severity.Low, Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "medium with fewer than 2 corroborating signals (attributes.highSignals); high with 2 or more; critical with 3 or more "
                       + "when one is a hidden element or tiny image; a visible element that links nowhere suspicious keeps a reporting context's cap (low or medium)",
        Producer = typeof(AttributeSpamAnalyzer),
        DocAnchor = $"{DetectorsDoc}#spam-in-title-and-alt-attributes-attributespam",
    };

    public static RuleDescriptor PageDoorway { get; } = new(DoorwayPageAnalyzer.RuleId, "The whole page is spam (doorway page)", "doorway", Severity.Critical,
        "Title, headings and main text of the page are spam: a doorway page that the attacker generated on the site, usually "
        + "under a random-looking path. Find how it got there (an uploaded script, a rewrite rule, a hijacked CMS route) and remove it.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "by the weighted score of its signals against the thresholds of rules/detectors.yaml: medium, high or critical; "
                       + "reported only when the detector settings have a doorway section",
        Producer = typeof(DoorwayPageAnalyzer),
        DocAnchor = $"{DetectorsDoc}#doorway-pages-pagedoorway",
    };

    // ---- cloaking across fetch profiles (--profiles) ------------------------------------------------------------------

    private const string CloakingDoc = "README.md#cloaking-see-what-the-spider-sees";

    public static RuleDescriptor CloakingRedirect { get; } = new(CloakingAnalyzer.RedirectRule, "Redirect for some visitors only", "cloaking", Severity.Critical,
        "The page sends a spider, a visitor from a search engine or a phone to another site, but not an ordinary visitor: the classic sneaky redirect.")
    {
        Severities = Of(Severity.Medium, Severity.Critical),
        SeverityRule = "critical; medium when only the mobile profile is sent away (mobile sites)",
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    public static RuleDescriptor CloakingSpam { get; } = new(CloakingAnalyzer.SpamRule, "Spam shown to some visitors only", "cloaking", Severity.Critical,
        "Text with spam terms appears only for a spider, a search-engine visitor or a phone: cloaked spam.")
    {
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    public static RuleDescriptor CloakingLinks { get; } = new(CloakingAnalyzer.LinksRule, "External links shown to some visitors only", "cloaking", Severity.Critical,
        "External links appear only for another profile: links planted for search engines when only spiders see them.")
    {
        Severities = Of(Severity.Medium, Severity.High, Severity.Critical),
        SeverityRule = "critical when only the spider sees them; high for a visitor from a search engine; medium for the mobile profile",
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    public static RuleDescriptor CloakingContent { get; } = new(CloakingAnalyzer.ContentRule, "Content differs by visitor type", "cloaking", Severity.Medium,
        "A substantial amount of text appears only for another profile. Legitimate for some mobile sites; suspicious for spiders.")
    {
        Severities = Of(Severity.Info, Severity.Medium),
        SeverityRule = "medium; info for the mobile profile",
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    public static RuleDescriptor CloakingTitle { get; } = new(CloakingAnalyzer.TitleRule, "Title differs by visitor type", "cloaking", Severity.Medium,
        "The page title differs for another profile.")
    {
        Severities = Of(Severity.Info, Severity.Medium, Severity.Critical),
        SeverityRule = "medium; critical when that title carries spam terms; info for the mobile profile",
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    public static RuleDescriptor CloakingStatus { get; } = new(CloakingAnalyzer.StatusRule, "Status differs by visitor type", "cloaking", Severity.Info,
        "The HTTP status differs between profiles (e.g. spiders blocked or served an error).")
    {
        Producer = typeof(CloakingAnalyzer),
        DocAnchor = CloakingDoc,
    };

    // ---- link checks (--check-links) ----------------------------------------------------------------------------------

    private const string LinkChecksDoc = "docs/crawl.md#link-checks";

    public static RuleDescriptor LinkBroken { get; } = new(LinkCheckRules.BrokenRule, "Broken link", "link", Severity.Low,
        "The link's target answered 404, 410 (or another client error, or 500), or its host does not resolve or refuses connections. "
        + "Checked with --check-links (the checking, with its I/O: LinkChecker).")
    {
        Producer = typeof(LinkCheckRules),
        DocAnchor = LinkChecksDoc,
    };

    public static RuleDescriptor LinkUnverified { get; } = new(LinkCheckRules.UnverifiedRule, "Link could not be verified", "link", Severity.Info,
        "The link's target answered 429, 401/403 (often aimed at bots), 408, 502–504 after retries, did not answer in time or failed TLS: check it by hand.")
    {
        Producer = typeof(LinkCheckRules),
        DocAnchor = LinkChecksDoc,
    };

    public static RuleDescriptor LinkTargetSpam { get; } = new(LinkCheckRules.TargetSpamRule, "Link to a page that now serves spam", "link", Severity.High,
        "An outbound link whose target serves terms of a denied category (medium or above), such as an expired domain re-registered by a casino.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when the link is hidden",
        Producer = typeof(LinkCheckRules),
        DocAnchor = LinkChecksDoc,
    };

    // ---- tamper signals (scan --history) -----------------------------------------------------------------------------

    private const string HistoryDoc = "docs/history.md";

    public static RuleDescriptor TamperNewLinkDomain { get; } = new(TamperRules.NewLinkDomainRule, "Links to new sites since the page was last clean", "tamper",
        Severity.Medium, "The page links to sites it did not link to on the last night it was clean (scan --history).")
    {
        Severities = Of(Severity.Medium, Severity.High),
        SeverityRule = "medium; high when a new link is hidden or three or more new sites appear at once",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperNewScriptHost { get; } = new(TamperRules.NewScriptHostRule, "Script from a new host since the page was last clean", "tamper",
        Severity.Medium, "The page loads a script from another site's host that it did not load scripts from on the last night it was clean (scan --history).")
    {
        SeverityRule = "medium",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperNewIframe { get; } = new(TamperRules.NewIframeRule, "New iframe since the page was last clean", "tamper",
        Severity.Medium, "The page has an iframe it did not have on the last night it was clean (scan --history).")
    {
        Severities = Of(Severity.Medium, Severity.High),
        SeverityRule = "medium; high when the iframe is hidden (or at most 2 px) or shows another site",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperTitleChanged { get; } = new(TamperRules.TitleChangedRule, "Title changed since the page was last clean", "tamper",
        Severity.Medium, "The page's <title> is not the one it had on the last night it was clean (scan --history).")
    {
        SeverityRule = "medium",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperMetaChanged { get; } = new(TamperRules.MetaChangedRule, "Meta keywords or description changed since the page was last clean", "tamper",
        Severity.Low, "The page's meta keywords or description are not those it had on the last night it was clean (scan --history).")
    {
        SeverityRule = "low",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperDefacement { get; } = new(TamperRules.DefacementRule, "Page text replaced (defacement)", "tamper",
        Severity.High, "Most of the page's visible text is gone or replaced since the last night it was clean (scan --history). A small edit of a news page is not reported.")
    {
        Severities = Of(Severity.High, Severity.Critical),
        SeverityRule = "high; critical when the title changed too or the page lost most of its links",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    public static RuleDescriptor TamperNewRedirect { get; } = new(TamperRules.NewRedirectRule, "New redirect to another site since the page was last clean", "tamper",
        Severity.High, "The page now ends on another site; on the last night it was clean it did not (scan --history).")
    {
        SeverityRule = "high",
        Producer = typeof(TamperRules),
        DocAnchor = $"{HistoryDoc}#tamper-signals",
    };

    // ---- the lists ----------------------------------------------------------------------------------------------------

    /// <summary>Every rule of the page analyzers, in the order of the tables (keyword rules: see <see cref="Keyword"/>).</summary>
    public static IReadOnlyList<RuleDescriptor> PageRules { get; } =
    [
        LinkDeniedDomain, LinkSpamAnchor, LinkSuspiciousTld, HiddenExternalLinks, LinkFarmBlock, TitleRewritten, MetaSpam,
        ScriptWritesLinks, ScriptFetchesMarkup, ScriptSearchEngineCloaking, ScriptSkimmer, ScriptObfuscated, ScriptExternalHost,
        RedirectCrossDomain, RedirectCanonicalHijack, FrameHiddenExternal, DocumentOutsideHtml, ServedOnlyInSource, SignatureKanaBlock, SignaturePinyin,
        SignaturePhraseList, PageDoorway, AttributeSpam,
    ];

    /// <summary>The rules of <c>--profiles</c> (a page loaded as a visitor and as a spider, a search visitor or a phone).</summary>
    public static IReadOnlyList<RuleDescriptor> CloakingRules { get; } =
        [CloakingRedirect, CloakingSpam, CloakingLinks, CloakingContent, CloakingTitle, CloakingStatus];

    /// <summary>The rules of <c>--check-links</c>.</summary>
    public static IReadOnlyList<RuleDescriptor> LinkCheckingRules { get; } = [LinkBroken, LinkUnverified, LinkTargetSpam];

    /// <summary>The rules of <c>--history</c> (a page compared with itself on the last night it was clean).</summary>
    public static IReadOnlyList<RuleDescriptor> TamperingRules { get; } =
        [TamperNewLinkDomain, TamperNewScriptHost, TamperNewIframe, TamperTitleChanged, TamperMetaChanged, TamperDefacement, TamperNewRedirect];

    /// <summary>Every fixed rule, with the keyword family first: what the documentation tables list.</summary>
    public static IReadOnlyList<RuleDescriptor> Documented { get; } = [KeywordFamily, .. PageRules, .. CloakingRules, .. LinkCheckingRules, .. TamperingRules];

    /// <summary>Every rule a scan with these rules can report, whatever its options: one per keyword pack, then the fixed ones,
    /// with term-dependent severities resolved against the loaded packs.</summary>
    public static IReadOnlyList<RuleDescriptor> For(RuleSet rules) =>
        [.. rules.Packs.Select(Keyword), .. PageRules.Concat(CloakingRules).Concat(LinkCheckingRules).Concat(TamperingRules)
            .Where(r => r.Id != PageDoorway.Id || rules.Detectors.Doorway is not null).Select(r => Resolve(r, rules))];

    /// <summary>The descriptor with the severities the loaded packs' terms can give it (a user's pack may hold medium terms).</summary>
    public static RuleDescriptor Resolve(RuleDescriptor rule, RuleSet rules)
    {
        if (!rule.UsesTermSeverities || rule.Id.StartsWith("keyword.", StringComparison.Ordinal)) return rule;
        var terms = rules.Packs.SelectMany(p => p.Terms.Select(t => t.Severity ?? p.Severity).Append(p.Severity));
        return rule with { Severities = Of([.. rule.Severities, .. terms]) };
    }

    /// <summary>The fixed rule with this id, or null (keyword rules depend on the loaded packs: see <see cref="For"/>).</summary>
    public static RuleDescriptor? Find(string id) => Documented.FirstOrDefault(r => r.Id == id);
}
