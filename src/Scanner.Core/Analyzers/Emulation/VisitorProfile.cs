using System.Text.Json;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// Who the emulator's fake browser says the visitor is. Sneaky redirects fire only for the visitors they want (a phone,
/// a Chinese-language browser, the China time zone, arrival from a search engine) and stay quiet for the site's owner
/// and for scanners, so a script that tests the visitor is run once as each of <see cref="Targets"/>: whatever the
/// guard, one of them takes the guarded branch.
/// </summary>
/// <param name="LocalTime">The visitor's wall clock (in its time zone) during the run, or null for the real time. Redirects
/// that wait for the evening or for office hours to be over (d.getHours()>=18) fire only then, so the target visitors
/// come at fixed hours, late in the evening and in the small hours (when a site's owner is not looking): runs are
/// reproducible, and the guards seen in the wild (h&gt;=18, h&gt;=22||h&lt;7, h&lt;6) fire for one of them.</param>
public sealed record VisitorProfile(string Name, string UserAgent, string Platform, string Language, string TimeZone,
    int TimeZoneOffset, string Referrer, int ScreenWidth, int ScreenHeight, bool Touch, TimeOnly? LocalTime = null)
{
    /// <summary>The instant the visitor's clock shows, in UTC: today at <see cref="LocalTime"/> in its time zone.</summary>
    public DateTimeOffset? Now(DateTimeOffset realNow) => LocalTime is { } local
        ? new DateTimeOffset(DateOnly.FromDateTime(realNow.UtcDateTime).ToDateTime(local), TimeSpan.FromMinutes(-TimeZoneOffset))
        : null;

    /// <summary>The visitor the emulator always was: a desktop Chrome in English, UTC, typing the address.</summary>
    public static readonly VisitorProfile Default = new("the default visitor",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Win32", "en-US", "UTC", 0, "", 1920, 1080, false);

    /// <summary>A phone in China (UC browser on Android, zh-CN, Asia/Shanghai) arriving from a Baidu search at 23:30.</summary>
    public static readonly VisitorProfile ChinesePhoneFromSearch = new("a phone in China arriving from a Baidu search",
        "Mozilla/5.0 (Linux; U; Android 13; zh-CN; V2219A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        + "Chrome/100.0.4896.58 UCBrowser/16.3.8.1310 Mobile Safari/537.36",
        "Linux armv8l", "zh-CN", "Asia/Shanghai", -480, "https://www.baidu.com/link?url=q8Zy3kR1&wd=&eqid=9f1c", 393, 873, true,
        new TimeOnly(23, 30));

    /// <summary>A desktop in China (zh-CN, Asia/Shanghai) arriving from a Baidu search at 03:30: guards that skip phones.</summary>
    public static readonly VisitorProfile ChineseDesktopFromSearch = new("a desktop browser in China arriving from a Baidu search",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Win32", "zh-CN", "Asia/Shanghai", -480, "https://www.baidu.com/link?url=q8Zy3kR1&wd=&eqid=9f1c", 1920, 1080, false,
        new TimeOnly(3, 30));

    /// <summary>The visitors sneaky redirects pick, after the default one.</summary>
    public static IReadOnlyList<VisitorProfile> Targets { get; } = [ChinesePhoneFromSearch, ChineseDesktopFromSearch];

    /// <summary>The profile as the prelude reads it (<c>__visitorJson</c>). Written once per profile: every emulator run
    /// reads it twice (its key in <see cref="RememberedRuns"/> and the prelude), and serialising an anonymous object by
    /// reflection each time showed in the static engine's profile (issue 20, sixth pass).</summary>
    public string ToJson() => Jsons.GetValue(this, static profile => profile.WriteJson());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<VisitorProfile, string> Jsons = new();

    /// <summary>The JSON <see cref="JsonSerializer"/> gives for these members in this order, with its default escaping.</summary>
    internal string WriteJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("userAgent", UserAgent);
            json.WriteString("platform", Platform);
            json.WriteString("language", Language);
            json.WriteString("timeZone", TimeZone);
            json.WriteNumber("timeZoneOffset", TimeZoneOffset);
            json.WriteString("referrer", Referrer);
            json.WriteNumber("screenWidth", ScreenWidth);
            json.WriteNumber("screenHeight", ScreenHeight);
            json.WriteBoolean("touch", Touch);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
