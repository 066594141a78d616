using System.Collections.Concurrent;
using Scanner.Core.Model;
using Scanner.Core.Reports;

namespace Scanner.Engine.Scanning;

/// <summary>
/// Keeps finding screenshots in a temporary folder while the scan runs (memory must not grow with the site), and
/// hands the report their files by finding fingerprint. At most <see cref="MaxImages"/> images per run. The folder
/// is deleted on dispose, after the reports are written.
/// </summary>
public sealed class ScreenshotStore : IDisposable
{
    public const int MaxImages = 2000;
    private readonly string _folder = Directory.CreateTempSubdirectory("scanner-screenshots-").FullName;
    private readonly ConcurrentDictionary<string, FindingScreenshot> _byFingerprint = new(StringComparer.Ordinal);
    private int _count;

    public IReadOnlyDictionary<string, FindingScreenshot> ByFingerprint => _byFingerprint;

    /// <summary>Saves each capture once and links every finding on its element to it.</summary>
    public void Add(IReadOnlyList<ElementCapture> captures, IReadOnlyList<Finding> findings)
    {
        foreach (var capture in captures)
        {
            var owners = findings.Where(f => f.Selector == capture.Selector).ToList();
            if (owners.Count == 0) continue;
            var n = Interlocked.Increment(ref _count);
            if (n > MaxImages) return;
            var file = Path.Combine(_folder, $"{n}{(capture.MediaType == "image/png" ? ".png" : ".jpg")}");
            File.WriteAllBytes(file, capture.Image);
            var shot = new FindingScreenshot(file, capture.MediaType, capture.ElementBox, capture.ElementHasBox, capture.OutlinedAncestor);
            foreach (var f in owners) _byFingerprint[f.Fingerprint] = shot;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
