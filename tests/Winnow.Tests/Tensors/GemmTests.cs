using FsCheck;
using FsCheck.Fluent;
using Winnow.Tensors;
using static Winnow.Tests.Tensors.TensorTestData;

namespace Winnow.Tests.Tensors;

/// <summary>
/// SGEMM fast paths against <see cref="GemmReference"/>. Both sum k fp32 products in different orders (and FMA
/// rounds once per step), so each element may differ by up to 2·k·ε·Σ_p|a_ip·b_pj| (ε = 2⁻²⁴); that is the
/// tolerance, computed per element.
/// </summary>
public class GemmTests
{
    /// <summary>Odd shapes: k=1, m=1, n=1, tiles of exactly MR×NR, one past, k across several depth blocks (Kc = 256),
    /// n across several column blocks (Nc = 1024), and products big enough to run on several threads.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 37, 5 }, { 3, 1, 9 }, { 13, 31, 1 }, { 14, 32, 17 }, { 15, 33, 257 }, { 6, 16, 3 },
        { 29, 65, 300 }, { 57, 70, 513 }, { 100, 1100, 21 }, { 1, 2085, 1030 }, { 43, 47, 700 },
    };

    /// <summary>
    /// Runs every <paramref name="multiply"/> variant on the same seeded operands and checks each against one
    /// reference result (the reference and the per-element bound are the slow part, so they are computed once).
    /// C starts as NaN when not accumulating: it must be overwritten, never read.
    /// </summary>
    private static void Check(IEnumerable<(string Name, Action<float[], float[], float[]> Multiply)> variants, int m, int n, int k, bool bTransposed, bool accumulate, int seed)
    {
        var a = Uniform(m * k, seed);
        var b = Uniform(n * k, seed + 1);
        var c0 = accumulate ? Uniform(m * n, seed + 2) : Enumerable.Repeat(float.NaN, m * n).ToArray();
        var expected = (float[])c0.Clone();
        GemmReference.Multiply(a, b, expected, m, n, k, bTransposed, accumulate);
        var tolerance = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sumAbs = accumulate ? Math.Abs(c0[i * n + j]) : 0.0;
                for (var p = 0; p < k; p++)
                    sumAbs += Math.Abs(a[i * k + p] * (bTransposed ? b[j * k + p] : b[p * n + j]));
                tolerance[i * n + j] = 2 * k * Math.Pow(2, -24) * sumAbs;
            }
        }
        foreach (var (name, multiply) in variants)
        {
            var c = (float[])c0.Clone();
            multiply(a, b, c);
            for (var e = 0; e < c.Length; e++)
            {
                var diff = Math.Abs(c[e] - expected[e]);
                if (!(diff <= tolerance[e]))
                    Assert.Fail($"{name} m={m} n={n} k={k} bT={bTransposed} acc={accumulate}: C[{e / n},{e % n}] expected {expected[e]:R}, got {c[e]:R}, |diff| {diff:E3} > {tolerance[e]:E3}");
            }
        }
    }

    private static unsafe void RunDriver<TKernel>(float[] a, float[] b, float[] c, int m, int n, int k, bool bTransposed, bool accumulate, int threads)
        where TKernel : struct, IGemmKernel
    {
        fixed (float* pa = a, pb = b, pc = c)
            GemmDriver<TKernel>.Multiply(pa, aTransposed: false, pb, bTransposed ? GemmBLayout.Transposed : GemmBLayout.RowMajor, pc, m, n, k, accumulate, threads);
    }

    public static TheoryData<bool, bool> Layouts => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    /// <summary>Every kernel this CPU supports (AVX-512, AVX2, scalar), on 1 and 3 threads, plus the public entry point.</summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void EveryKernelMatchesReferenceOnOddShapes(bool bTransposed, bool accumulate)
    {
        foreach (var (m, n, k) in Shapes.Select(row => ((int)row[0], (int)row[1], (int)row[2])))
        {
            var variants = new List<(string, Action<float[], float[], float[]>)>
            {
                ("Gemm.Multiply", (a, b, c) => Gemm.Multiply(a, b, c, m, n, k, bTransposed, accumulate)),
            };
            foreach (var threads in new[] { 1, 3 })
            {
                if (GemmKernelAvx512.IsSupported)
                    variants.Add(($"avx512/{threads}", (a, b, c) => RunDriver<GemmKernelAvx512>(a, b, c, m, n, k, bTransposed, accumulate, threads)));
                if (GemmKernelAvx2.IsSupported)
                    variants.Add(($"avx2/{threads}", (a, b, c) => RunDriver<GemmKernelAvx2>(a, b, c, m, n, k, bTransposed, accumulate, threads)));
                variants.Add(($"scalar/{threads}", (a, b, c) => RunDriver<GemmKernelScalar>(a, b, c, m, n, k, bTransposed, accumulate, threads)));
            }
            Check(variants, m, n, k, bTransposed, accumulate, seed: m * 31 + n * 7 + k);
        }
    }

    [Fact]
    public void PublicMultiplyMatchesReferenceOnRandomShapes()
    {
        var shapes =
            from m in Gen.Choose(1, 40)
            from n in Gen.Choose(1, 90)
            from k in Gen.Choose(1, 300)
            from bT in Gen.Elements(false, true)
            from acc in Gen.Elements(false, true)
            select (m, n, k, bT, acc);
        Prop.ForAll(shapes.ToArbitrary(), s =>
        {
            Check([("Gemm.Multiply", (a, b, c) => Gemm.Multiply(a, b, c, s.m, s.n, s.k, s.bT, s.acc))], s.m, s.n, s.k, s.bT, s.acc, seed: s.m + s.n + s.k);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PackedBGivesTheSameBitsAsUnpacked(bool bTransposed)
    {
        foreach (var (m, n, k) in new[] { (1, 77, 300), (33, 1100, 37), (150, 200, 600) })
        {
            var a = Uniform(m * k, m);
            var b = Uniform(n * k, n);
            var packed = Gemm.PackB(b, n, k, bTransposed);
            Assert.Equal((n, k), (packed.N, packed.K));
            var expected = new float[m * n];
            Gemm.Multiply(a, b, expected, m, n, k, bTransposed);
            var c = new float[m * n];
            Gemm.Multiply(a, packed, c, m);
            Assert.Equal(expected, c);
            Gemm.Multiply(a, b, expected, m, n, k, bTransposed, accumulate: true);
            Gemm.Multiply(a, packed, c, m, accumulate: true);
            Assert.Equal(expected, c);
        }
    }

    /// <summary>
    /// Aᵀ·B from A stored [k×m]: against the reference twin within the per-element bound, and bit for bit the
    /// product of the explicit transpose (the packed A panels are the same), on 1 and 2 threads.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void TransposedAMatchesReferenceAndTheExplicitTranspose(bool bTransposed, bool accumulate)
    {
        foreach (var (m, n, k) in Shapes.Select(row => ((int)row[0], (int)row[1], (int)row[2])))
        {
            var a = Uniform(m * k, m * 31 + n * 7 + k);
            var aT = new float[k * m];
            for (var i = 0; i < m; i++)
            {
                for (var p = 0; p < k; p++)
                    aT[p * m + i] = a[i * k + p];
            }
            var reference = new List<(string, Action<float[], float[], float[]>)>
            {
                ("Gemm.MultiplyTransposedA", (_, b, c) => Gemm.MultiplyTransposedA(aT, b, c, m, n, k, bTransposed, accumulate)),
                ("GemmReference.MultiplyTransposedA", (_, b, c) => GemmReference.MultiplyTransposedA(aT, b, c, m, n, k, bTransposed, accumulate)),
            };
            Check(reference, m, n, k, bTransposed, accumulate, seed: m * 31 + n * 7 + k);
            var bMatrix = Uniform(n * k, m * 31 + n * 7 + k + 1);
            var expected = Uniform(m * n, 5);
            Gemm.Multiply(a, bMatrix, expected, m, n, k, bTransposed, accumulate);
            foreach (var threads in new[] { 1, 2 })
            {
                var actual = Uniform(m * n, 5);
                RunTransposedA(aT, bMatrix, actual, m, n, k, bTransposed, accumulate, threads);
                Assert.Equal(expected, actual);
            }
        }
    }

    private static unsafe void RunTransposedA(float[] aT, float[] b, float[] c, int m, int n, int k, bool bTransposed, bool accumulate, int threads)
    {
        fixed (float* pa = aT, pb = b, pc = c)
        {
            var layout = bTransposed ? GemmBLayout.Transposed : GemmBLayout.RowMajor;
            if (GemmKernelAvx512.IsSupported)
                GemmDriver<GemmKernelAvx512>.Multiply(pa, aTransposed: true, pb, layout, pc, m, n, k, accumulate, threads);
            else if (GemmKernelAvx2.IsSupported)
                GemmDriver<GemmKernelAvx2>.Multiply(pa, aTransposed: true, pb, layout, pc, m, n, k, accumulate, threads);
            else
                GemmDriver<GemmKernelScalar>.Multiply(pa, aTransposed: true, pb, layout, pc, m, n, k, accumulate, threads);
        }
    }

    [Fact]
    public unsafe void ResultsDoNotDependOnTheThreadCount()
    {
        const int m = 70, n = 300, k = 520;
        var a = Uniform(m * k, 1);
        var b = Uniform(n * k, 2);
        var one = new float[m * n];
        var many = new float[m * n];
        RunDriver<GemmKernelScalar>(a, b, one, m, n, k, true, false, 1);
        RunDriver<GemmKernelScalar>(a, b, many, m, n, k, true, false, 4);
        Assert.Equal(one, many);
        Gemm.Multiply(a, b, one, m, n, k, bTransposed: true, accumulate: false, maxThreads: 1);
        Gemm.Multiply(a, b, many, m, n, k, bTransposed: true, accumulate: false, maxThreads: 2);
        Assert.Equal(one, many);
        var packed = Gemm.PackB(b, n, k, bTransposed: true);
        Gemm.Multiply(a, packed, many, m, accumulate: false, maxThreads: 3);
        Assert.Equal(one, many);
        if (GemmKernelAvx512.IsSupported)
        {
            RunDriver<GemmKernelAvx512>(a, b, one, m, n, k, false, false, 1);
            RunDriver<GemmKernelAvx512>(a, b, many, m, n, k, false, false, 2);
            Assert.Equal(one, many);
        }
    }

    [Fact]
    public void EmptyDimensionsAndBadOperands()
    {
        var c = new[] { 5f, 6f };
        Gemm.Multiply([], [], c, 1, 2, 0, bTransposed: false, accumulate: true);
        Assert.Equal([5f, 6f], c);
        Gemm.Multiply([], [], c, 1, 2, 0, bTransposed: true);
        Assert.Equal([0f, 0f], c);
        Gemm.Multiply([], new float[3], [], 0, 1, 3, bTransposed: false);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], 2, 2, 3, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply([], [], [], -1, 2, 3, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxDegreeOfParallelism = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(new float[4], new float[4], new float[4], 2, 2, 2, false, false, maxThreads: 0));
        Assert.False(string.IsNullOrEmpty(Gemm.Backend));
    }
}
