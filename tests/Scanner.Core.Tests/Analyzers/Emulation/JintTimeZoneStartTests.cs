using Scanner.Core.Analyzers.Emulation;

namespace Scanner.Core.Tests.Analyzers.Emulation;

/// <summary>
/// Jint's time-zone table starts without the system's zone list (<see cref="JintTimeZoneStart"/>): the process keeps
/// its zones, and the emulated visitor keeps its clock.
/// </summary>
public sealed class JintTimeZoneStartTests
{
    [Fact]
    public void The_process_keeps_its_zones_and_the_visitor_its_clock_after_the_emulator_starts()
    {
        var tzdir = Environment.GetEnvironmentVariable("TZDIR");
        var local = TimeZoneInfo.Local.Id;

        var trace = ScriptEmulator.Run("document.write('offset=' + new Date(0).getTimezoneOffset() + ' hour=' + new Date(Date.UTC(2024, 0, 1, 12)).getHours());",
            "https://www.example.gov.cn/", new EmulationBudget(TimeSpan.FromSeconds(120)), TimeSpan.FromSeconds(60),
            VisitorProfile.ChinesePhoneFromSearch);

        Assert.Contains(trace.Of("markup"), e => e.Text == "offset=-480 hour=20");
        Assert.Equal(tzdir, Environment.GetEnvironmentVariable("TZDIR"));
        Assert.Equal(local, TimeZoneInfo.Local.Id);
        if (Directory.Exists("/usr/share/zoneinfo/Asia"))
        {
            // The emulator's start saw an empty zone folder; the rest of the process sees the system's.
            Assert.True(TimeZoneInfo.GetSystemTimeZones().Count > 100);
            Assert.Equal(TimeSpan.FromHours(8), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai").BaseUtcOffset);
        }
    }
}
