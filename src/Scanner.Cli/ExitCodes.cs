namespace Scanner.Cli;

/// <summary>The exit codes of the contract in DESIGN.</summary>
public static class ExitCodes
{
    /// <summary>The scan ran and nothing is at or above the threshold.</summary>
    public const int Passed = 0;
    /// <summary>The scan ran and the gate tripped.</summary>
    public const int GateTripped = 1;
    /// <summary>The scan could not run: bad arguments, invalid rules, no browser.</summary>
    public const int CannotRun = 2;
}
