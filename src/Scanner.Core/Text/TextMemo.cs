using System.Collections.Concurrent;

namespace Scanner.Core.Text;

/// <summary>
/// Remembers what was worked out from long texts that a scan meets again and again (a site's <c>jquery.js</c> and
/// <c>site.js</c> on every page, the same inline analytics snippet), for callers that decide themselves whether a
/// remembered value still applies (<see cref="BoundedMemo{TValue}"/> is the simpler form for pure functions of short
/// keys). Thread-safe. Bounded by characters (the keys' length plus the weight the caller gives each value) and by
/// entries: past either it is emptied, so a crawl of a million distinct scripts does not grow it.
/// </summary>
public sealed class TextMemo<TValue>(long maxCharacters, int maxEntries = 4096)
{
    private ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private long _characters;
    private int _count;

    public bool TryGet(string key, out TValue value) => _values.TryGetValue(key, out value!);

    /// <param name="weight">The characters the value holds besides the key (decoded text, for instance).</param>
    public void Keep(string key, TValue value, long weight = 0)
    {
        var size = key.Length + weight;
        if (size > maxCharacters / 4) return; // one huge text would push out everything else
        var values = _values;
        if (Interlocked.Add(ref _characters, size) > maxCharacters || Interlocked.Increment(ref _count) > maxEntries)
        {
            _values = values = new ConcurrentDictionary<string, TValue>(StringComparer.Ordinal);
            Interlocked.Exchange(ref _characters, size);
            Interlocked.Exchange(ref _count, 1);
        }
        values[key] = value;
    }
}
