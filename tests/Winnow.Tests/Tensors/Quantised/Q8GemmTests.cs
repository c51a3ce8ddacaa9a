using Winnow.Models.Gguf;
using Winnow.Tensors;
using Winnow.Tensors.Quantised;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors.Quantised;

/// <summary>
/// The Q8_0 GEMM: every kernel against its scalar twin bit for bit (the block dots are exact integer sums and the float
/// steps are the same), thread-count independence, and the distance to the float32 product within the bound the two
/// quantisations allow.
/// </summary>
public class Q8GemmTests
{
    /// <summary>Row counts around the 4-row tile, column counts around the 16-wide panel, one to many blocks.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 32 }, { 3, 15, 64 }, { 4, 16, 32 }, { 5, 17, 96 }, { 9, 33, 256 }, { 70, 47, 128 }, { 130, 64, 64 },
    };

    private static IEnumerable<Q8KernelKind> Kernels => Q8Gemm.Best == Q8KernelKind.AvxVnni
        ? [Q8KernelKind.AvxVnni, Q8KernelKind.Portable]
        : [Q8KernelKind.Portable];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_kernel_equals_the_reference_twin_exactly(int m, int n, int k)
    {
        foreach (var accumulate in new[] { false, true })
        {
            var x = Uniform(m * k, m + n + k, -3f, 3f);
            var rows = Q8Rows.Quantise(Uniform(n * k, 7 * n + k), n, k);
            var start = accumulate ? Uniform(m * n, 11) : Enumerable.Repeat(float.NaN, m * n).ToArray();
            var expected = (float[])start.Clone();
            Q8GemmReference.Multiply(x, m, rows, expected, accumulate);
            var packed = Q8Matrix.Pack(rows);
            foreach (var kernel in Kernels)
            {
                var actual = (float[])start.Clone();
                Q8Gemm.Multiply(kernel, x, m, packed, actual, accumulate, maxThreads: 2);
                for (var i = 0; i < actual.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                        Assert.Fail($"{kernel} m={m} n={n} k={k} accumulate={accumulate}: y[{i / n},{i % n}] = {actual[i]:R}, reference {expected[i]:R}");
                }
            }
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        const int m = 70, n = 300, k = 256;
        var x = Uniform(m * k, 3);
        var packed = Q8Matrix.Pack(Q8Rows.Quantise(Uniform(n * k, 4), n, k));
        var one = new float[m * n];
        Q8Gemm.Multiply(x, m, packed, one, accumulate: false, maxThreads: 1);
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var many = new float[m * n];
            Q8Gemm.Multiply(x, m, packed, many, accumulate: false, maxThreads: threads);
            Assert.Equal(one, many);
        }
    }

    /// <summary>
    /// Against x·W in float64 with the original float weights. Quantising a block with scale d moves each value by at
    /// most d/2 (rounding) plus 127·d·2⁻¹¹ (the scale is stored as F16); call that e. Per block the product then moves by
    /// at most e_x·Σ|w| + e_w·Σ|x| + 32·e_x·e_w; the bound adds this over the blocks, plus 1e-5·Σ|x·w| for float32 arithmetic.
    /// </summary>
    [Fact]
    public void Product_is_within_the_quantisation_bound_of_the_float32_product()
    {
        const int m = 9, n = 40, k = 160;
        var x = Uniform(m * k, 21, -2f, 2f);
        var weights = Uniform(n * k, 22, -0.5f, 0.5f);
        var y = new float[m * n];
        Q8Gemm.Multiply(x, m, Q8Matrix.Pack(Q8Rows.Quantise(weights, n, k)), y, accumulate: false, maxThreads: 1);
        static double Error(ReadOnlySpan<float> block)
        {
            var d = 0.0;
            foreach (var v in block)
                d = Math.Max(d, Math.Abs(v) / 127.0);
            return d * (0.5 + 127 * Math.Pow(2, -11));
        }
        var worstShare = 0.0;
        for (var r = 0; r < m; r++)
        {
            for (var o = 0; o < n; o++)
            {
                double exact = 0, bound = 0, magnitude = 0;
                for (var b = 0; b < k / 32; b++)
                {
                    var xs = x.AsSpan(r * k + b * 32, 32);
                    var ws = weights.AsSpan(o * k + b * 32, 32);
                    double sumX = 0, sumW = 0;
                    for (var i = 0; i < 32; i++)
                    {
                        exact += (double)xs[i] * ws[i];
                        magnitude += Math.Abs((double)xs[i] * ws[i]);
                        sumX += Math.Abs(xs[i]);
                        sumW += Math.Abs(ws[i]);
                    }
                    double ex = Error(xs), ew = Error(ws);
                    bound += ex * sumW + ew * sumX + 32 * ex * ew;
                }
                bound += 1e-5 * magnitude;
                var diff = Math.Abs(y[r * n + o] - exact);
                Assert.True(diff <= bound, $"y[{r},{o}] = {y[r * n + o]}, float64 {exact}: |diff| {diff:E3} > bound {bound:E3}");
                worstShare = Math.Max(worstShare, diff / bound);
            }
        }
        // The bound is a worst case; typical errors cancel and sit well inside it.
        Assert.True(worstShare < 0.5, $"worst error used {worstShare:P0} of the bound");
    }

    [Fact]
    public void Quantising_floats_gives_the_bytes_the_gguf_converter_writes()
    {
        const int rows = 5, cols = 96;
        var values = Uniform(rows * cols, 31, -4f, 4f);
        values[7] = 0f;
        Array.Clear(values, 32, 32);
        var fromFile = Q8Rows.FromGguf(GgufQuantizer.Encode(values, GgmlType.Q8_0), rows, cols);
        var atLoad = Q8Rows.Quantise(values, rows, cols);
        Assert.Equal(fromFile.Quants, atLoad.Quants);
        Assert.Equal(fromFile.Scales, atLoad.Scales);
        Assert.Equal(0f, atLoad.Scales[1]);
    }

    [Fact]
    public void Offset_activations_are_the_signed_quantisation_plus_128()
    {
        const int cols = 64;
        var x = Uniform(3 * cols, 41, -10f, 10f);
        var offset = new byte[x.Length];
        var scales = new float[3 * 2];
        Q8Activations.QuantiseOffset(x, cols, 0, 3, offset, scales);
        var signed = new sbyte[32];
        for (var block = 0; block < 6; block++)
        {
            var scale = Q8Activations.QuantiseBlock(x.AsSpan(block * 32, 32), signed);
            Assert.Equal(scale, scales[block]);
            for (var i = 0; i < 32; i++)
                Assert.Equal(signed[i] + 128, offset[block * 32 + i]);
        }
    }
}
