using Scanner.Core.Model;
using Scanner.Core.Rules;

namespace Scanner.Core.Tests.Rules;

public sealed class WordListImportTests
{
    [Fact]
    public void A_word_list_becomes_a_pack_of_the_chosen_category_and_severity_without_duplicates_or_single_characters()
    {
        var list = Path.Combine(Path.GetTempPath(), $"list-{Guid.NewGuid():N}.txt");
        File.WriteAllText(list, "\uFEFF# weapons\n出售雷管\n\n  炸药  \n出售雷管\n澳門賭場\n澳门赌场\nＡＫ47\nak47\n枪\n# end\n");
        try
        {
            var import = WordListImport.FromFile(list, "weapons", "weapons", Severity.Medium);

            Assert.Equal(["出售雷管", "炸药", "澳門賭場", "ＡＫ47"], import.Pack.Terms.Select(t => t.Term));
            Assert.Equal(("keyword.weapons", "weapons", Severity.Medium), (import.Pack.RuleId, import.Pack.Category, import.Pack.Severity));
            Assert.Equal(8, import.Entries);
            Assert.Equal(3, import.Duplicates); // 出售雷管 again, 澳门赌场 (simplified), ak47 (folded)
            Assert.Equal(["枪"], import.SingleCharacters);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void Terms_that_occur_in_clean_pages_are_left_out_and_counted_per_page()
    {
        var folder = Directory.CreateTempSubdirectory("clean-pages-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.html"),
                "<html><head><title>网络问政</title><script>var s = '出售雷管';</script></head><body><p>招聘公告</p></body></html>");
            File.WriteAllText(Path.Combine(folder, "b.html"), "<html><body><ul><li>招</li><li>聘</li></ul><p>网络 安全</p></body></html>");
            var list = Path.Combine(folder, "list.txt");
            File.WriteAllText(list, "网络\n招聘\n出售雷管\n炸药\n");

            var import = WordListImport.FromFile(list, "ads", "ads", Severity.High)
                .WithoutTermsFoundIn([Path.Combine(folder, "a.html"), Path.Combine(folder, "b.html")]);

            // In the title and in text, on one or both pages; not in a script, and not across two list items.
            Assert.Equal([("网络", 2), ("招聘", 1)], import.FoundOnCleanPages);
            Assert.Equal(["出售雷管", "炸药"], import.Pack.Terms.Select(t => t.Term));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_saved_clean_page_in_gbk_is_read_by_its_charset()
    {
        var folder = Directory.CreateTempSubdirectory("clean-pages-").FullName;
        try
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            var page = Path.Combine(folder, "gbk.html");
            File.WriteAllBytes(page, System.Text.Encoding.GetEncoding("gb18030")
                .GetBytes("<html><head><meta charset=\"gbk\"><title>通知</title></head><body><p>招聘公告</p></body></html>"));
            var list = Path.Combine(folder, "list.txt");
            File.WriteAllText(list, "招聘\n炸药\n");

            var import = WordListImport.FromFile(list, "ads", "ads", Severity.High).WithoutTermsFoundIn([page]);

            Assert.Equal([("招聘", 1)], import.FoundOnCleanPages);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_list_that_is_not_utf8_is_refused_with_its_first_bad_line()
    {
        var list = Path.Combine(Path.GetTempPath(), $"list-{Guid.NewGuid():N}.txt");
        // 出售 in GBK on the third line: read as UTF-8 it would be imported as mojibake.
        File.WriteAllBytes(list, [.. "# list\n出售雷管\n"u8, 0xB3, 0xF6, 0xCA, 0xDB, (byte)'\n']);
        try
        {
            var error = Assert.Throws<RuleFileException>(() => WordListImport.FromFile(list, "x", "x", Severity.High));
            Assert.Equal((list, 3), (error.File, error.Line));
            Assert.Contains("not UTF-8", error.Problem);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public void A_written_pack_reads_back_the_same_even_with_terms_that_look_like_yaml()
    {
        string[] terms = ["百家乐", "a: b", "#1 casino", "- x", "'quoted'", "\"double\"", "*star", "&amp", "[x]", "{y}",
            "%p", "@at", "`tick`", "yes", "null", "~", "123", "tab\there", "no-break\u00a0space"];
        var pack = new KeywordPack
        {
            Id = "odd-terms", Category = "fraud", Severity = Severity.Critical, Title = "Odd: terms", Help = "# not a comment",
            Terms = terms.Select(t => new KeywordTerm(t)).ToArray(), SourceFile = "list.txt",
        };
        var yaml = new StringWriter();
        KeywordPackWriter.Write(pack, yaml, ["Imported from list.txt.", "Second line."]);

        Assert.StartsWith("# Imported from list.txt.\n# Second line.\n", yaml.ToString().ReplaceLineEndings("\n"));
        var back = RuleFileParser.Parse(yaml.ToString(), "odd-terms.yaml").Pack!;
        Assert.Equal(terms, back.Terms.Select(t => t.Term));
        Assert.Equal((pack.Id, pack.Category, pack.Severity, pack.Title, pack.Help), (back.Id, back.Category, back.Severity, back.Title, back.Help));
    }
}
