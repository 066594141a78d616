using Scanner.Core.Model;

namespace Scanner.Core.History;

/// <summary>
/// A finding of the previous run of the same targets that this run did not find again on a page it scanned: resolved.
/// Pages this run did not reach (a smaller crawl, a load error) resolve nothing.
/// </summary>
/// <param name="RunId">The previous run (in the history database) that last found it.</param>
public sealed record ResolvedFinding(string Fingerprint, string RuleId, Severity Severity, string Url, string Title, string Evidence, long RunId);
