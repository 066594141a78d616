using System.Text;
using Scanner.Core.Text;

namespace Scanner.Core.Tests.Text;

/// <summary>The folding tables skip ICU where NFKC is the identity (issue 20): it must be, on every code point skipped.</summary>
public sealed class CharFoldingTests
{
    [Fact]
    public void Nfkc_leaves_every_code_point_the_tables_skip_as_it_is()
    {
        var skipped = 0;
        for (var cp = 0; cp < 0x10000; cp++)
        {
            if (char.IsSurrogate((char)cp) || !CharFolding.StableUnderNfkc(cp)) continue;
            var text = ((char)cp).ToString();
            Assert.True(text == text.Normalize(NormalizationForm.FormKC), $"U+{cp:X4} changes under NFKC");
            skipped++;
        }
        Assert.True(skipped > 45_000, $"only {skipped} code points skipped");
    }

    [Fact]
    public void The_plain_letters_shortcut_folds_as_the_full_computation_does()
    {
        var shortcut = 0;
        for (var cp = 0; cp < 0x10000; cp++)
        {
            if (char.IsSurrogate((char)cp) || CharFolding.PlainLetter(cp) is not { } plain) continue;
            Assert.True(plain == CharFolding.Compute(cp), $"U+{cp:X4}: {plain} against {CharFolding.Compute(cp)}");
            Assert.Equal(plain, CharFolding.Fold(cp));
            shortcut++;
        }
        Assert.True(shortcut > 40_000, $"only {shortcut} code points take the shortcut");
    }

    [Fact]
    public void Compatibility_forms_outside_the_skipped_blocks_still_fold()
    {
        Assert.False(CharFolding.StableUnderNfkc(0xF900)); // 豈, a CJK compatibility ideograph: NFKC maps it
        Assert.Equal("岂", CharFolding.Fold(0xF900));   // NFKC to U+8C48 豈, then simplified
        Assert.Equal("a", CharFolding.Fold('Ａ'));      // fullwidth
        Assert.Equal("v", CharFolding.Fold('Ⅴ'));      // the seed page's Roman numeral
        Assert.Equal("国", CharFolding.Fold('國'));      // traditional → simplified still applies in the skipped block
    }
}
