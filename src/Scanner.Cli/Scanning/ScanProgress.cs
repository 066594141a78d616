using System.Diagnostics;
using Serilog;
using Spectre.Console;

namespace Scanner.Cli.Scanning;

/// <summary>
/// What a person watching the scan sees: on a terminal a Spectre.Console progress bar (pages done of queued,
/// findings so far, pages per second); otherwise a plain log line every few seconds.
/// </summary>
public abstract class ScanProgress
{
    private int _done;
    private int _findings;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Pages known so far (done + waiting), supplied by the frontier.</summary>
    public Func<int> Known { get; set; } = () => 0;

    public int Done => Volatile.Read(ref _done);
    public int Findings => Volatile.Read(ref _findings);
    public double Rate => _clock.Elapsed.TotalSeconds > 0 ? Done / _clock.Elapsed.TotalSeconds : 0;

    public void PageDone(int findings)
    {
        Interlocked.Increment(ref _done);
        Interlocked.Add(ref _findings, findings);
    }

    public abstract Task<T> RunAsync<T>(Func<Task<T>> work);

    /// <summary>A progress bar when standard error is a terminal and nothing asked for quiet, else log lines.</summary>
    public static ScanProgress For(TextWriter error, bool quiet, ILogger log) =>
        !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb"
            ? new Bar()
            : new Lines(log, TimeSpan.FromSeconds(5));

    private sealed class Lines(ILogger log, TimeSpan every) : ScanProgress
    {
        public override async Task<T> RunAsync<T>(Func<Task<T>> work)
        {
            var task = work();
            while (await Task.WhenAny(task, Task.Delay(every)) != task)
                log.Information("Progress: {Done}/{Known} page(s) done, {Findings} finding(s), {Rate:0.0} pages/s", Done, Known(), Findings, Rate);
            return await task;
        }
    }

    private sealed class Bar : ScanProgress
    {
        public override async Task<T> RunAsync<T>(Func<Task<T>> work)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            T result = default!;
            await console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("starting", maxValue: 1);
                    var task = work();
                    while (true)
                    {
                        var finished = await Task.WhenAny(task, Task.Delay(250)) == task;
                        var known = Math.Max(1, Known());
                        bar.MaxValue = known;
                        bar.Value = Math.Min(Done, known);
                        bar.Description = Markup.Escape($"{Done}/{Known()} pages, {Findings} findings, {Rate:0.0} pages/s");
                        if (finished) break;
                    }
                    result = await task;
                });
            return result;
        }
    }
}
