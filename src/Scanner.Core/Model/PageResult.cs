namespace Scanner.Core.Model;

/// <summary>What the report keeps of a page: where it went and how loading it ended.</summary>
public sealed record PageResult(string Url, string? FinalUrl, int? Status, string? Error, TimeSpan LoadTime, int FindingCount)
{
    /// <summary>What the loader left out (a page over the size cap, ...); see <see cref="PageSnapshot.Notes"/>.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Where the page's time went (<see cref="StageTimes"/>); not part of any report format.</summary>
    public StageTimes Stages { get; init; } = StageTimes.None;

    public static PageResult From(PageSnapshot snapshot, int findingCount) =>
        new(snapshot.RequestedUrl, snapshot.FinalUrl, snapshot.Status, snapshot.Error, snapshot.LoadTime, findingCount) { Notes = snapshot.Notes, Stages = snapshot.Stages };
}
