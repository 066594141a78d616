namespace Scanner.Core.Text;

/// <summary>
/// Builds the goto function of the keyword trie as a double array (Aoe 1989): the child of state s on symbol a is
/// t = base[s] + a when check[t] == s. Keys are sorted, and states placed breadth first; free cells are
/// found with a union-find "next free cell" so building 50,000 keys stays well under a second.
/// <para>
/// Each state also has a 16-bit child mask (bit a &amp; 15 for each child symbol a), and states that share a base
/// have disjoint masks. So the scan needs no parent check: a symbol that passes the state's mask and finds a cell
/// labelled with that symbol at base + a has found the state's own child, because any other parent of that cell would
/// share the base and have the same mask bit.
/// </para>
/// </summary>
internal sealed class DoubleArrayBuilder(int symbolCount, int[][] keys)
{
    private int[] _base = [];
    private int[] _check = [];
    private int[] _own = [];
    private int[] _childStart = [];
    private int[] _childCount = [];
    private int[] _nextFree = [];
    private ushort[] _baseMasks = [];
    private readonly List<int> _childSymbols = [];
    private int _multiFrom = 1;
    private int _used; // one past the highest occupied cell
    private int[] _order = [];

    public ReadOnlySpan<int> ChildrenOf(int state) =>
        state < _childCount.Length && _childCount[state] > 0
            ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_childSymbols).Slice(_childStart[state], _childCount[state])
            : [];

    public (int[] Base, int[] Check, int[] Own, int[] RootNext) Build()
    {
        var total = 0;
        foreach (var k in keys) total += k.Length;
        Grow(Math.Max(1024, total + symbolCount + 2));
        _order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(_order, (x, y) => ((ReadOnlySpan<int>)keys[x]).SequenceCompareTo(keys[y]));
        Occupy(0);
        _check[0] = -2; // the root is nobody's child
        if (keys.Length > 0) InsertAll();

        // Pad so that base[s] + symbol is always inside the arrays: no bounds to check while scanning.
        var size = _used + symbolCount + 1;
        var maxBase = 0;
        for (var s = 0; s < _used; s++) if (_check[s] != -1) maxBase = Math.Max(maxBase, _base[s]);
        size = Math.Max(size, maxBase + symbolCount + 1);
        Grow(size);
        Array.Resize(ref _base, size);
        Array.Resize(ref _check, size);
        Array.Resize(ref _own, size);
        Array.Resize(ref _childStart, size);
        Array.Resize(ref _childCount, size);
        _nextFree = [];

        var rootNext = new int[symbolCount + 1];
        for (var a = 1; a <= symbolCount; a++)
        {
            var t = _base[0] + a;
            rootNext[a] = t < size && _check[t] == 0 ? t : 0;
        }
        return (_base, _check, _own, rootNext);
    }

    /// <summary>Breadth first, so the states a scan visits most (the shallow ones) sit together at the front.</summary>
    private void InsertAll()
    {
        var queue = new Queue<(int State, int Lo, int Hi, int Depth)>();
        queue.Enqueue((0, 0, keys.Length, 0));
        while (queue.Count > 0)
        {
            var (state, lo, hi, depth) = queue.Dequeue();
            if (keys[_order[lo]].Length == depth)
            {
                _own[state] = _order[lo];
                lo++;
            }
            if (lo == hi) continue;

            var first = _childSymbols.Count;
            var last = -1;
            for (var k = lo; k < hi; k++)
            {
                var sym = keys[_order[k]][depth];
                if (sym != last) _childSymbols.Add(last = sym);
            }
            var count = _childSymbols.Count - first;
            var b = FindBase(first, count);
            // The scan takes cell a for the root's child on a without a look at the root's mask: no other state
            // may share the root's base.
            if (state == 0) _baseMasks[b] = ushort.MaxValue;
            _base[state] = b;
            _childStart[state] = first;
            _childCount[state] = count;
            var from = lo;
            for (var k = 0; k < count; k++)
            {
                var sym = _childSymbols[first + k];
                var t = b + sym;
                _check[t] = state;
                Occupy(t);
                var to = from;
                while (to < hi && keys[_order[to]][depth] == sym) to++;
                queue.Enqueue((t, from, to, depth + 1));
                from = to;
            }
        }
    }

    private int FindBase(int first, int count)
    {
        var lowest = _childSymbols[first];
        var highest = _childSymbols[first + count - 1];
        var multi = count > 1;
        var mask = 0;
        for (var k = 0; k < count; k++) mask |= ChildBit(_childSymbols[first + k]);
        var p = Find(Math.Max(lowest, multi ? _multiFrom : 1));
        var tries = 0;
        while (true)
        {
            var b = p - lowest;
            if (b + highest + 1 >= _check.Length) Grow(b + highest + 2);
            var fits = (_baseMasks[b] & mask) == 0;
            for (var k = 1; k < count && fits; k++)
                fits = _check[b + _childSymbols[first + k]] == -1;
            if (fits)
            {
                _baseMasks[b] |= (ushort)mask;
                if (multi && tries > 32) _multiFrom = p; // the cells before are too crowded for branching nodes
                return b;
            }
            p = Find(p + 1);
            tries++;
        }
    }

    /// <summary>The bit of a child's symbol in its parent's 16-bit child mask.</summary>
    public static int ChildBit(int symbol) => 1 << (symbol & 15);

    private int Find(int i)
    {
        if (i >= _nextFree.Length) Grow(i + 2);
        var root = i;
        while (_nextFree[root] != root) root = _nextFree[root];
        while (_nextFree[i] != root)
        {
            var next = _nextFree[i];
            _nextFree[i] = root;
            i = next;
        }
        if (root >= _check.Length - 1) Grow(root + 2);
        return root;
    }

    private void Occupy(int t)
    {
        if (t + 1 >= _nextFree.Length) Grow(t + 2);
        _nextFree[t] = t + 1;
        if (t + 1 > _used) _used = t + 1;
    }

    private void Grow(int needed)
    {
        if (needed <= _check.Length) return;
        var size = Math.Max(needed, _check.Length + _check.Length / 2);
        var old = _check.Length;
        Array.Resize(ref _base, size);
        Array.Resize(ref _check, size);
        Array.Resize(ref _own, size);
        Array.Resize(ref _childStart, size);
        Array.Resize(ref _childCount, size);
        Array.Resize(ref _nextFree, size);
        Array.Resize(ref _baseMasks, size);
        for (var i = old; i < size; i++)
        {
            _check[i] = -1;
            _own[i] = -1;
            _nextFree[i] = i;
        }
    }
}
