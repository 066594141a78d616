using System.Text.RegularExpressions;

namespace Scanner.Core.Analyzers;

/// <summary>
/// What a script tests about its visitor before it acts: the ways sneaky redirects pick their victims (referrer, user
/// agent or a phone, language, time zone, a first-visit cookie). Read from the code, for the reasons of a finding and to
/// decide whether the script is worth running as the visitors it may be waiting for (<see cref="Emulation.VisitorProfile"/>).
/// </summary>
public static partial class VisitorTests
{
    /// <summary>The conditions found, as the reasons name them ("the referrer", "for a mobile device", …); empty when none.</summary>
    public static List<string> In(string code)
    {
        var found = new List<string>();
        if (Referrer().IsMatch(code)) found.Add("the referrer");
        if (MobileTest().IsMatch(code)) found.Add("for a mobile device");
        else if (UserAgent().IsMatch(code)) found.Add("the user agent");
        if (LanguageTest().IsMatch(code)) found.Add("the browser language");
        if (TimeZoneTest().IsMatch(code)) found.Add("the time zone");
        if (FirstVisitCookie().IsMatch(code)) found.Add("a cookie (only on a first visit)");
        if (HourTest().IsMatch(code)) found.Add("the hour of the day");
        return found;
    }

    // Members are read by dot or by bracket (document["referrer"], once \x escapes are decoded): obfuscated tests use the latter.
    [GeneratedRegex(@"document\s*(?:\.\s*|\[\s*['""])referrer", RegexOptions.IgnoreCase)]
    private static partial Regex Referrer();

    [GeneratedRegex(@"navigator\s*(?:\.\s*|\[\s*['""])(?:userAgent|platform)", RegexOptions.IgnoreCase)]
    private static partial Regex UserAgent();

    [GeneratedRegex(@"(?:android|iphone|ipad|mobile|windows\s*phone|symbian)[^;]{0,200}?(?:test|match|indexOf|search)|(?:userAgent|ua)[^;]{0,80}?(?:android|iphone|ipad|mobile)|matchMedia\s*\(\s*['""][^'""]*max-width|ontouchstart|maxTouchPoints", RegexOptions.IgnoreCase)]
    private static partial Regex MobileTest();

    [GeneratedRegex(@"navigator\s*(?:\.\s*|\[\s*['""])(?:language|languages|userLanguage|browserLanguage|systemLanguage)", RegexOptions.IgnoreCase)]
    private static partial Regex LanguageTest();

    [GeneratedRegex(@"getTimezoneOffset|resolvedOptions\s*\(\s*\)\s*\.\s*timeZone|timeZone", RegexOptions.IgnoreCase)]
    private static partial Regex TimeZoneTest();

    // The hour read (h=new Date().getHours(); if(h>=18…)): a redirect may wait for the evening, when the owner is away.
    [GeneratedRegex(@"getHours\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex HourTest();

    // A cookie read and tested next to a cookie write: "only once per visitor", so the site's owner never sees it twice.
    [GeneratedRegex(@"document\.cookie\s*\.\s*(?:indexOf|match|search|includes)\s*\([\s\S]{0,300}?document\.cookie\s*=(?!=)", RegexOptions.IgnoreCase)]
    private static partial Regex FirstVisitCookie();
}
