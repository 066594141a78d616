using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Scanner.Core.Text;

/// <summary>
/// Runs of single characters with one Chinese sentence or clause mark between each two (违，禁。测！试, 看，无，码，视，频):
/// the evasion that splits a term with the very punctuation the matcher never crosses. The matcher reads each run
/// again with its marks taken out (<see cref="Compact"/>) and keeps what it finds there only if it is an evasion,
/// not two sentences that happen to meet (<see cref="IsEvasion"/>).
/// </summary>
internal readonly struct PunctuatedRuns
{
    /// <summary>The marks that split such a run: Chinese sentence and clause punctuation, not line breaks (the rarer
    /// small and vertical forms are left out: they would cost the search a third range test).</summary>
    private static readonly SearchValues<char> Marks = SearchValues.Create("。，、；：！？．");

    /// <summary>A run: the positions in the original text of its characters (one UTF-16 unit each), in order.
    /// Every character but the first and last stands alone between two marks; the first and last may be glued to
    /// the text beside them.</summary>
    public sealed record Run(int[] Positions, string Compact, bool FirstAlone, bool LastAlone)
    {
        /// <summary>Whether the compact characters [first, last] are a term split on purpose: every gap holds one
        /// mark (true of any span of a run), and either the term has 3+ characters, or its characters stand alone and
        /// the run of lone characters goes on past it on one side (无，码 in 看，无，码，视，频; not 特色。情况).</summary>
        public bool IsEvasion(int first, int last)
        {
            if (last - first + 1 >= 3) return true;
            bool Alone(int k) => k > 0 && k < Positions.Length - 1 || k == 0 && FirstAlone || k == Positions.Length - 1 && LastAlone;
            if (!Alone(first) || !Alone(last)) return false;
            return first > 0 && Alone(first - 1) || last < Positions.Length - 1 && Alone(last + 1);
        }
    }

    /// <summary>Every run of two or more characters in <paramref name="text"/>; usually none. A run holds a mark at
    /// some i and another at i + 2: <see cref="NextMarkPair"/> looks for that, 16 characters at a time, so ordinary
    /// text (a comma every dozen characters) costs a few vector instructions per 16 characters.</summary>
    public static List<Run>? Find(string text)
    {
        List<Run>? runs = null;
        var i = 0;
        while ((i = NextMarkPair(text, i)) >= 0)
        {
            // A mark at i and at i + 2; the run starts with the character before the first mark.
            if (i == 0 || !IsCharacter(text[i - 1]) || !IsCharacter(text[i + 1]))
            {
                i++;
                continue;
            }
            var positions = new List<int> { i - 1, i + 1 };
            var p = i + 1;
            // Go on while the last character stands alone: mark, character, and so on.
            while (p + 2 < text.Length && Marks.Contains(text[p + 1]) && IsCharacter(text[p + 2]))
            {
                p += 2;
                positions.Add(p);
            }
            var firstAlone = i - 1 == 0 || !IsCharacter(text[i - 2]);
            var lastAlone = p + 1 >= text.Length || !IsCharacter(text[p + 1]);
            var compact = string.Create(positions.Count, (text, positions), static (dst, s) =>
            {
                for (var n = 0; n < dst.Length; n++) dst[n] = s.text[s.positions[n]];
            });
            (runs ??= []).Add(new Run(positions.ToArray(), compact, firstAlone, lastAlone));
            i = p + 1;
        }
        return runs;
    }

    /// <summary>The first i at or after <paramref name="from"/> with a mark at i and at i + 2, or -1. One load and
    /// two range tests per 16 characters: the lanes that may hold a mark become a bit mask, and a mark two lanes on is
    /// the mask shifted by two (the last two lanes of the previous block carried over).</summary>
    private static int NextMarkPair(string text, int from)
    {
        var i = from;
        if (Vector256.IsHardwareAccelerated && text.Length - from >= Vector256<ushort>.Count)
        {
            ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text.AsSpan()));
            uint previous = 0;
            for (; i + Vector256<ushort>.Count <= text.Length; i += Vector256<ushort>.Count)
            {
                var bits = MaybeMark(Vector256.LoadUnsafe(ref chars, (nuint)i)).ExtractMostSignificantBits();
                // Bit j of window: position i - 2 + j; a pair at i - 2 + j holds bits j and j + 2.
                var window = previous >> 14 | bits << 2;
                var pairs = window & window >> 2 & 0xFFFF;
                previous = bits;
                while (pairs != 0)
                {
                    var k = i - 2 + System.Numerics.BitOperations.TrailingZeroCount(pairs);
                    if (k >= from && IsMark(text[k]) && IsMark(text[k + 2])) return k;
                    pairs &= pairs - 1;
                }
            }
            i = Math.Max(from, i - 2);
        }
        for (; i + 2 < text.Length; i++)
            if (IsMark(text[i]) && IsMark(text[i + 2])) return i;
        return -1;
    }

    private static bool IsMark(char c) => Marks.Contains(c);

    /// <summary>Lanes that may hold a mark: 、。 (U+3001–3002) and the full-width forms U+FF01–FF1F (！，．：；？ among
    /// them). A superset, confirmed one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> MaybeMark(Vector256<ushort> v) =>
        Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0x3001), Vector256.Create((ushort)1))
        | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0xFF01), Vector256.Create((ushort)0x1E));

    /// <summary>A character a term can hold: not a mark, not noise (spaces, symbols), not a line break.</summary>
    private static bool IsCharacter(char c) =>
        !char.IsSurrogate(c) && !CharFolding.IsHardBreak(c) && CharFolding.Fold(c).Length > 0;
}
