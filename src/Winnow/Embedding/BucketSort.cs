using System.Buffers;
using System.Runtime.InteropServices;

namespace Winnow.Embedding;

/// <summary>
/// Sorts a text's term buckets (integers in [0, 2^bits)) ascending by least-significant-digit radix, 9 bits a pass:
/// two counting passes for 18-bit buckets, with no comparison to mispredict. A text's few hundred buckets sorted this
/// way cost a fraction of an introsort's; lists shorter than <see cref="SmallestRadix"/> are left to it.
/// </summary>
internal static class BucketSort
{
    private const int DigitBits = 9;
    private const int SmallestRadix = 64;

    public static void Sort(List<int> buckets, int bits)
    {
        var values = CollectionsMarshal.AsSpan(buckets);
        if (values.Length < SmallestRadix)
        {
            values.Sort();
            return;
        }
        var rented = ArrayPool<int>.Shared.Rent(values.Length);
        Radix(values, rented.AsSpan(0, values.Length), bits);
        ArrayPool<int>.Shared.Return(rented);
    }

    /// <summary>Stable counting sort by each 9-bit digit in turn; the result ends in <paramref name="values"/>.</summary>
    internal static void Radix(Span<int> values, Span<int> scratch, int bits)
    {
        const int mask = (1 << DigitBits) - 1;
        Span<int> starts = stackalloc int[1 << DigitBits];
        var from = values;
        var to = scratch;
        for (var shift = 0; shift < bits; shift += DigitBits)
        {
            starts.Clear();
            foreach (var v in from)
                starts[(v >> shift) & mask]++;
            var total = 0;
            for (var d = 0; d < starts.Length; d++)
                (starts[d], total) = (total, total + starts[d]);
            foreach (var v in from)
                to[starts[(v >> shift) & mask]++] = v;
            var filled = to;
            to = from;
            from = filled;
        }
        if (from != values)
            from.CopyTo(values);
    }
}
