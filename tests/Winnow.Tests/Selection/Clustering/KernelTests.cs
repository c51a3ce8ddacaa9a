using Winnow.Selection.Clustering;

namespace Winnow.Tests.Selection.Clustering;

public unsafe class KernelTests
{
    /// <summary>Every kernel width this machine can run (KernelPath is internal, so passed as its name).</summary>
    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string> { nameof(KernelPath.Scalar) };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            paths.Add(nameof(KernelPath.Vector256));
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            paths.Add(nameof(KernelPath.Vector512));
        return paths;
    }

    [Fact]
    public void SquaredDistanceMatchesScalarTwinForEveryLength()
    {
        for (var length = 0; length <= 70; length++)
        {
            var a = ClusterData.Uniform(1, length, length);
            var b = ClusterData.Uniform(1, length, 1000 + length);
            var expected = SquaredDistance.Reference(a, b);
            Assert.Equal(expected, SquaredDistance.Compute(a, b), 1e-4f * Math.Max(1f, expected));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignKernelFindsTheNearestCentroid(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        // Odd sizes on purpose: rows not a multiple of the 8-row tile, K not a multiple of the 32-wide panel.
        const int n = 29, d = 37, k = 45;
        var data = ClusterData.Uniform(n, d, 1);
        var centroids = ClusterData.Uniform(k, d, 2);
        var norms = new float[n];
        for (var i = 0; i < n; i++)
            norms[i] = SquaredDistance.Reference(data.AsSpan(i * d, d), new float[d]);
        var packed = new PackedCentroids(k, d);
        packed.Pack(centroids);
        var labels = new int[n];
        var distances = new float[n];
        fixed (float* p = data)
            AssignKernel.Assign(new RowMatrix(p, n, d), norms, packed, 0, n, labels, distances, path);
        for (var i = 0; i < n; i++)
        {
            var exact = Enumerable.Range(0, k).Select(c => SquaredDistance.Reference(data.AsSpan(i * d, d), centroids.AsSpan(c * d, d))).ToArray();
            var min = exact.Min();
            Assert.True(exact[labels[i]] <= min + 1e-4f, $"row {i}: label {labels[i]} at {exact[labels[i]]}, best {min}");
            Assert.Equal(min, distances[i], 1e-3f);
        }
    }
}
