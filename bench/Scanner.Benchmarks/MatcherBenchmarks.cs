using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Scanner.Core.Text;

namespace Scanner.Benchmarks;

/// <summary>
/// Characters per second of keyword search over 1 Mi characters of real Chinese page text, clean and with evasive
/// spam injected, for 1,000 and 50,000 terms. The matcher does all normalisation while it scans. The baselines get
/// the text already normalised (its cost is not in their time) and only search: a loop of string.Contains per term,
/// and .NET's SearchValues&lt;string&gt; (finding every occurrence).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class MatcherBenchmarks
{
    private sealed class Config : ManualConfig
    {
        // On a shared machine the mean carries other tenants' bursts: show the median and the best run as well.
        public Config() => AddColumn(
            new ThroughputColumn("mean", s => s.Mean),
            new ThroughputColumn("median", s => s.Median),
            new ThroughputColumn("best", s => s.Min));
    }

    [Params(1_000, 50_000)]
    public int Terms { get; set; }

    [Params("clean", "injected")]
    public string Text { get; set; } = "clean";

    private string _text = "";
    private string _normalized = "";
    private string[] _normalizedTerms = [];
    private KeywordMatcher _matcher = null!;
    private SearchValues<string> _searchValues = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = Text == "clean" ? BenchData.CleanText() : BenchData.InjectedText();
        var terms = BenchData.Terms(Terms);
        _matcher = new KeywordMatcher(terms.Select(t => new KeywordDefinition(t)));
        _normalized = TextNormalizer.Normalize(_text).Text;
        _normalizedTerms = terms.Select(t => TextNormalizer.Normalize(t).Text).Where(t => t.Length > 0).Distinct().ToArray();
        _searchValues = SearchValues.Create(_normalizedTerms, StringComparison.Ordinal);
    }

    [Benchmark(Baseline = true, Description = "KeywordMatcher.FindAll (normalising)")]
    public int Matcher() => _matcher.FindAll(_text).Count;

    [Benchmark(Description = "SearchValues<string>, all occurrences (pre-normalised)")]
    public int SearchValuesAll()
    {
        var count = 0;
        var span = _normalized.AsSpan();
        for (var at = 0; ;)
        {
            var found = span[at..].IndexOfAny(_searchValues);
            if (found < 0) return count;
            count++;
            at += found + 1;
        }
    }

    [Benchmark(Description = "string.Contains per term (pre-normalised)")]
    public int NaiveContains()
    {
        var count = 0;
        foreach (var term in _normalizedTerms)
            if (_normalized.Contains(term, StringComparison.Ordinal)) count++;
        return count;
    }
}

/// <summary>Time and memory to build the matcher for 50,000 terms (and, for comparison, SearchValues).</summary>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private KeywordDefinition[] _definitions = [];
    private string[] _normalizedTerms = [];

    [GlobalSetup]
    public void Setup()
    {
        var terms = BenchData.Terms(50_000);
        _definitions = terms.Select(t => new KeywordDefinition(t)).ToArray();
        _normalizedTerms = terms.Select(t => TextNormalizer.Normalize(t).Text).Where(t => t.Length > 0).Distinct().ToArray();
    }

    [Benchmark(Baseline = true, Description = "KeywordMatcher, 50,000 terms")]
    public int BuildMatcher() => new KeywordMatcher(_definitions).Count;

    [Benchmark(Description = "SearchValues<string>, 50,000 terms")]
    public object BuildSearchValues() => SearchValues.Create(_normalizedTerms, StringComparison.Ordinal);
}

/// <summary>Millions of text characters per second, from one statistic (mean, median, best) of the time of one
/// operation.</summary>
public sealed class ThroughputColumn(string statistic, Func<BenchmarkDotNet.Mathematics.Statistics, double> time) : IColumn
{
    public string Id => nameof(ThroughputColumn) + statistic;
    public string ColumnName => $"M chars/s ({statistic})";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Millions of characters of text searched per second (1,048,576 characters / {statistic} time)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats) return "-";
        return (BenchData.TextChars / time(stats) * 1e3).ToString("F1");
    }
}
