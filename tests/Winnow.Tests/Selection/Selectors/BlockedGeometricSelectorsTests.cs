using System.Numerics.Tensors;
using Winnow.Embedding;
using Winnow.Selection;
using Winnow.Selection.Geometry;
using Winnow.Store;

namespace Winnow.Tests.Selection.Selectors;

/// <summary>
/// k-center and herding read the float16 embeddings in blocks (<see cref="HalfRows"/>) on all cores; their reference
/// twins below sweep a dense float32 copy one row at a time on one thread, as the selectors did before. On pools of
/// several blocks, in memory and memory-mapped, the picks and their order must be the same.
/// </summary>
public sealed class BlockedGeometricSelectorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-blocked-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("l2", false)]
    [InlineData("cosine", false)]
    [InlineData("l2", true)]
    public void KCenterPicksWhatTheDenseReferencePicks(string metric, bool fromScore)
    {
        var context = Pools.Random(seed: 11, rows: 3000, dim: 24);
        var parameters = fromScore ? new[] { ("metric", metric), ("init", "score"), ("column", "s") } : [("metric", metric)];
        var picks = Pools.Rows(Pools.Create("k-center", parameters).Select(context, 150, CancellationToken.None));
        var first = picks[0];
        Assert.Equal(ReferenceKCenter(context.Embeddings!, metric == "cosine", first, 150), picks);
        using var mapped = Mapped(context.Embeddings!);
        Assert.Equal(picks, Pools.Rows(Pools.Create("k-center", parameters).Select(WithEmbeddings(context, mapped), 150, CancellationToken.None)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HerdingPicksWhatTheDenseReferencePicks(bool normalize)
    {
        var context = Pools.Random(seed: 12, rows: 3000, dim: 24);
        var selector = Pools.Create("herding", ("normalize", normalize ? "true" : "false"));
        var picks = Pools.Rows(selector.Select(context, 120, CancellationToken.None));
        Assert.Equal(ReferenceHerding(context.Embeddings!, normalize, 120), picks);
        using var mapped = Mapped(context.Embeddings!);
        Assert.Equal(picks, Pools.Rows(selector.Select(WithEmbeddings(context, mapped), 120, CancellationToken.None)));
    }

    [Fact]
    public void BlocksWidenToTheDenseCopyBitForBit()
    {
        var matrix = Pools.Random(seed: 13, rows: 700, dim: 10).Embeddings!;
        foreach (var normalize in new[] { false, true })
        {
            var dense = DenseRows.From(matrix, normalize);
            var blocked = HalfRows.From(matrix, normalize, CancellationToken.None);
            Assert.Equal(dense.SquaredNorms, blocked.SquaredNorms);
            var seen = new float[matrix.Rows * matrix.Dim];
            blocked.ForEachBlock((_, from, _, rows) => rows.CopyTo(seen.AsSpan(from * matrix.Dim)), CancellationToken.None);
            Assert.Equal(dense.Data.ToArray(), seen);
        }
    }

    private static SelectionContext WithEmbeddings(SelectionContext context, EmbeddingMatrix embeddings) =>
        new() { Ids = context.Ids, Scores = context.Scores, Embeddings = embeddings, Seed = context.Seed };

    private EmbeddingMatrix Mapped(EmbeddingMatrix matrix)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.f16");
        EmbeddingFile.Write(path, matrix);
        return EmbeddingFile.Map(path);
    }

    /// <summary>Greedy k-center on a dense copy: max of the min distance, ties to the lower row.</summary>
    private static int[] ReferenceKCenter(EmbeddingMatrix matrix, bool cosine, int first, int budget)
    {
        var rows = DenseRows.From(matrix, cosine);
        var metric = cosine ? DistanceMetric.Cosine : DistanceMetric.L2;
        var min = Enumerable.Repeat(float.PositiveInfinity, rows.Count).ToArray();
        var chosen = new bool[rows.Count];
        var picks = new List<int>();
        var next = first;
        while (true)
        {
            picks.Add(next);
            chosen[next] = true;
            for (var i = 0; i < rows.Count; i++)
            {
                var d = DistanceMetrics.FromDot(metric, rows.Row(i), rows.Row(next), TensorPrimitives.Dot(rows.Row(i), rows.Row(next)), rows.SquaredNorms[i], rows.SquaredNorms[next]);
                min[i] = Math.Min(min[i], d);
            }
            min[next] = 0f;
            if (picks.Count == budget)
                return [.. picks];
            next = -1;
            for (var i = 0; i < rows.Count; i++)
            {
                if (!chosen[i] && (next < 0 || min[i] > min[next]))
                    next = i;
            }
        }
    }

    /// <summary>Herding on a dense copy: argmin of ‖x‖² − 2⟨tμ − s, x⟩ over unchosen rows, ties to the lower row.</summary>
    private static int[] ReferenceHerding(EmbeddingMatrix matrix, bool normalize, int budget)
    {
        var rows = DenseRows.From(matrix, normalize);
        var dim = rows.Dim;
        var mean = new double[dim];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < dim; j++)
                mean[j] += rows.Row(i)[j];
        }
        for (var j = 0; j < dim; j++)
            mean[j] /= rows.Count;
        var sum = new double[dim];
        var w = new float[dim];
        var chosen = new bool[rows.Count];
        var picks = new List<int>();
        while (picks.Count < budget)
        {
            var t = picks.Count + 1;
            for (var j = 0; j < dim; j++)
                w[j] = (float)(t * mean[j] - sum[j]);
            var best = -1;
            var bestValue = float.PositiveInfinity;
            for (var i = 0; i < rows.Count; i++)
            {
                var value = rows.SquaredNorms[i] - 2f * TensorPrimitives.Dot(rows.Row(i), w);
                if (!chosen[i] && value < bestValue)
                    (best, bestValue) = (i, value);
            }
            picks.Add(best);
            chosen[best] = true;
            for (var j = 0; j < dim; j++)
                sum[j] += rows.Row(best)[j];
        }
        return [.. picks];
    }
}
