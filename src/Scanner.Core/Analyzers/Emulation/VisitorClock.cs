using System.Globalization;
using Jint.Runtime;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// The emulator's clock as a <see cref="VisitorProfile"/> sees it: its time zone (so <c>getHours()</c> agrees with
/// <c>getTimezoneOffset()</c>) and, when the profile has one, its fixed hour of the day.
/// </summary>
internal sealed class VisitorClock(VisitorProfile visitor) : DefaultTimeSystem(ZoneOf(visitor), CultureInfo.InvariantCulture)
{
    private readonly DateTimeOffset? _now = visitor.Now(DateTimeOffset.UtcNow);

    public override DateTimeOffset GetUtcNow() => _now ?? base.GetUtcNow();

    private static TimeZoneInfo ZoneOf(VisitorProfile visitor)
    {
        var offset = TimeSpan.FromMinutes(-visitor.TimeZoneOffset);
        return offset == TimeSpan.Zero ? TimeZoneInfo.Utc
            : TimeZoneInfo.CreateCustomTimeZone(visitor.TimeZone, offset, visitor.TimeZone, visitor.TimeZone);
    }
}
