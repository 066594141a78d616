using System.Collections;
using System.Text;
using System.Text.Json;
using Scanner.Core.Model;

namespace Scanner.Engine.Reports;

/// <summary>
/// Findings written to a temporary file (JSON lines) as pages finish, so memory does not grow with the site; the
/// report writers read them back in order when the scan is over. Enumerating reads the file again; the indexer
/// is there for the interface's sake and is linear. The file is deleted on dispose.
/// </summary>
public sealed class FindingSpool : IReadOnlyList<Finding>, IDisposable
{
    /// <summary>Source-generated: reflection-based serialisation built its converters at every scan's first page (issue 20).</summary>
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<Finding> Json = SpoolJson.Default.Finding;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"scanner-findings-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
    private readonly Lock _lock = new();
    private StreamWriter? _writer;
    private int _count;

    public int Count => _count;

    public void Add(IEnumerable<Finding> findings)
    {
        lock (_lock)
        {
            _writer ??= new StreamWriter(_path, append: false, new UTF8Encoding(false));
            // All of a page's findings are serialised before any is written: one that cannot be leaves none half-added.
            var lines = findings.Select(f => JsonSerializer.Serialize(f, Json)).ToList();
            foreach (var line in lines) _writer.WriteLine(line);
            _count += lines.Count;
        }
    }

    public Finding this[int index] => index >= 0 && index < _count ? this.Skip(index).First() : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<Finding> GetEnumerator()
    {
        lock (_lock)
        {
            if (_writer is null) yield break;
            _writer.Flush();
        }
        using var reader = new StreamReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
        var read = 0;
        while (read < _count && reader.ReadLine() is { } line)
        {
            read++;
            yield return JsonSerializer.Deserialize(line, Json)!;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
        try { File.Delete(_path); } catch (IOException) { }
    }
}

/// <summary>The spool's JSON lines: a private format, read back only by <see cref="FindingSpool"/>.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Finding))]
internal sealed partial class SpoolJson : System.Text.Json.Serialization.JsonSerializerContext;
