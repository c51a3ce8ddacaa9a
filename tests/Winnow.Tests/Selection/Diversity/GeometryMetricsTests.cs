using Winnow.Selection.Diversity;
using Winnow.Selection.Geometry;
using Winnow.Tests.Selection.Selectors;

namespace Winnow.Tests.Selection.Diversity;

public class GeometryMetricsTests
{
    // Unit square corners plus a far point that the subset leaves out.
    private static readonly Winnow.Embedding.EmbeddingMatrix Grid = Pools.Matrix([0, 0], [1, 0], [0, 1], [1, 1], [50, 50]);
    private static readonly int[] Square = [0, 1, 2, 3];

    [Fact]
    public void MeanKnnDistanceOnAGrid()
    {
        Assert.Equal(1.0, NearestNeighbourDistance.Mean(Grid, Square, 1, DistanceMetric.L2), 6);
        Assert.Equal(1.0, NearestNeighbourDistance.Mean(Grid, Square, 2, DistanceMetric.L2), 6);
        Assert.Equal((2 + Math.Sqrt(2)) / 3, NearestNeighbourDistance.Mean(Grid, Square, 3, DistanceMetric.L2), 6);
        Assert.Equal((2 + Math.Sqrt(2)) / 3, NearestNeighbourDistance.Mean(Grid, Square, 10, DistanceMetric.L2), 6); // k capped at |S| − 1
        Assert.True(double.IsNaN(NearestNeighbourDistance.Mean(Grid, [2], 1, DistanceMetric.L2)));
    }

    [Fact]
    public void CosineKnnOnDirections()
    {
        // Directions 0°, 90°, 180°: nearest of each other is 90° away (cosine distance 1); k = 2 adds 2 for the outer two.
        var e = Pools.Matrix([1, 0], [0, 2], [-3, 0]);
        Assert.Equal(1.0, NearestNeighbourDistance.Mean(e, [0, 1, 2], 1, DistanceMetric.Cosine), 6);
        Assert.Equal((1.5 + 1 + 1.5) / 3, NearestNeighbourDistance.Mean(e, [0, 1, 2], 2, DistanceMetric.Cosine), 6);
    }

    [Fact]
    public void BlockedKnnMatchesBruteForceAcrossBlocks()
    {
        var context = Pools.Random(5, 300, 7);
        int[] rows = [.. Enumerable.Range(0, 300)];
        var perRow = NearestNeighbourDistance.PerRow(context.Embeddings!, rows, 4, DistanceMetric.L2);
        var x = rows.Select(r => { var v = new float[7]; context.Embeddings!.ReadRow(r, v); return v; }).ToArray();
        foreach (var i in new[] { 0, 137, 299 })
        {
            var expected = rows.Where(j => j != i).Select(j => Math.Sqrt(x[i].Zip(x[j], (a, b) => (double)(a - b) * (a - b)).Sum())).Order().Take(4).Average();
            Assert.Equal(expected, perRow[i], 4);
        }
    }

    [Fact]
    public void DispersionFigures()
    {
        // Square corners: centroid (½, ½), every corner at squared distance ½.
        Assert.Equal(0.5, Dispersion.TraceCovariance(Grid, Square), 6);
        Assert.Equal(1.0, Dispersion.TraceCovariance(Pools.Matrix([0, 0], [2, 0]), [0, 1]), 6);
        // (1,0) and (0,1): cosines 1, 0, 0, 1 over the four ordered pairs → 1 − 2/4.
        Assert.Equal(0.5, Dispersion.MeanPairwiseCosineDistance(Pools.Matrix([3, 0], [0, 1]), [0, 1]), 6);
        Assert.Equal(0.0, Dispersion.MeanPairwiseCosineDistance(Pools.Matrix([1, 1], [2, 2]), [0, 1]), 6);
    }

    [Fact]
    public void ReportCombinesEverything()
    {
        int[] labels = [0, 0, 1, 2, 2];
        var report = DiversityReport.Compute(Square, Grid, labels, knnK: 1, knnMetric: DistanceMetric.L2);
        Assert.Equal(4, report.Count);
        Assert.Equal(3, report.ClustersCovered);
        Assert.Equal(CategoricalDiversity.Shannon([2, 1, 1]), report.Shannon, 12);
        Assert.Equal(Math.Log(3), report.Renyi0, 12);
        Assert.Equal(1.0, report.MeanKnnDistance, 6);
        Assert.Equal(0.5, report.TraceCovariance, 6);
        Assert.Equal(VendiScore.Compute(Grid, Square), report.Vendi, 12);
        var bare = DiversityReport.Compute(Square, null, null);
        Assert.True(double.IsNaN(bare.Vendi) && double.IsNaN(bare.Shannon));
        Assert.Equal(0, bare.ClustersCovered);
    }
}
