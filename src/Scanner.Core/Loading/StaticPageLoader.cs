using System.Diagnostics;
using System.Net.Http;
using System.Security.Authentication;
using Scanner.Core.Model;
using Scanner.Core.Network;
using Scanner.Core.Rules;

namespace Scanner.Core.Loading;

/// <summary>
/// The static engine: what the server sends, fetched with HttpClient and parsed with AngleSharp; no scripts run.
/// The snapshot comes from <see cref="StaticSnapshotBuilder"/>; visibility from the markup, inline styles and the page's
/// own style blocks and its linked stylesheets (<see cref="LinkedStyleSheets"/>) through our CSS reader and AngleSharp's selectors (<see cref="CssVisibility"/>), not from scripts.
/// Fast and browser-free: for CI on build output, large crawls, and cheap spider-profile fetches.
/// A page has <c>timeout</c> for the whole response: connecting, headers (a server trickling them byte by byte is cut)
/// and the body (read through <see cref="CappedBody"/>: at most <see cref="BodyLimits.Page"/>, decompressed); then as
/// long again for parsing it (markup nested 100,000 deep makes AngleSharp's tree builder quadratic: it is cut off).
/// </summary>
public sealed class StaticPageLoader : IPageLoader
{
    private const int MaxRedirects = 10;
    private const string DesktopUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly long _maxBodyBytes;
    private readonly LinkedStyleSheets? _styleSheets;
    private readonly DetectorSettings? _settings;

    /// <param name="guard">Which addresses the loader may connect to (see <see cref="AddressGuard"/>); redirects are checked too.</param>
    /// <param name="fetchStyleSheets">Fetch the page's linked stylesheets and same-site scripts (<see cref="LinkedStyleSheets"/>); off: inline and <c>&lt;style&gt;</c> CSS only.</param>
    /// <param name="settings">The scan's detector settings (<c>subresources</c>, <c>staticVisibility</c>); the built-in ones when null.</param>
    public StaticPageLoader(TimeSpan timeout, AddressGuard guard, long maxBodyBytes = BodyLimits.Page, bool fetchStyleSheets = true, DetectorSettings? settings = null)
    {
        _settings = settings;
        _timeout = timeout;
        _maxBodyBytes = maxBodyBytes;
        _http = ScannerHttp.CreateClient(followRedirects: false, guard); // we follow redirects ourselves to record the chain
        _styleSheets = fetchStyleSheets ? new LinkedStyleSheets(guard, settings) : null;
    }

    public async Task<PageSnapshot> LoadAsync(string url, FetchProfile profile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var chain = new List<string>();
        var current = new Uri(url);
        var stage = "no answer";
        PageSnapshot Failed(string error, bool dropped = false) => new()
        {
            RequestedUrl = url, FinalUrl = chain.Count > 0 ? current.AbsoluteUri : null, Error = error, ConnectionDropped = dropped,
            Profile = profile.Name, RedirectChain = chain, LoadTime = clock.Elapsed, Stages = StageTimes.None with { Navigation = clock.Elapsed },
            // A redirect to a host that does not answer: where the server sent us is still evidence.
            AttemptedNavigations = chain.Count > 0 ? [current.AbsoluteUri] : [],
        };
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", profile.UserAgent ?? DesktopUserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
                if (profile.Referer is not null) request.Headers.Referrer = new Uri(profile.Referer);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    chain.Add(current.AbsoluteUri);
                    current = new Uri(current, location);
                    if (hop + 1 >= MaxRedirects) return Failed($"Too many redirects: more than {MaxRedirects}, the last to {current.AbsoluteUri}");
                    continue;
                }
                if (status < 400 && DocumentType.NotHtmlReason(response) is { } notHtml)
                    return Failed(notHtml) with { FinalUrl = current.AbsoluteUri, Status = status };
                stage = "the body did not arrive";
                var body = await CappedBody.ReadAsync(response.Content, _maxBodyBytes, timeout.Token);
                var html = HtmlDecoder.Decode(body.Bytes, response.Content.Headers.ContentType?.ToString());
                // Parsing gets as long again: a 10 MiB page that took its time to arrive is still read.
                stage = "the page could not be parsed";
                timeout.CancelAfter(_timeout);
                var template = Template(url, current, status, response, chain, profile);
                var snapshot = (_styleSheets is null
                        ? StaticSnapshotBuilder.Build(html, current, template, timeout.Token, withSourceSpans: true, settings: _settings)
                        : await StaticSnapshotBuilder.BuildAsync(html, current, template, _styleSheets, profile.UserAgent ?? DesktopUserAgent, withSourceSpans: true, _settings, timeout.Token))
                    with { LoadTime = clock.Elapsed, Stages = StageTimes.None with { Navigation = clock.Elapsed } };
                return body.Note("the page") is { } note ? snapshot with { Notes = [note, .. snapshot.Notes] } : snapshot;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"Timeout: {stage} within {_timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.SecureConnectionError)
        {
            return Failed($"TLS error: {TlsProblem(e)}");
        }
        catch (HttpRequestException e)
        {
            return Failed(AddressGuard.RefusalIn(e)?.Message ?? e.Message, DroppedConnection.Is(e));
        }
        catch (IOException e) // a body cut off mid-way, a broken gzip stream
        {
            return Failed($"The response broke off: {e.Message}", dropped: true);
        }
    }

    /// <summary>The certificate problem in words (self-signed, expired, wrong name), not just "SSL connection could not be established".</summary>
    private static string TlsProblem(HttpRequestException e)
    {
        var inner = e.InnerException as AuthenticationException ?? e.InnerException?.InnerException as AuthenticationException;
        var detail = inner?.Message ?? e.InnerException?.Message ?? e.Message;
        var hint = detail.Contains("UntrustedRoot", StringComparison.Ordinal) || detail.Contains("PartialChain", StringComparison.Ordinal)
            ? "the server's certificate is not trusted (self-signed, or signed by an unknown authority)"
            : detail.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal) ? "the server's certificate is for another name"
            : detail.Contains("NotTimeValid", StringComparison.Ordinal) ? "the server's certificate has expired or is not yet valid"
            : "the secure connection could not be established";
        return $"{hint}: {detail}";
    }

    /// <summary>What the response says about the page; <see cref="StaticSnapshotBuilder"/> adds what its HTML says.</summary>
    private static PageSnapshot Template(string url, Uri final, int status, HttpResponseMessage response, List<string> chain, FetchProfile profile)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)));
        return new PageSnapshot
        {
            RequestedUrl = url,
            FinalUrl = final.AbsoluteUri,
            Status = status,
            Error = status >= 400 ? $"HTTP {status} {response.ReasonPhrase}".TrimEnd() : null,
            Profile = profile.Name,
            Headers = headers,
            RedirectChain = chain,
        };
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _styleSheets?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A CSS selector for one element (the static engine builds them for a whole document with <see cref="CssSelectors"/>).</summary>
public static class CssPath
{
    public static string Of(AngleSharp.Dom.IElement element) =>
        element.Owner is { } document ? new CssSelectors(document).Of(element) : element.LocalName;
}
