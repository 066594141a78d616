using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Scanner.EndToEnd.Tests.Corpus;

/// <summary>
/// Builds the development corpus (tests/corpus/dev) into a folder, deterministically: the same inputs give the same
/// bytes. Spam pages are real clean host pages (../shared/corpus/clean) with an injection of one technique, plus whole
/// doorway pages; clean pages are the real clean pages as they are, plus hard negatives (crackdown and lottery news,
/// place names, share menus, packed analytics…). The phrases attackers use sit in tests/corpus/dev/phrases, the hard
/// negatives' texts in tests/corpus/dev/negatives. Writes labels.tsv (file, label, technique, split, category): the split
/// (dev / holdout) is a hash of the file name, so it never depends on results.
/// </summary>
public sealed class DevCorpusGenerator(string cleanPagesFolder, string corpusSourceFolder)
{
    public const string LabelsFileName = "labels.tsv";
    private readonly List<(string File, string Label, string Technique, string Category)> _labels = [];
    private string _out = "";

    public static readonly string[] Categories =
        ["porn", "gambling", "fake-docs", "escort", "guns", "drugs", "private-servers", "loans", "surrogacy", "hacking", "medicine"];

    /// <summary>Writes every page and labels.tsv into <paramref name="outputFolder"/> (created; earlier contents stay).</summary>
    public IReadOnlyList<(string File, string Label, string Technique, string Split)> Generate(string outputFolder)
    {
        _out = outputFolder;
        Directory.CreateDirectory(outputFolder);
        var phrases = Categories.ToDictionary(c => c, c => Lines(Path.Combine(corpusSourceFolder, "phrases", c + ".txt")));
        var hosts = Directory.GetFiles(cleanPagesFolder, "*.html").Order(StringComparer.Ordinal).ToArray();
        if (hosts.Length == 0) throw new InvalidOperationException($"no clean host pages in {cleanPagesFolder}");

        var injections = new Injections(phrases);
        foreach (var (technique, count, category, inject) in injections.All)
            for (var i = 1; i <= count; i++)
            {
                var rng = Rng(technique, i);
                var host = PickHost(hosts, technique, i, inject.NeedsChinese);
                var (html, encoding) = Read(host);
                var injected = inject.Apply(html, rng, category ?? Pick(rng, ["porn", "gambling"]));
                Write($"spam/{technique}-{i:00}.html", injected, encoding, "spam", technique, category ?? "porn|gambling");
            }

        var doorways = new Doorways(phrases, Lines(Path.Combine(corpusSourceFolder, "negatives", "filler.txt")));
        foreach (var (path, html, category, technique) in doorways.All())
            Write(path, html, Encoding.UTF8, "spam", technique, category);

        foreach (var host in hosts)
        {
            var (html, encoding) = Read(host);
            Write($"clean/real/{Path.GetFileName(host)}", html, encoding, "clean", "real-clean-page", "");
        }
        var negatives = new HardNegatives(Path.Combine(corpusSourceFolder, "negatives"));
        foreach (var (technique, count, build) in negatives.All)
            for (var i = 1; i <= count; i++)
            {
                var rng = Rng(technique, i);
                var (html, encoding) = Read(PickHost(hosts, technique, i, chinese: true));
                Write($"clean/{technique}-{i:00}.html", build(html, rng), encoding, "clean", technique, "");
            }

        var rows = _labels.OrderBy(l => l.File, StringComparer.Ordinal)
            .Select(l => (l.File, l.Label, l.Technique, Split: SplitOf(l.File), l.Category)).ToList();
        File.WriteAllLines(Path.Combine(outputFolder, LabelsFileName),
            ["file\tlabel\ttechnique\tsplit\tcategory", .. rows.Select(r => $"{r.File}\t{r.Label}\t{r.Technique}\t{r.Split}\t{r.Category}")],
            new UTF8Encoding(false));
        return rows.Select(r => (r.File, r.Label, r.Technique, r.Split)).ToList();
    }

    /// <summary>dev or holdout, by the first byte of the file name's SHA-256: about half each, fixed forever.</summary>
    public static string SplitOf(string file) => SHA256.HashData(Encoding.UTF8.GetBytes(file))[0] % 2 == 0 ? "dev" : "holdout";

    private void Write(string relative, string html, Encoding encoding, string label, string technique, string category)
    {
        var path = Path.Combine(_out, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, encoding.GetBytes(html));
        _labels.Add((relative, label, technique, category));
    }

    /// <summary>A host page for injection i of a technique, spread over the hosts by a hash (Chinese pages for Chinese spam).</summary>
    private static string PickHost(string[] hosts, string technique, int i, bool chinese)
    {
        var pool = chinese ? hosts.Where(h => Path.GetFileName(h).StartsWith("gne-", StringComparison.Ordinal)).ToArray() : hosts;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{technique}#{i}"));
        return pool[BitConverter.ToUInt32(hash, 0) % pool.Length];
    }

    /// <summary>The page as text and the encoding to write it back in (its own: GBK pages stay GBK, as GB18030).</summary>
    private static (string Html, Encoding Encoding) Read(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var html = Scanner.Core.Loading.HtmlDecoder.Decode(bytes, null);
        var label = Regex.Match(html[..Math.Min(html.Length, 4096)], @"charset\s*=\s*[""']?([\w-]+)", RegexOptions.IgnoreCase);
        var encoding = label.Success ? Scanner.Core.Loading.HtmlDecoder.FromLabel(label.Groups[1].Value) ?? Encoding.UTF8 : Encoding.UTF8;
        return (html, encoding is UTF8Encoding ? new UTF8Encoding(false) : encoding);
    }

    public static Random Rng(string technique, int i) =>
        new(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{technique}/{i}")), 0));

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static IReadOnlyList<T> PickSome<T>(Random rng, IReadOnlyList<T> items, int count) =>
        items.OrderBy(_ => rng.Next()).Take(Math.Min(count, items.Count)).ToList();

    public static IReadOnlyList<string> Lines(string file) =>
        File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
}
