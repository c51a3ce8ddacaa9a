using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Winnow.Text;

/// <summary>
/// The plain twin of <see cref="MinHashLsh"/>'s fast paths, which the tests hold them to: the regex tokeniser, one
/// string per word, the system SHA-1 of each bigram, and the signature one permutation and one shingle at a time.
/// </summary>
internal static class MinHashLshReference
{
    /// <summary>Sorted distinct 32-bit hashes of the text's word bigrams (a one-word text is its own shingle).</summary>
    public static uint[] Shingles(string text) => EachShingle(text).Distinct().Order().ToArray();

    /// <summary>The 32-bit hash of each of the text's word bigrams in text order, repeats included (a one-word text is its own shingle).</summary>
    public static uint[] EachShingle(string text)
    {
        var words = WordPunctTokenizer.Tokenize(text.ToLowerInvariant());
        if (words.Count == 1)
            return [Hash32(words[0], null)];
        if (words.Count == 0)
            return [];
        var hashes = new uint[words.Count - 1];
        for (var i = 0; i + 1 < words.Count; i++)
            hashes[i] = Hash32(words[i], words[i + 1]);
        return hashes;
    }

    /// <summary>The band keys of a non-empty shingle set under <paramref name="lsh"/>'s permutations and banding.</summary>
    public static void BandKeys(MinHashLsh lsh, uint[] shingles, Span<ulong> keys)
    {
        var signature = new uint[lsh.A.Length];
        for (var p = 0; p < signature.Length; p++)
            signature[p] = shingles.Min(h => (uint)(MinHashLsh.Permute(lsh.A[p], lsh.B[p], h) & 0xFFFFFFFF));
        lsh.KeysOfSignature(signature, keys);
    }

    /// <summary>sha1_hash32 of "first second" (or of "first" alone) as UTF-8.</summary>
    private static uint Hash32(string first, string? second)
    {
        var bytes = Encoding.UTF8.GetBytes(second is null ? first : first + " " + second);
        return BinaryPrimitives.ReadUInt32LittleEndian(SHA1.HashData(bytes));
    }
}
