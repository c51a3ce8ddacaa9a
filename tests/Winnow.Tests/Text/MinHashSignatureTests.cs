using Winnow.Text;

namespace Winnow.Tests.Text;

public class MinHashSignatureTests
{
    private static IEnumerable<uint[]> ShingleSets()
    {
        yield return [0];
        yield return [uint.MaxValue];
        yield return [0, 1, uint.MaxValue - 1, uint.MaxValue];
        var random = new Random(13);
        for (var n = 1; n <= 300; n += 1 + n / 10)
        {
            for (var k = 0; k < 5; k++)
                yield return Enumerable.Range(0, n).Select(_ => (uint)random.NextInt64(0, 1L << 32)).Distinct().Order().ToArray();
        }
    }

    /// <summary>
    /// Band keys with 512- and 256-bit vectors and scalar equal the reference's (one permutation, one shingle at a
    /// time), for SCAR's 128 permutations and for counts that leave a scalar tail after the vectors (24, 12, 20).
    /// </summary>
    [Theory]
    [InlineData(128, 16)]
    [InlineData(128, 64)]
    [InlineData(24, 8)]
    [InlineData(12, 4)]
    [InlineData(20, 5)]
    public void BandKeysEqualTheReferencesAtEveryVectorWidth(int permutations, int bands)
    {
        var lsh = new MinHashLsh(permutations, bands, seed: permutations + bands);
        var signature = new MinHashSignature(lsh.A, lsh.B);
        var (expected, actual, values) = (new ulong[bands], new ulong[bands], new uint[permutations]);
        foreach (var shingles in ShingleSets())
        {
            MinHashLshReference.BandKeys(lsh, shingles, expected);
            lsh.BandKeys(shingles, actual);
            Assert.Equal(expected, actual);
            foreach (var bits in new[] { 512, 256, 0 }.Where(b => b <= MinHashSignature.BestVectorBits))
            {
                signature.Compute(shingles, values, bits);
                lsh.KeysOfSignature(values, actual);
                Assert.Equal(expected, actual);
            }
        }
    }
}
