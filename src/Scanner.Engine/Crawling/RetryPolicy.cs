using System.Globalization;
using Polly;
using Polly.Retry;
using Scanner.Core.Loading;
using Serilog;

namespace Scanner.Engine.Crawling;

/// <summary>
/// Polly retry for answers that ask us to come back: 429 and 5xx (500, 502, 503, 504), and for connections the server
/// reset or closed before answering (<see cref="DroppedConnection"/>). The server's Retry-After
/// (seconds or an HTTP date) is honoured, capped at <see cref="CrawlOptions.MaxRetryAfter"/>; without one,
/// exponential backoff with jitter from <see cref="CrawlOptions.RetryBaseDelay"/>.
/// </summary>
public static class RetryPolicy
{
    public static bool IsRetryable(int? status) => status is 429 or 500 or 502 or 503 or 504;

    public static ResiliencePipeline<T> Create<T>(CrawlOptions options, Func<T, int?> status, Func<T, bool> dropped, Func<T, string?> retryAfter, Func<T, string> describe, ILogger log)
    {
        if (options.Retries <= 0) return ResiliencePipeline<T>.Empty;
        return new ResiliencePipelineBuilder<T>()
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r
                    ? IsRetryable(status(r)) || dropped(r)
                    : args.Outcome.Exception is { } e && DroppedConnection.Is(e)),
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } r && ParseRetryAfter(retryAfter(r)) is { } after
                        ? (TimeSpan?)(after > options.MaxRetryAfter ? options.MaxRetryAfter : after)
                        : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Result is { } r)
                        log.Debug("{What} {Outcome}; retry {Attempt} in {Delay:0.0} s", describe(r), status(r) is { } s ? $"answered {s}" : "dropped the connection",
                            args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Retry-After: delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
