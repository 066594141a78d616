using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// The one test that runs when no browser could be found or installed (<see cref="BrowserFirstFramework"/>): its
/// failure is the run's one message, naming what to install.
/// </summary>
public class BrowserReadinessTests
{
    [Fact]
    public async Task A_browser_is_found_or_installed_before_the_end_to_end_tests()
    {
        if (await BrowserReadiness.EnsureAsync() is { } problem) Assert.Fail(problem);
    }
}
