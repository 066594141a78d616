using Scanner.Core.Analyzers;

namespace Scanner.Core.Tests.Analyzers;

public sealed class ScriptDecoderLimitTests
{
    /// <summary>
    /// About 200 KB: a string array whose first string is 10,000 characters long, used 16,000 times. Put back in place,
    /// the uses make 160 MB; before the caps this decoded into layers of many MB.
    /// </summary>
    private static string MultiplyingScript()
    {
        var longString = "x" + new string('<', 9_999);
        var uses = string.Concat(Enumerable.Repeat("_0x[0];", 16_000)); // 7 characters each: 112 KB
        return $"var _0x=[\"{longString}\",\"b\",\"c\"];{uses}" + new string(' ', 70_000);
    }

    [Fact]
    public void Each_layer_of_a_multiplying_script_is_capped()
    {
        var script = MultiplyingScript();
        Assert.InRange(script.Length, 190_000, 210_000);
        var layers = ScriptDecoder.Layers(script);
        Assert.NotEmpty(layers);
        Assert.All(layers, layer => Assert.True(layer.Length <= ScriptDecoder.MaxLayerLength, $"a layer of {layer.Length:N0} characters"));
        Assert.True(layers.Sum(l => (long)l.Length) <= ScriptDecoder.MaxPageLength);
    }

    [Fact]
    public void The_scripts_of_one_page_share_one_allowance()
    {
        var budget = new ScriptDecoder.Budget();
        long total = 0;
        for (var i = 0; i < 20; i++) total += ScriptDecoder.Layers(MultiplyingScript(), budget).Sum(l => (long)l.Length);
        Assert.True(total <= ScriptDecoder.MaxPageLength, $"{total:N0} characters decoded for one page");
        Assert.Equal(0, budget.Remaining);
        Assert.Empty(ScriptDecoder.Layers("eval(atob('PGEgaHJlZj0iaHR0cDovL3NwYW0uY29tLyI+PC9hPg=='))", budget));
        Assert.NotEmpty(ScriptDecoder.Layers("eval(atob('PGEgaHJlZj0iaHR0cDovL3NwYW0uY29tLyI+PC9hPg=='))"));
    }

    [Fact]
    public void Remembered_layers_cost_a_page_what_a_fresh_decode_costs_and_a_short_allowance_still_cuts_them()
    {
        // A text of its own, so no other test has decoded it before.
        var payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"document.write('<a href=\"http://spam.example/\">x</a>'); // {Guid.NewGuid()}"));
        var script = $"eval(atob('{payload}'));";
        var first = new ScriptDecoder.Budget();
        var decoded = ScriptDecoder.Layers(script, first);
        var second = new ScriptDecoder.Budget();
        var remembered = ScriptDecoder.Layers(script, second);
        Assert.NotEmpty(decoded);
        Assert.Equal(decoded, remembered);
        Assert.Equal(ScriptDecoder.MaxPageLength - decoded.Sum(l => l.Length), first.Remaining);
        Assert.Equal(first.Remaining, second.Remaining);
        // A page whose allowance is nearly spent gets what that allowance decodes, not the remembered layers.
        var nearlySpent = new ScriptDecoder.Budget(10);
        var cut = ScriptDecoder.Layers(script, nearlySpent);
        Assert.NotEmpty(cut);
        Assert.True(cut.Sum(l => l.Length) <= 10, $"{cut.Sum(l => l.Length)} characters decoded on an allowance of 10");
        Assert.Equal(0, nearlySpent.Remaining);
    }
}
