using Winnow.Tensors;
using Winnow.Tests.Selection.Clustering;

namespace Winnow.Tests.Tensors;

/// <summary>The distance and dot kernels against their scalar twins, at every instruction width the machine has.</summary>
public unsafe class DotKernelTests
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
            fixed (float* pa = a, pb = b)
                Assert.Equal(expected, SquaredDistance.Compute(pa, pb, length), 1e-4f * Math.Max(1f, expected));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DotKernelMatchesScalarTwin(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        const int d = 37;
        var vectors = ClusterData.Uniform(DotKernel.Vectors, d, 3);
        var panel = ClusterData.Uniform(d, DotKernel.PanelWidth, 4);
        var expected = new float[DotKernel.Vectors * DotKernel.PanelWidth];
        var actual = new float[expected.Length];
        fixed (float* v = vectors, p = panel, e = expected, a = actual)
        {
            DotKernel.TileScalar(v, d, p, e);
            DotKernel.Tile(v, d, p, a, path);
        }
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-4f);
    }
}
