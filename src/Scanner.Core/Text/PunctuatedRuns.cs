using System.Buffers;

namespace Scanner.Core.Text;

/// <summary>
/// Runs of single characters with one Chinese sentence or clause mark between each two (违，禁。测！试, 看，无，码，视，频):
/// the evasion that splits a term with the very punctuation the matcher never crosses. The matcher reads each run
/// again with its marks taken out (<see cref="Compact"/>) and keeps what it finds there only if it is an evasion,
/// not two sentences that happen to meet (<see cref="IsEvasion"/>).
/// </summary>
internal readonly struct PunctuatedRuns
{
    /// <summary>The marks that split such a run: sentence and clause punctuation, not line breaks.</summary>
    private static readonly SearchValues<char> Marks = SearchValues.Create("。，、；：！？｡．︒﹒﹐﹑﹔﹕﹖﹗");

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

    /// <summary>Every run of two or more characters in <paramref name="text"/>; usually none. One vectorised search
    /// for the marks, and a look two characters ahead at each.</summary>
    public static List<Run>? Find(string text)
    {
        List<Run>? runs = null;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var k = span[i..].IndexOfAny(Marks);
            if (k < 0) break;
            i += k;
            // A run needs a character before the mark, a character after it, and the pattern to go on or end there.
            if (i == 0 || !IsCharacter(text[i - 1]) || i + 1 >= text.Length || !IsCharacter(text[i + 1]))
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
            // Two characters glued to text on both sides are two sentences that meet (特色。情况), unless the run is longer.
            if (positions.Count >= 3 || firstAlone || lastAlone)
            {
                var compact = string.Create(positions.Count, (text, positions), static (dst, s) =>
                {
                    for (var n = 0; n < dst.Length; n++) dst[n] = s.text[s.positions[n]];
                });
                (runs ??= []).Add(new Run(positions.ToArray(), compact, firstAlone, lastAlone));
            }
            i = p + 1;
        }
        return runs;
    }

    /// <summary>A character a term can hold: not a mark, not noise (spaces, symbols), not a line break.</summary>
    private static bool IsCharacter(char c) =>
        !char.IsSurrogate(c) && !CharFolding.IsHardBreak(c) && CharFolding.Fold(c).Length > 0;
}
