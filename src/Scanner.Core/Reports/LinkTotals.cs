namespace Scanner.Core.Reports;

/// <summary>
/// What `--check-links` found, kept apart the way link-checker users read it: distinct targets checked, and how many
/// were ok, broken, or could not be verified (429, 403 to bots, timeouts). <see cref="ServingSpam"/> counts targets
/// that answered (so are also among <see cref="Ok"/>) but serve spam.
/// </summary>
public sealed record LinkTotals(int Checked, int Ok, int Broken, int CouldNotVerify, int ServingSpam);
