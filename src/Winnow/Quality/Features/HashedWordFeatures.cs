using System.Buffers;
using System.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// Word unigrams and bigrams of a response, plus its first one to three words marked as an opening, hashed
/// (FNV-1a 64 over UTF-8, fixed by definition so a saved model reads the same buckets everywhere) into
/// <c>buckets</c> values of ln(1 + count). FNV-1a reads bytes in order, so a gram's hash continues from its
/// first word's: each word is encoded to UTF-8 once and no gram string is built.
/// </summary>
public static class HashedWordFeatures
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static void Add(string response, Span<double> buckets) => Add(FeatureText.Of("", response), buckets);

    internal static void Add(FeatureText text, Span<double> buckets)
    {
        var words = text.ResponseWords;
        // UTF-8 of each distinct word, concatenated; a word's bytes are [starts[id], starts[id + 1]).
        var types = text.WordTypes;
        var starts = ArrayPool<int>.Shared.Rent(types + 1);
        var size = 0;
        for (var id = 0; id < types; id++)
            size += Encoding.UTF8.GetByteCount(text.Word(id));
        var utf8 = ArrayPool<byte>.Shared.Rent(size);
        starts[0] = 0;
        for (var id = 0; id < types; id++)
            starts[id + 1] = starts[id] + Encoding.UTF8.GetBytes(text.Word(id), utf8.AsSpan(starts[id]));
        ReadOnlySpan<byte> Bytes(int id) => utf8.AsSpan(starts[id], starts[id + 1] - starts[id]);

        var bucketCount = buckets.Length;
        var counts = ArrayPool<int>.Shared.Rent(bucketCount);
        Array.Clear(counts, 0, bucketCount);
        var touched = new List<int>();
        void Count(ulong hash)
        {
            var bucket = (int)(hash % (ulong)bucketCount);
            if (counts[bucket] == 0)
                touched.Add(bucket);
            counts[bucket]++;
        }
        for (var i = 0; i < words.Length; i++)
        {
            var word = Fnv(Offset, Bytes(words[i]));
            Count(word);
            if (i + 1 < words.Length)
                Count(Fnv(Fnv(word, " "u8), Bytes(words[i + 1])));
        }
        var opening = Fnv(Offset, "^"u8);
        for (var n = 1; n <= Math.Min(3, words.Length); n++)
        {
            opening = Fnv(Fnv(opening, " "u8), Bytes(words[n - 1]));
            Count(opening);
        }
        foreach (var bucket in touched)
            buckets[bucket] = Math.Log(1 + counts[bucket]);
        ArrayPool<int>.Shared.Return(counts);
        ArrayPool<byte>.Shared.Return(utf8);
        ArrayPool<int>.Shared.Return(starts);
    }

    public static int Bucket(string gram, int buckets) => (int)(Fnv(Offset, Encoding.UTF8.GetBytes(gram)) % (ulong)buckets);

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }
}
