using System.Reflection;
using Scanner.Browser.Loading;
using Serilog;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Scanner.EndToEnd.Tests.Infrastructure.BrowserFirstFramework", "Scanner.EndToEnd.Tests")]

namespace Scanner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// xunit's own framework, with one step first: a browser for the end-to-end tests, found or installed with Playwright's
/// installer (<see cref="BrowserReadiness"/>), before any test starts. When there is none and none can be installed,
/// only <see cref="BrowserReadinessTests"/> runs, and fails once with what to run; the hundreds of tests that need a
/// browser (the shared <see cref="BrowserFixture"/>, and the scanner processes that find their own) are not run, instead
/// of each failing with the same message.
/// </summary>
public sealed class BrowserFirstFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            var cases = testCases.ToList();
            if (await BrowserReadiness.EnsureAsync() is not null)
            {
                var readiness = cases.Where(c => c.TestMethod.TestClass.Class.Name == typeof(BrowserReadinessTests).FullName).ToList();
                // A filtered run without the readiness test keeps its tests: they fail on their own, as asked.
                if (readiness.Count > 0) cases = readiness;
            }
            using var runner = new XunitTestAssemblyRunner(TestAssembly, cases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }
}

/// <summary>The browser the end-to-end tests use, found or installed once per test run, as the scanner does.</summary>
public static class BrowserReadiness
{
    private static readonly Lazy<Task<string?>> Check = new(CheckAsync);

    /// <summary>Null when a browser is there (found or just installed), else what went wrong and what to run.</summary>
    public static Task<string?> EnsureAsync() => Check.Value;

    private static async Task<string?> CheckAsync()
    {
        var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateLogger();
        try
        {
            await BrowserSetup.LocateOrInstallAsync(null, Console.Error, log);
            return null;
        }
        catch (BrowserNotFoundException e)
        {
            return e.Message + "\nThe end-to-end tests need a browser: they were not run. Install one as above, then run `dotnet test Scanner.sln` again.";
        }
    }
}
