namespace Winnow.Tests.Tensors;

/// <summary>Seeded random inputs and tolerance checks shared by the kernel tests.</summary>
internal static class TensorTestData
{
    /// <summary>Odd lengths: below, at and around vector widths (8, 16) and the 256-element chunk, plus a vocabulary-sized row.</summary>
    public static TheoryData<int> OddLengths => new() { 1, 3, 7, 15, 17, 31, 33, 255, 257, 1001, 4099, 50257 };

    public static float[] Uniform(int length, int seed, float low = -1f, float high = 1f)
    {
        var rng = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
            values[i] = low + (high - low) * rng.NextSingle();
        return values;
    }

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| everywhere (NaN only where expected is NaN), naming the worst element.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) && float.IsNaN(actual[i]))
                continue;
            var excess = Math.Abs((double)actual[i] - expected[i]) - (atol + rtol * Math.Abs(expected[i]));
            if (double.IsNaN(excess))
                excess = double.PositiveInfinity;
            if (excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0)
            Assert.Fail($"element {worst} of {expected.Length}: expected {expected[worst]:R}, got {actual[worst]:R}, |diff| = {Math.Abs((double)actual[worst] - expected[worst]):E3} > {atol:E1} + {rtol:E1}·|expected|");
    }
}
