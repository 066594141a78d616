using Scanner.Core.Model;
using Scanner.Core.Text;

namespace Scanner.Core.Rules;

/// <summary>
/// A plain word list (one term per line, <c>#</c> comments) turned into a keyword pack of a chosen category and
/// severity, with an account of what was left out. Public lists are noisy: the same term in traditional and
/// simplified or in full-width letters is kept once, and a term of a single character (妈, 操) is left out, because
/// alone it sits inside too many ordinary words; it can only be added by hand, with the context it needs.
/// </summary>
public sealed record WordListImport(KeywordPack Pack, int Entries, int Duplicates, IReadOnlyList<string> SingleCharacters)
{
    /// <summary>Terms left out because they occur in clean pages, with how many pages hold each, most first.</summary>
    public IReadOnlyList<(string Term, int Pages)> FoundOnCleanPages { get; init; } = [];

    /// <summary>The import without the terms that occur in <paramref name="cleanPages"/> (HTML files of the site's
    /// own, known-clean pages): such a term would fire on them (<see cref="CleanPageCheck"/>).</summary>
    public WordListImport WithoutTermsFoundIn(IReadOnlyCollection<string> cleanPages)
    {
        var found = CleanPageCheck.TermsFoundIn(Pack, cleanPages);
        return this with
        {
            Pack = Pack with { Terms = Pack.Terms.Where(t => !found.ContainsKey(t.Term)).ToArray() },
            FoundOnCleanPages = found.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => (f.Key, f.Value)).ToArray(),
        };
    }

    /// <param name="path">The word list (UTF-8).</param>
    /// <param name="id">The pack id: its findings have the rule id <c>keyword.{id}</c>.</param>
    /// <param name="category">The findings' category.</param>
    /// <param name="severity">The findings' severity.</param>
    /// <exception cref="RuleFileException">The list is not UTF-8; the message names the first bad line.</exception>
    public static WordListImport FromFile(string path, string id, string category, Severity severity)
    {
        var text = WordList.DecodeStrictly(File.ReadAllBytes(path), out var badLine)
                   ?? throw new RuleFileException(path, badLine, 1, "not UTF-8 text; convert the list first (for a GBK list: iconv -f GBK -t UTF-8)");
        var terms = WordList.Read(new StringReader(text), out var entries);
        var single = terms.Where(t => TextNormalizer.NormalizeTerm(t).Length == 1).ToArray();
        var kept = terms.Except(single, StringComparer.Ordinal).Select(t => new KeywordTerm(t)).ToArray();
        var pack = new KeywordPack
        {
            Id = id,
            Category = category,
            Severity = severity,
            Title = $"Terms from {Path.GetFileName(path)}",
            Help = $"The text holds a term of the word list {Path.GetFileName(path)} ({category}).",
            Terms = kept,
            SourceFile = path,
        };
        return new WordListImport(pack, entries, entries - terms.Count, single);
    }
}
