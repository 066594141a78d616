using System.Text.Json;
using Scanner.Core.Analyzers.Emulation;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>The visitor's JSON is written by hand and kept per profile (issue 20); it must be what the serializer gave.</summary>
public sealed class VisitorProfileJsonTests
{
    public static TheoryData<string> Profiles => new(new[] { VisitorProfile.Default }.Concat(VisitorProfile.Targets).Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_hand_written_json_is_the_serializers(string name)
    {
        var profile = new[] { VisitorProfile.Default }.Concat(VisitorProfile.Targets).Single(p => p.Name == name);
        var serialized = JsonSerializer.Serialize(new
        {
            userAgent = profile.UserAgent, platform = profile.Platform, language = profile.Language, timeZone = profile.TimeZone,
            timeZoneOffset = profile.TimeZoneOffset, referrer = profile.Referrer, screenWidth = profile.ScreenWidth,
            screenHeight = profile.ScreenHeight, touch = profile.Touch,
        });
        Assert.Equal(serialized, profile.ToJson());
        Assert.Same(profile.ToJson(), profile.ToJson());
    }

    [Fact]
    public void A_profile_with_characters_to_escape_is_escaped_as_the_serializer_escapes_them()
    {
        var odd = VisitorProfile.Default with { UserAgent = "Mozilla/5.0 <\"x\"> & 中文 +1", Referrer = "https://www.baidu.com/s?wd=博彩&x='1'" };
        var serialized = JsonSerializer.Serialize(new
        {
            userAgent = odd.UserAgent, platform = odd.Platform, language = odd.Language, timeZone = odd.TimeZone,
            timeZoneOffset = odd.TimeZoneOffset, referrer = odd.Referrer, screenWidth = odd.ScreenWidth,
            screenHeight = odd.ScreenHeight, touch = odd.Touch,
        });
        Assert.Equal(serialized, odd.ToJson());
    }
}
