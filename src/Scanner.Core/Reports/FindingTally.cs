using Scanner.Core.Model;
using Scanner.Core.Policy;

namespace Scanner.Core.Reports;

/// <summary>
/// Counts kept as findings arrive (by severity, and those that trip the gate), so a report whose findings live in a
/// file on disk does not read them all again for every number it prints.
/// </summary>
public sealed class FindingTally(Gate gate, BaselineComparison? baseline)
{
    private readonly int[] _bySeverity = new int[Enum.GetValues<Severity>().Length];

    public int Total { get; private set; }

    /// <summary>Findings at or above the gate and not suppressed by the baseline.</summary>
    public int Tripping { get; private set; }

    public bool GateTripped => Tripping > 0;

    public int CountOf(Severity severity) => _bySeverity[(int)severity];

    private readonly int[] _byHistory = new int[Enum.GetValues<HistoryState>().Length];

    /// <summary>With --history: how many findings are new, unchanged or reappeared since the previous run.</summary>
    public int CountOf(HistoryState state) => _byHistory[(int)state];

    public void Add(IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
        {
            _bySeverity[(int)f.Severity]++;
            Total++;
            if (f.HistoryState is { } state) _byHistory[(int)state]++;
            // A finding's baseline state depends only on the baseline, so it is known as the finding arrives.
            if (gate.Trips(f) && !(baseline?.Suppresses(f) ?? false)) Tripping++;
        }
    }
}
