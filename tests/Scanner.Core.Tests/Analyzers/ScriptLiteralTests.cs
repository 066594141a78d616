using System.Text.RegularExpressions;
using Scanner.Core.Analyzers;

namespace Scanner.Core.Tests.Analyzers;

/// <summary>
/// <see cref="ScriptDecoder.LiteralsOfAtLeast"/> finds the literals by hand (issue 20); it must give exactly what the
/// <see cref="ScriptDecoder.StringLiteral"/> pattern's matches give, on hand-made edge cases and on every file of the
/// clean corpus (its scripts, and markup as a worst case).
/// </summary>
public sealed class ScriptLiteralTests
{
    private static List<string> ByPattern(string code, int length) =>
        ScriptDecoder.StringLiteral().Matches(code).Select(m => m.Groups[2].Value).Where(v => v.Length >= length).ToList();

    [Theory]
    [InlineData("var a = 'one', b = \"two\";")]
    [InlineData("x = 'it\\'s', y = \"say \\\"hi\\\"\";")]
    [InlineData("unclosed ' then a \"closed\" one")]
    [InlineData("a = 'broken\nline' + \"ok\"")]
    [InlineData("a = 'cr\rinside' + 'escaped \\\r cr'")]
    [InlineData("a = 'escaped \\\nnewline' + 'next'")]
    [InlineData("trailing backslash '\\")]
    [InlineData("'' \"\" '\"' \"'\" '\\\\'")]
    [InlineData("quotes ''' \"\"\" end")]
    public void Hand_found_literals_are_the_patterns_matches(string code)
    {
        foreach (var length in new[] { 0, 1, 3, 12 })
            Assert.Equal(ByPattern(code, length), ScriptDecoder.LiteralsOfAtLeast(code, length).ToList());
    }

    [Fact]
    public void Every_clean_corpus_file_gives_the_same_literals_both_ways()
    {
        var files = Directory.GetFiles(SharedFolder.Path("corpus", "clean"), "*.html").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var literals = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var length in new[] { 1, 24, 200 })
            {
                var expected = ByPattern(text, length);
                Assert.True(expected.SequenceEqual(ScriptDecoder.LiteralsOfAtLeast(text, length)), $"{Path.GetFileName(file)}, length {length}");
                literals += expected.Count;
            }
        }
        Assert.True(literals > 10_000, $"only {literals} literals compared");
    }
}
