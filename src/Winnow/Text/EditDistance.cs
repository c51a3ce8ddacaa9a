namespace Winnow.Text;

/// <summary>
/// Levenshtein distance between two strings (insertions, deletions and substitutions of UTF-16 units, each costing 1),
/// bounded: only the diagonal band of width 2·<c>max</c> + 1 of the dynamic programme is computed (Ukkonen's cut-off),
/// so a call costs O(max · length) and answers "more than max" without finishing the table.
/// </summary>
public static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/> if it is at most <paramref name="max"/>, else <paramref name="max"/> + 1.</summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (Math.Abs(a.Length - b.Length) > max)
            return max + 1;
        // Common ends cost nothing and shorten the band's length.
        var prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        var suffix = 0;
        while (suffix < a.Length && suffix < b.Length && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;
        a = a[..^suffix];
        b = b[..^suffix];
        if (a.Length == 0 || b.Length == 0)
            return Math.Max(a.Length, b.Length);

        // row[j] holds D(i, j) for j in [i − max, i + max]; cells outside the band count as max + 1.
        var width = 2 * max + 1;
        var beyond = max + 1;
        var previous = new int[width + 2];
        var current = new int[width + 2];
        // Slot s of a row (1-based, slots 0 and width + 1 are sentinels) stands for column j = i − max + s − 1.
        for (var s = 0; s < width + 2; s++)
        {
            var j = s - 1 - max;
            previous[s] = j >= 0 && j <= b.Length ? j : beyond;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = beyond;
            current[width + 1] = beyond;
            var rowMinimum = beyond;
            for (var s = 1; s <= width; s++)
            {
                var j = i - max + s - 1;
                int value;
                if (j < 0 || j > b.Length)
                    value = beyond;
                else if (j == 0)
                    value = i;
                else
                {
                    // D(i−1, j−1) is previous[s], D(i−1, j) is previous[s + 1], D(i, j−1) is current[s − 1].
                    var diagonal = previous[s] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    value = Math.Min(diagonal, Math.Min(previous[s + 1], current[s - 1]) + 1);
                    value = Math.Min(value, beyond);
                }
                current[s] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }
            if (rowMinimum > max)
                return beyond;
            (previous, current) = (current, previous);
        }
        var last = b.Length - a.Length + max + 1;
        return Math.Min(previous[last], beyond);
    }

    /// <summary>The full dynamic programme, the reference the bounded one is tested against.</summary>
    public static int Reference(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.Min(d[i - 1, j], d[i, j - 1]) + 1);
        return d[a.Length, b.Length];
    }
}
