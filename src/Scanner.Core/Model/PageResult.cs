namespace Scanner.Core.Model;

/// <summary>What the report keeps of a page: where it went and how loading it ended.</summary>
public sealed record PageResult(string Url, string? FinalUrl, int? Status, string? Error, TimeSpan LoadTime, int FindingCount)
{
    public static PageResult From(PageSnapshot snapshot, int findingCount) =>
        new(snapshot.RequestedUrl, snapshot.FinalUrl, snapshot.Status, snapshot.Error, snapshot.LoadTime, findingCount);
}
