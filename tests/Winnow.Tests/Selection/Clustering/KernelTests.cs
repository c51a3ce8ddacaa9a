using Winnow.Selection.Clustering;
using Winnow.Tensors;
using Winnow.Tests.Tensors;

namespace Winnow.Tests.Selection.Clustering;

/// <summary>The clustering layout and assignment on the dot kernel of every width (the kernel itself: Tensors/DotKernelTests).</summary>
public unsafe class KernelTests
{
    [Fact]
    public void PackedRowsHoldsEachCoordinateInItsLane()
    {
        const int n = 35, d = 3;
        var data = ClusterData.Uniform(n, d, 6);
        fixed (float* p = data)
        {
            var packed = new PackedRows(new RowMatrix(p, n, d), 2, CancellationToken.None);
            Assert.Equal(2, packed.PanelCount);
            for (var i = 0; i < 64; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    var expected = i < n ? data[i * d + j] : 0f;
                    Assert.Equal(expected, packed.Panels[(i / 32) * d * 32 + j * 32 + i % 32]);
                }
                Assert.Equal(i < n ? SquaredDistance.Reference(data.AsSpan(i * d, d), new float[d]) : 0f, packed.Norms[i], 1e-6f);
            }
        }
    }

    [Fact]
    public void PackingASampleStreamedFromFloat16IsBitIdenticalToPackingItsWidenedCopy()
    {
        // 4,200 sampled rows cross the 4,096-row read block.
        const int n = 9_000, d = 5;
        var matrix = new Winnow.Embedding.EmbeddingMatrix(n, d);
        var data = ClusterData.Uniform(n, d, 12);
        for (var i = 0; i < n; i++)
            matrix.WriteRow(i, data.AsSpan(i * d, d));
        var sample = TrainingSample.Rows(n, 4_200, 3);
        var streamed = PackedRows.Pack(new EmbeddingRows(matrix, sample), 0, sample.Length, 2, CancellationToken.None);
        var widened = matrix.ToFloat(sample);
        fixed (float* p = widened)
        {
            var whole = new PackedRows(new RowMatrix(p, sample.Length, d), 2, CancellationToken.None);
            Assert.Equal(whole.Panels, streamed.Panels);
            Assert.Equal(whole.Norms, streamed.Norms);
        }
        var row = new float[d];
        streamed.CopyRow(4_199, row);
        Assert.Equal(widened.AsSpan(4_199 * d, d).ToArray(), row);
    }

    [Theory]
    [MemberData(nameof(DotKernelTests.Paths), MemberType = typeof(DotKernelTests))]
    public void AssignmentFindsTheNearestCentroid(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        // Odd sizes on purpose: rows not a multiple of the 32-row panel, K not a multiple of the 8-centroid group.
        const int n = 77, d = 37, k = 45;
        var data = ClusterData.Uniform(n, d, 1);
        var centroids = ClusterData.Uniform(k, d, 2);
        var labels = new int[n];
        var distances = new float[n];
        fixed (float* p = data)
        {
            var packed = new PackedRows(new RowMatrix(p, n, d), 2, CancellationToken.None);
            var groups = new CentroidGroups(k, d);
            groups.Load(centroids);
            Assignment.Run(packed, groups, labels, distances, 2, path, CancellationToken.None);
        }
        for (var i = 0; i < n; i++)
        {
            var exact = Enumerable.Range(0, k).Select(c => SquaredDistance.Reference(data.AsSpan(i * d, d), centroids.AsSpan(c * d, d))).ToArray();
            var min = exact.Min();
            Assert.True(exact[labels[i]] <= min + 1e-4f, $"row {i}: label {labels[i]} at {exact[labels[i]]}, best {min}");
            Assert.Equal(min, distances[i], 1e-3f);
        }
    }

    [Fact]
    public void AssignmentBreaksTiesTowardsTheLowerIndex()
    {
        float[] data = [1, 1];
        var labels = new int[1];
        var distances = new float[1];
        fixed (float* p = data)
        {
            var packed = new PackedRows(new RowMatrix(p, 1, 2), 1, CancellationToken.None);
            var groups = new CentroidGroups(10, 2);
            groups.Load([5, 5, 0, 0, 2, 2, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
            Assignment.Run(packed, groups, labels, distances, 1, DotKernel.Best, CancellationToken.None);
        }
        Assert.Equal(1, labels[0]);
        Assert.Equal(2f, distances[0]);
    }
}
