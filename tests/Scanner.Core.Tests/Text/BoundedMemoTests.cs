using Scanner.Core.Text;

namespace Scanner.Core.Tests.Text;

public class BoundedMemoTests
{
    [Fact]
    public void Computes_a_key_once_while_it_is_kept()
    {
        var calls = 0;
        var memo = new BoundedMemo<int>(k => { calls++; return k.Length; }, capacity: 4);
        Assert.Equal(3, memo["abc"]);
        Assert.Equal(3, memo["abc"]);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Forgets_everything_past_its_capacity()
    {
        var calls = 0;
        var memo = new BoundedMemo<int>(k => { calls++; return k.Length; }, capacity: 4);
        foreach (var key in new[] { "a", "b", "c", "d", "e" }) _ = memo[key]; // the fifth empties it
        _ = memo["a"];
        Assert.Equal(6, calls);
    }

    [Fact]
    public void Never_keeps_a_long_key()
    {
        var calls = 0;
        var memo = new BoundedMemo<int>(k => { calls++; return k.Length; }, maxKeyLength: 8);
        var longKey = new string('x', 9);
        _ = memo[longKey];
        _ = memo[longKey];
        Assert.Equal(2, calls);
    }
}
