namespace Winnow.Tests.Selection.Selectors;

public class DeitaReprFilterTests
{
    private static float[] Angle(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];

    [Fact]
    public void HandVectorsFollowScoreOrderAndRejectNearDuplicates()
    {
        // Visit order by score: row 0 (3), row 1 (2, tie with row 3 → lower row first), row 3 (2), row 2 (1), row 4 (0.5).
        // row 1 is at 20° from row 0: cos 0.9397 > 0.9 → duplicate of row 0. Row 3 is orthogonal → kept.
        // Row 2 at 80° is 10° from row 3 (cos 0.9848) → duplicate of row 3. Row 4 at 45°: cos 0.7071 to both → kept.
        var embeddings = Pools.Matrix([1, 0], Angle(20), Angle(80), [0, 1], Angle(45));
        var context = Pools.Context(5, embeddings, columns: ("deita.quality.evol_score", [3, 2, 1, 2, 0.5]));
        var result = Pools.Create("deita").Select(context, 10, CancellationToken.None);
        Assert.Equal([0, 3, 4], Pools.Rows(result));
        Assert.StartsWith("near-duplicate of row 0 (id0): cosine 0.9397", Pools.Reason(result, 1));
        Assert.StartsWith("near-duplicate of row 3 (id3): cosine 0.9848", Pools.Reason(result, 2));
        // Rows 0 and 3 stand for the rows rejected as their near-duplicates (coverage picks); row 4 only for itself.
        Assert.Equal([true, true, false], result.Selected.Select(p => p.Covers));
    }

    [Fact]
    public void ThresholdIsStrictAndEmbeddingsAreNormalised()
    {
        // (3, 4) normalises to (0.6, 0.8): cosine to (1, 0) is exactly 0.6f.
        var embeddings = Pools.Matrix([2, 0], [3, 4]);
        var context = Pools.Context(2, embeddings, columns: ("q", [2, 1]));
        Assert.Equal([0, 1], Pools.Rows(Pools.Create("deita", ("column", "q"), ("threshold", "0.6")).Select(context, 5, CancellationToken.None)));
        Assert.Equal([0], Pools.Rows(Pools.Create("deita", ("column", "q"), ("threshold", "0.59")).Select(context, 5, CancellationToken.None)));
    }

    [Fact]
    public void StopsAtTheBudgetAndRejectsMissingScores()
    {
        var embeddings = Pools.Matrix([1, 0], [0, 1], [-1, 0], [0, -1]);
        var context = Pools.Context(4, embeddings, columns: ("deita.quality.evol_score", [1, double.NaN, 3, 2]));
        var result = Pools.Create("deita").Select(context, 2, CancellationToken.None);
        Assert.Equal([2, 3], Pools.Rows(result));
        Assert.StartsWith("score missing", Pools.Reason(result, 1));
        Assert.StartsWith("not reached", Pools.Reason(result, 0));
    }

    [Fact]
    public void BlockedPassEqualsOneAtATimeGreedyAcrossBlockBoundaries()
    {
        // 300 rows span several 64-row blocks; low threshold makes many rejections inside blocks.
        var context = Pools.Random(7, 300, 8, unit: true);
        var result = Pools.Create("deita", ("threshold", "0.5")).Select(context, 1000, CancellationToken.None);
        var scores = context.Column("deita.quality.evol_score");
        var order = Enumerable.Range(0, 300).Where(r => !double.IsNaN(scores[r])).OrderByDescending(r => scores[r]).ThenBy(r => r).ToList();
        var kept = new List<float[]>();
        var expected = new List<int>();
        foreach (var row in order)
        {
            var x = Unit(context, row);
            if (kept.All(s => Dot(s, x) <= 0.5f))
            {
                kept.Add(x);
                expected.Add(row);
            }
        }
        Assert.Equal(expected, Pools.Rows(result));
    }

    internal static float[] Unit(Winnow.Selection.SelectionContext context, int row)
    {
        var x = new float[context.Embeddings!.Dim];
        context.Embeddings.ReadRow(row, x);
        Winnow.Selection.Geometry.DenseRows.Normalise(x, true);
        return x;
    }

    internal static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
