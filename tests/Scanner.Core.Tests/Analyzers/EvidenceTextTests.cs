using Scanner.Core.Analyzers;

namespace Scanner.Core.Tests.Analyzers;

public sealed class EvidenceTextTests
{
    [Fact]
    public void Terms_far_apart_in_a_long_block_show_the_window_of_each_not_all_between()
    {
        var filler = string.Concat(Enumerable.Repeat("政务公开 办事服务 互动交流 ", 4000));
        var text = "首页 魔兽私服 " + filler + " 传奇私服 尾页";
        var first = text.IndexOf("魔兽私服", StringComparison.Ordinal);
        var lastStart = text.IndexOf("传奇私服", StringComparison.Ordinal);

        var evidence = EvidenceText.Window(text, first, lastStart + 4, lastStart);

        Assert.True(evidence.Length < 2 * EvidenceText.MaxLength + 10, $"{evidence.Length} characters of evidence");
        Assert.Contains("魔兽私服", evidence);
        Assert.Contains("传奇私服", evidence);
        Assert.Contains(" … ", evidence);
    }

    [Fact]
    public void Terms_close_together_show_one_window_of_the_text_as_it_is()
    {
        var text = new string('x', 500) + "百家乐 真人荷官 在线娱乐城" + new string('y', 500);
        var first = text.IndexOf("百家乐", StringComparison.Ordinal);
        var lastStart = text.IndexOf("在线娱乐城", StringComparison.Ordinal);

        var evidence = EvidenceText.Window(text, first, lastStart + 5, lastStart);

        Assert.Contains("百家乐 真人荷官 在线娱乐城", evidence);
        Assert.DoesNotContain(" … ", evidence);
    }
}
