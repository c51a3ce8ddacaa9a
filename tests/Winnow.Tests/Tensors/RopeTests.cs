using Winnow.Tensors;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors;

/// <summary>RoPE against a double-precision twin; tables against the HF formulas.</summary>
public class RopeTests
{
    [Theory]
    [InlineData(2, 1, 5)]
    [InlineData(18, 3, 7)]   // half = 9, not a vector width
    [InlineData(64, 2, 33)]
    [InlineData(128, 4, 9)]
    public void ApplyRopeMatchesReference(int headDim, int heads, int tokens)
    {
        var table = new RopeTable(headDim, maxPositions: 4096, theta: 10000);
        var x = Uniform(tokens * heads * headDim, seed: headDim + heads);
        var expected = (float[])x.Clone();
        KernelsReference.ApplyRope(expected, heads, firstPosition: 4000 - tokens, table);
        Kernels.ApplyRope(x, heads, firstPosition: 4000 - tokens, table);
        // Table cos/sin are fp32 roundings of the reference's double values: ≤ 2 ulps of O(1) outputs.
        AssertClose(expected, x, atol: 3e-7, rtol: 1e-6);
    }

    [Fact]
    public void PositionZeroIsIdentityAndNormIsPreserved()
    {
        var table = new RopeTable(8, 16, 10000);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        var y = (float[])x.Clone();
        Kernels.ApplyRope(y, 1, 0, table);
        Assert.Equal(x, y);
        Kernels.ApplyRope(y, 1, 9, table);
        Assert.Equal(Math.Sqrt(x.Sum(v => v * v)), Math.Sqrt(y.Sum(v => v * v)), 4);
        // Pair (0, 4) rotates by angle 9·invFreq[0] = 9 rad: y0 = x0·cos9 − x4·sin9.
        Assert.Equal(1 * Math.Cos(9) - 5 * Math.Sin(9), y[0], 5);
    }

    [Fact]
    public void InverseFrequenciesFollowHfDefaultLinearAndLlama3()
    {
        var plain = RopeTable.InverseFrequencies(128, 500000, null);
        Assert.Equal(1f, plain[0]);
        Assert.Equal(1 / Math.Pow(500000, 126.0 / 128), plain[63], 1e-9);

        var linear = RopeTable.InverseFrequencies(128, 500000, new RopeScaling(RopeScalingType.Linear, 4f));
        for (var i = 0; i < 64; i++)
            Assert.Equal(plain[i] / 4f, linear[i]);

        // Llama 3.1 8B: factor 8, low 1, high 4, original 8192. Wavelengths below 2048 are kept, above 8192 are /8,
        // and between the inverse frequency is the blend (1 − s)·f/8 + s·f with s = (8192/λ − 1)/3.
        var llama3 = RopeTable.InverseFrequencies(128, 500000, new RopeScaling(RopeScalingType.Llama3, 8f, 1f, 4f, 8192));
        var kept = 0;
        var slowed = 0;
        var blended = 0;
        for (var i = 0; i < 64; i++)
        {
            var wavelen = 2 * Math.PI / plain[i];
            if (wavelen < 2048)
            {
                Assert.Equal(plain[i], llama3[i]);
                kept++;
            }
            else if (wavelen > 8192)
            {
                Assert.Equal(plain[i] / 8f, llama3[i]);
                slowed++;
            }
            else
            {
                var s = (8192 / wavelen - 1) / 3;
                Assert.Equal((1 - s) * plain[i] / 8 + s * plain[i], llama3[i], plain[i] * 1e-5);
                blended++;
            }
        }
        Assert.True(kept > 0 && slowed > 0 && blended > 0, $"kept {kept}, slowed {slowed}, blended {blended}");
    }

    [Fact]
    public void RejectsOddHeadDimAndPositionsOutsideTheTable()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RopeTable(7, 8, 10000));
        var table = new RopeTable(4, 8, 10000);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.ApplyRope(new float[8], 1, 7, table));
        Assert.Throws<ArgumentException>(() => Kernels.ApplyRope(new float[6], 1, 0, table));
    }
}
