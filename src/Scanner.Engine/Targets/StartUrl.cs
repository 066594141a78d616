namespace Scanner.Engine.Targets;

/// <summary>A URL to start from: <paramref name="Literal"/> when the user named it (robots.txt and patterns do not apply).</summary>
public sealed record StartUrl(string Url, bool Literal);
