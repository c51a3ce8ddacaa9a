using Winnow.Selection.Selectors;

namespace Winnow.Tests.Selection.Selectors;

public class CherryPreExperienceTests
{
    [Theory]
    // numpy.percentile(range(10, 130, 10), 25) == 37.5 (h = 2.75), 75 → 92.5 (h = 8.25).
    [InlineData(new double[] { 120, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 }, 25, 37.5)]
    [InlineData(new double[] { 120, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 }, 75, 92.5)]
    // [3,1,4,1,5,9,2,6,5,3,5] sorted 1 1 2 3 3 4 5 5 5 6 9: 25th h = 2.5 → 2.5; 75th h = 7.5 → 5; 0th/100th are the extremes.
    [InlineData(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 }, 25, 2.5)]
    [InlineData(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 }, 75, 5)]
    [InlineData(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 }, 0, 1)]
    [InlineData(new double[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 }, 100, 9)]
    [InlineData(new double[] { 7 }, 25, 7)]
    public void PercentilesMatchNumpyLinear(double[] values, double q, double expected) =>
        Assert.Equal(expected, NumpyPercentile.Linear(values, q), 12);

    /// <summary>
    /// Three far-apart groups, interleaved in dataset order: A (44 rows, perplexity = 1 + position within A),
    /// B (4 rows), C (12 rows, equal perplexity).
    /// </summary>
    private static (Winnow.Selection.SelectionContext Context, int[] A, int[] B, int[] C) Groups()
    {
        var rows = Enumerable.Range(0, 60).ToArray();
        var b = rows.Where(i => i % 15 == 7).ToArray();
        var c = rows.Where(i => i % 5 == 1).ToArray();
        var a = rows.Except(b).Except(c).ToArray();
        var vectors = new float[60][];
        var ppl = new double[60];
        foreach (var i in rows)
        {
            var jitter = 0.125f * (i % 3);
            vectors[i] = a.Contains(i) ? [100 + jitter, 0] : b.Contains(i) ? [0, 100 + jitter] : [-100 - jitter, 0];
            ppl[i] = a.Contains(i) ? 1 + Array.IndexOf(a, i) : 4.0;
        }
        return (Pools.Context(60, Pools.Matrix(vectors), columns: ("perplexity.ppl", ppl)), a, b, c);
    }

    [Fact]
    public void SamplesEachClusterAsTheOriginal()
    {
        var (context, a, b, c) = Groups();
        var result = Pools.Create("cherry-pre-experience", ("clusters", "3")).Select(context, 100, CancellationToken.None);
        // A: 44 ≥ 10; percentiles of 1..44: 25th h = 10.75 → 11.75, 75th h = 32.25 → 33.25; band = ppl 12…33 (22 rows),
        // step ⌊22/10⌋ = 2 → positions 11, 13, …, 29 of A. B: 4 < 10 → all. C: band holds all 12, step 1 → first 10.
        var expectedA = Enumerable.Range(0, 10).Select(t => a[11 + 2 * t]).ToArray();
        var expectedC = c[..10];
        var picked = Pools.Rows(result);
        Assert.Equal(24, picked.Length);
        var groups = new[] { expectedA, b, expectedC };
        // Clusters are output one after another (our cluster numbering decides which comes first).
        var position = 0;
        while (position < picked.Length)
        {
            var group = groups.Single(g => g.Contains(picked[position]));
            Assert.Equal(group, picked[position..(position + group.Length)]);
            position += group.Length;
        }
        Assert.Contains("outside [11.75, 33.25]", Pools.Reason(result, a[10]));
        Assert.Contains("not every 2-th of 22", Pools.Reason(result, a[12]));
        Assert.Contains("every 2-th of 22", result.Selected.Single(p => p.Row == a[11]).Reason);
    }

    [Fact]
    public void BudgetTruncatesTheClusterOrderedListAndNaNIsMissing()
    {
        var (context, _, _, _) = Groups();
        context.Scores["perplexity.ppl"][0] = double.NaN;
        var full = Pools.Rows(Pools.Create("cherry-pre-experience", ("clusters", "3")).Select(context, 100, CancellationToken.None));
        var result = Pools.Create("cherry-pre-experience", ("clusters", "3")).Select(context, 7, CancellationToken.None);
        Assert.Equal(full[..7], Pools.Rows(result));
        Assert.StartsWith("score missing", Pools.Reason(result, 0));
        Assert.Contains("beyond budget 7", Pools.Reason(result, full[7]));
    }
}
