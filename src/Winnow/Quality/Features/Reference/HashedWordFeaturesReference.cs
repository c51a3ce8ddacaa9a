using System.Text;

namespace Winnow.Quality.Features;

/// <summary>
/// Reference twin of <see cref="HashedWordFeatures"/>: every gram built as a string and hashed over its UTF-8 bytes,
/// written for obviousness, not speed.
/// </summary>
public static class HashedWordFeaturesReference
{
    public static void Add(string response, Span<double> buckets)
    {
        var words = TextFeaturesReference.Words(response);
        var counts = new Dictionary<int, int>();
        var size = buckets.Length;
        void Count(string gram)
        {
            var bucket = Bucket(gram, size);
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }
        for (var i = 0; i < words.Count; i++)
        {
            Count(words[i]);
            if (i + 1 < words.Count)
                Count(words[i] + " " + words[i + 1]);
        }
        for (var n = 1; n <= Math.Min(3, words.Count); n++)
            Count("^ " + string.Join(' ', words.Take(n)));
        foreach (var (bucket, count) in counts)
            buckets[bucket] = Math.Log(1 + count);
    }

    public static int Bucket(string gram, int buckets)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(gram))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return (int)(hash % (ulong)buckets);
    }
}
