namespace Scanner.Core.Model;

/// <summary>
/// Where a page's time went, stage by stage (issue 20): navigation (the document arriving: fetch and parse for the
/// static engine), settle (waiting for late scripts), probe (reading the rendered page), analysis (the analyzers and
/// source positions) and report (the sinks). `scanner scan -v` prints them per page and added up in its summary line.
/// </summary>
public sealed record StageTimes(TimeSpan Navigation, TimeSpan Settle, TimeSpan Probe, TimeSpan Analysis, TimeSpan Report)
{
    public static StageTimes None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public StageTimes Plus(StageTimes other) => new(Navigation + other.Navigation, Settle + other.Settle, Probe + other.Probe,
        Analysis + other.Analysis, Report + other.Report);

    /// <summary>"navigation 1.20 s, settle 0.50 s, probe 0.10 s, analysis 0.30 s, report 0.01 s".</summary>
    public string Describe() =>
        $"navigation {Navigation.TotalSeconds:0.00} s, settle {Settle.TotalSeconds:0.00} s, probe {Probe.TotalSeconds:0.00} s, " +
        $"analysis {Analysis.TotalSeconds:0.00} s, report {Report.TotalSeconds:0.00} s";
}

/// <summary>The stage times of a run's pages added up, safe to add to from several workers.</summary>
public sealed class StageTally
{
    private readonly Lock _lock = new();
    private StageTimes _total = StageTimes.None;

    public StageTimes Total { get { lock (_lock) return _total; } }

    public void Add(StageTimes times)
    {
        lock (_lock) _total = _total.Plus(times);
    }
}
