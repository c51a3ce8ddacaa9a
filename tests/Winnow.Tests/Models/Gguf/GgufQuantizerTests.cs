using Winnow.Models.Gguf;

namespace Winnow.Tests.Models.Gguf;

/// <summary>Q8_0 and Q4_0 blocks against values worked out by hand from ggml's reference quantisers; the q/k permutation on a tiny head.</summary>
public class GgufQuantizerTests
{
    [Fact]
    public void Q8_0BlockScalesByTheLargestMagnitude()
    {
        var x = new float[32];
        x[0] = 127f;   // d = 127 / 127 = 1
        x[1] = -63.5f; // rounds away from zero to −64
        x[2] = 0.4f;   // rounds to 0
        var block = GgufQuantizer.Encode(x, GgmlType.Q8_0);
        Assert.Equal(34, block.Length);
        Assert.Equal((Half)1f, BitConverter.ToHalf(block, 0));
        Assert.Equal(127, (sbyte)block[2]);
        Assert.Equal(-64, (sbyte)block[3]);
        Assert.Equal(0, (sbyte)block[4]);
    }

    [Fact]
    public void Q4_0BlockUsesTheSignedExtremeOverMinusEight()
    {
        var x = new float[32];
        x[0] = -8f;   // d = −8 / −8 = 1; q = trunc(−8 + 8.5) = 0
        x[1] = 7f;    // trunc(7 + 8.5) = 15
        x[16] = 3.2f; // trunc(3.2 + 8.5) = 11, high nibble of byte 0
        var block = GgufQuantizer.Encode(x, GgmlType.Q4_0);
        Assert.Equal(18, block.Length);
        Assert.Equal((Half)1f, BitConverter.ToHalf(block, 0));
        Assert.Equal(0 | (11 << 4), block[2]);
        Assert.Equal(15 | (8 << 4), block[3]);
    }

    [Fact]
    public void RopePermutationInterleavesTheHalves()
    {
        // One head of size 4, one column: checkpoint rows [a0, a1, b0, b1] (pairs (a_j, b_j)) become [a0, b0, a1, b1].
        Assert.Equal([10f, 30f, 20f, 40f], RopePermutation.ToInterleaved([10f, 20f, 30f, 40f], heads: 1, rows: 4, cols: 1));
    }
}
