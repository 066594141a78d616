namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// What is left of a page's emulation allowance: wall-clock time and a number of scripts, shared by the page's
/// scripts, so a page of many obfuscated scripts costs at most <see cref="PerPage"/> however hostile they are.
/// </summary>
public sealed class EmulationBudget(TimeSpan? time = null, int scripts = EmulationBudget.MaxScripts)
{
    public static readonly TimeSpan PerPage = TimeSpan.FromSeconds(4);
    public const int MaxScripts = 12;

    private TimeSpan _time = time ?? PerPage;
    private int _scripts = scripts;

    /// <summary>How many scripts were run and how long they took together (for the cost figures in docs/detectors.md).</summary>
    public int ScriptsRun { get; private set; }
    public TimeSpan Spent { get; private set; }

    /// <summary>Books one script's run: the time it may use (zero when the page's allowance is gone).</summary>
    internal TimeSpan Take(TimeSpan perScript)
    {
        if (_scripts <= 0 || _time <= TimeSpan.Zero) return TimeSpan.Zero;
        _scripts--;
        ScriptsRun++;
        return perScript < _time ? perScript : _time;
    }

    internal void Spend(TimeSpan elapsed)
    {
        _time -= elapsed;
        Spent += elapsed;
    }
}
