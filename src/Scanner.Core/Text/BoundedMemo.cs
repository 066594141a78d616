using System.Collections.Concurrent;

namespace Scanner.Core.Text;

/// <summary>
/// Remembers a pure function of a string, for lookups that every page repeats on the same few keys (a link's host, a
/// host's registrable domain). Thread-safe; emptied when it reaches <c>capacity</c>, so a crawl of a million hosts
/// does not grow it without end; keys longer than <c>maxKeyLength</c> (a hostile page's megabyte data: URL) are
/// computed each time and never kept.
/// </summary>
public sealed class BoundedMemo<TValue>(Func<string, TValue> compute, int capacity = 8192, int maxKeyLength = 512)
{
    private ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private int _count;

    public TValue this[string key]
    {
        get
        {
            if (key.Length > maxKeyLength) return compute(key);
            var values = _values;
            if (values.TryGetValue(key, out var known)) return known;
            var value = compute(key);
            if (Interlocked.Increment(ref _count) > capacity)
            {
                _values = values = new ConcurrentDictionary<string, TValue>(StringComparer.Ordinal);
                Interlocked.Exchange(ref _count, 1);
            }
            values[key] = value;
            return value;
        }
    }
}
