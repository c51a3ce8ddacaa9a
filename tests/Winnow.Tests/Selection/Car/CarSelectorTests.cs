using FsCheck;
using FsCheck.Fluent;
using Winnow.Embedding;
using Winnow.Pipeline;
using Winnow.Tests.Pipeline;
using Winnow.Selection;
using Winnow.Selection.Car;
using Winnow.Selection.Clustering;

namespace Winnow.Tests.Selection.Car;

public class CarSelectorTests
{
    /// <summary>Two obvious 2-D clusters: rows 0–3 around (0, 0), rows 4–7 around (5, 5); row 3's score is missing.</summary>
    private static SelectionContext TwoClusters()
    {
        float[][] points = [[0, 0], [0.1f, 0], [0, 0.1f], [0.1f, 0.1f], [5, 5], [5.1f, 5], [5, 5.1f], [5.1f, 5.1f]];
        var embeddings = new EmbeddingMatrix(8, 2);
        for (var i = 0; i < 8; i++)
            embeddings.WriteRow(i, points[i]);
        return new SelectionContext
        {
            Ids = Enumerable.Range(0, 8).Select(i => $"row{i}").ToArray(),
            Scores = new Dictionary<string, double[]> { ["car.iqs.iqs"] = [0.9, 0.8, 0.7, double.NaN, 0.3, 0.5, 0.1, 0.2] },
            Embeddings = embeddings,
            Seed = 42,
        };
    }

    [Fact]
    public void GoldenTwoClustersWithDerivedN1()
    {
        // k = ⌊√(8/2)⌋ = 2. Winners: row 0 (0.9) and row 5 (0.5). Budget 3 leaves one more: row 1 (0.8).
        var result = new CarSelector(new CarOptions()).Select(TwoClusters(), 3, CancellationToken.None);
        Assert.Equal([0, 1, 5], result.Selected.Select(p => p.Row));
        Assert.Matches(@"^global top-n1 \(rank 1, score 0\.9\), also best of cluster [01]$", result.Selected[0].Reason);
        Assert.Equal("global top-n1 (rank 2, score 0.8)", result.Selected[1].Reason);
        Assert.Matches("^best of cluster [01]$", result.Selected[2].Reason);
        Assert.NotEqual(result.Selected[0].Reason[^1], result.Selected[2].Reason[^1]);
        Assert.Equal("score missing", result.Rejected.Single(r => r.Row == 3).Reason);
        Assert.Equal(5, result.Rejected.Count);
    }

    [Fact]
    public void GoldenTwoClustersWithPaperStyleFixedN1()
    {
        var selector = new CarSelector(Parameters.For<CarSelector>(new Dictionary<string, string> { ["n1"] = "1", ["n2"] = "1" }));
        var result = selector.Select(TwoClusters(), 100, CancellationToken.None);
        Assert.Equal([0, 5], result.Selected.Select(p => p.Row));
        Assert.Matches("^below top-n1 and not best of cluster [01]$", result.Rejected.Single(r => r.Row == 1).Reason);
    }

    [Fact]
    public void ParametersAreValidatedAndReported()
    {
        var selector = new CarSelector(Parameters.For<CarSelector>(new Dictionary<string, string> { ["column"] = "q", ["k"] = "3", ["variance"] = "0.9" }));
        Assert.Equal("car", selector.Name);
        Assert.Equal("q", selector.Settings["column"]);
        Assert.Equal("auto", selector.Settings["n1"]);
        Assert.Equal("3", selector.Settings["k"]);
        Assert.Equal("auto", selector.Settings["max_iterations"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarSelector(new CarOptions { N2 = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarSelector(new CarOptions { MaxIterations = 0 }));
        Assert.Throws<ArgumentException>(() => new CarSelector(new CarOptions { Score = "missing" }).Select(TwoClusters(), 3, CancellationToken.None));
    }

    [Fact]
    public void TheLloydCapReachesTheFit()
    {
        var random = new Random(3);
        var embeddings = new EmbeddingMatrix(400, 4);
        for (var i = 0; i < 400; i++)
            embeddings.WriteRow(i, [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()]);
        var selector = new CarSelector(Parameters.For<CarSelector>(new Dictionary<string, string> { ["k"] = "6", ["pca"] = "false", ["max_iterations"] = "1" }));
        Assert.Equal("1", selector.Settings["max_iterations"]);
        var capped = CarClustering.Labels(embeddings, new CarOptions { K = 6, UsePca = false, MaxIterations = 1 }, 7, null, CancellationToken.None);
        PoolClustering Fit(int iterations) => SampledKMeans.Fit(embeddings, null, new KMeansOptions { K = 6, Seed = 7, MaxIterations = iterations },
            SampledKMeans.FaissPointsPerCentroid, null, "t", CancellationToken.None);
        Assert.Equal(Fit(1).Labels, capped);
        var converged = Fit(300);
        Assert.True(converged.Model.Iterations > 1);
        Assert.NotEqual(converged.Labels, capped);
    }

    [Fact]
    public void TheDefaultLloydCapIsScikitLearnsForAWholePoolAndFaisssForASample()
    {
        // k = 2 and 256 rows per centroid: 512 rows are fitted whole, 513 on a sample.
        var options = new CarOptions { K = 2 };
        Assert.Equal(300, options.IterationsFor(512, 2));
        Assert.Equal(25, options.IterationsFor(513, 2));
        Assert.Equal(300, (options with { PointsPerCentroid = 0 }).IterationsFor(513, 2));
        Assert.Equal(40, (options with { MaxIterations = 40 }).IterationsFor(512, 2));
        Assert.Equal(40, (options with { MaxIterations = 40 }).IterationsFor(513, 2));

        // The cap reaches the fit: its iteration stage counts up to it.
        long? Cap(int rows)
        {
            var random = new Random(5);
            var embeddings = new EmbeddingMatrix(rows, 3);
            for (var i = 0; i < rows; i++)
                embeddings.WriteRow(i, [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()]);
            var seen = new ProgressLog();
            CarClustering.Labels(embeddings, options with { UsePca = false }, 7, seen, CancellationToken.None);
            return seen.Reports.Last(p => p.Stage.Contains("k-means on", StringComparison.Ordinal)).Total;
        }
        Assert.Equal(300, Cap(512));
        Assert.Equal(25, Cap(600));
    }

    [Fact]
    public void BudgetRespectedNoDuplicatesEveryRowAccountedForAndDeterministic()
    {
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var n = random.Next(1, 60);
            var embeddings = new EmbeddingMatrix(n, 3);
            for (var i = 0; i < n; i++)
                embeddings.WriteRow(i, [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()]);
            var scores = Enumerable.Range(0, n).Select(_ => random.Next(5) == 0 ? double.NaN : Math.Round(random.NextDouble(), 1)).ToArray();
            var context = new SelectionContext
            {
                Ids = Enumerable.Range(0, n).Select(i => i.ToString()).ToArray(),
                Scores = new Dictionary<string, double[]> { ["car.iqs.iqs"] = scores },
                Embeddings = embeddings,
                Seed = seed,
            };
            var options = new CarOptions { N1 = random.Next(3) == 0 ? random.Next(0, n + 2) : null, N2 = random.Next(1, 3) };
            var budget = random.Next(0, n + 3);
            var first = new CarSelector(options).Select(context, budget, CancellationToken.None);
            var second = new CarSelector(options).Select(context, budget, CancellationToken.None);
            var rows = first.Selected.Select(p => p.Row).ToList();
            var all = rows.Concat(first.Rejected.Select(r => r.Row)).Order().ToList();
            return rows.Count <= budget
                && rows.Distinct().Count() == rows.Count
                && all.SequenceEqual(Enumerable.Range(0, n))
                && rows.All(r => !double.IsNaN(scores[r]))
                && first.Selected.Select(p => p.Rank).SequenceEqual(Enumerable.Range(0, rows.Count))
                && first.Selected.SequenceEqual(second.Selected)
                && first.Rejected.SequenceEqual(second.Rejected)
                && (options.N1 is not null || rows.Count == Math.Min(budget, scores.Count(s => !double.IsNaN(s))));
        }).QuickCheckThrowOnFailure();
    }
}
