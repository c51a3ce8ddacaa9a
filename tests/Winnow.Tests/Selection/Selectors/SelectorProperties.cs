using FsCheck;
using FsCheck.Fluent;
using Winnow.Selection;
using Winnow.Selection.Selectors;

namespace Winnow.Tests.Selection.Selectors;

public class SelectorProperties
{
    /// <summary>Every registered selector with parameters that make it runnable on <see cref="Pools.Random"/>.</summary>
    public static readonly (string Name, (string, string)[] Parameters)[] All =
    [
        ("threshold", [("column", "s"), ("min", "1")]),
        ("top-k", [("column", "s"), ("k", "7")]),
        ("ratio", [("column", "ifd.ifd"), ("rate", "0.4"), ("of", "surviving")]),
        ("cherry", [("rate", "0.3")]),
        ("cherry-vic", [("rate", "0.3")]),
        ("superfiltering", [("rate", "0.3")]),
        ("deita", [("threshold", "0.3")]),
        ("k-center", []),
        ("k-center", [("metric", "cosine"), ("init", "score"), ("column", "s")]),
        ("herding", []),
        ("facility-location", []),
        ("facility-location", [("dense_mb", "0")]),
        ("superfiltering-d", [("ifd_num", "10")]),
        ("cherry-pre-experience", [("clusters", "3"), ("per_cluster", "4"), ("column", "s")]),
        ("random", []),
    ];

    /// <summary>Cases per property: each case runs every selector, so 40 keeps the suite fast.</summary>
    private const int Tests = 40;

    private static readonly Arbitrary<(int Seed, int Rows, int Dim, int Budget)> Pools_ =
        Arb.From(
            from seed in Gen.Choose(0, 1_000_000)
            from rows in Gen.Choose(1, 40)
            from dim in Gen.Choose(1, 20)
            from budget in Gen.Choose(0, 45)
            select (seed, rows, dim, budget));

    [Fact]
    public void EveryRowIsAccountedForOnceWithinBudgetAndDeterministic()
    {
        Prop.ForAll(Pools_, p =>
        {
            var context = Pools.Random(p.Seed, p.Rows, p.Dim);
            foreach (var (name, parameters) in All)
            {
                var selector = Pools.Create(name, parameters);
                if (name == "k-center" && parameters.Length > 0 && context.Column("s").All(double.IsNaN))
                {
                    // A score start needs one scored row; a pool without any is an error, not a silent random start.
                    Assert.Throws<ArgumentException>(() => selector.Select(context, p.Budget, CancellationToken.None));
                    continue;
                }
                var result = selector.Select(context, p.Budget, CancellationToken.None);
                var picked = Pools.Rows(result);
                Assert.True(picked.Length <= p.Budget, $"{name}: {picked.Length} picks for budget {p.Budget}");
                Assert.Equal(picked.Length, picked.Distinct().Count());
                Assert.Equal(Enumerable.Range(0, picked.Length), result.Selected.Select(s => s.Rank));
                var all = picked.Concat(result.Rejected.Select(r => r.Row)).Order().ToArray();
                Assert.Equal(Enumerable.Range(0, p.Rows), all);
                Assert.All(result.Rejected, r => Assert.False(string.IsNullOrEmpty(r.Reason)));
                var again = Pools.Create(name, parameters).Select(context, p.Budget, CancellationToken.None);
                Assert.Equal(result.Selected, again.Selected);
                Assert.Equal(result.Rejected, again.Rejected);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));
    }

    [Fact]
    public void DeitaNeverAdmitsAPairAboveTheThreshold()
    {
        Prop.ForAll(Pools_, p =>
        {
            var context = Pools.Random(p.Seed, p.Rows, p.Dim);
            foreach (var tau in new[] { 0.2, 0.6, 0.9 })
            {
                var kept = Pools.Rows(Pools.Create("deita", ("threshold", tau.ToString(System.Globalization.CultureInfo.InvariantCulture))).Select(context, p.Budget, CancellationToken.None));
                var unit = kept.Select(r => DeitaReprFilterTests.Unit(context, r)).ToArray();
                for (var a = 0; a < unit.Length; a++)
                {
                    for (var b = a + 1; b < unit.Length; b++)
                        Assert.True(DeitaReprFilterTests.Dot(unit[a], unit[b]) <= tau + 1e-5, $"rows {kept[a]} and {kept[b]} above {tau}");
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));
    }

    [Fact]
    public void KCenterCoveringRadiusNeverGrowsWithK()
    {
        Prop.ForAll(Pools_, p =>
        {
            var context = Pools.Random(p.Seed, p.Rows, p.Dim);
            foreach (var cosine in new[] { false, true })
            {
                var selector = Pools.Create("k-center", ("metric", cosine ? "cosine" : "l2"));
                var previous = double.PositiveInfinity;
                int[] before = [];
                // Fibonacci budgets plus the whole pool: each smaller selection must be a prefix of the larger one.
                foreach (var k in new[] { 1, 2, 3, 5, 8, 13, 21, 34 }.Where(k => k < p.Rows).Append(p.Rows))
                {
                    var rows = Pools.Rows(selector.Select(context, k, CancellationToken.None));
                    Assert.Equal(before, rows[..before.Length]);
                    var radius = CoveringRadius(context, rows, cosine);
                    Assert.True(radius <= previous + 1e-9, $"radius {radius} after {previous} at k = {k}");
                    (previous, before) = (radius, rows);
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));
    }

    [Fact]
    public void LazyFacilityLocationPicksAMaximalGainAtEveryStep()
    {
        // Each lazy pick must maximise the exact (double) marginal gain given the earlier picks; exact order equality
        // with a naive greedy is checked on a fixed pool, since float rounding may reorder gains closer than 1e-7.
        Prop.ForAll(Pools_, p =>
        {
            var context = Pools.Random(p.Seed, p.Rows, p.Dim);
            // Odd seeds use blocked sweeps (no cached kernel), even seeds the cached kernel.
            var lazy = Pools.Rows(Pools.Create("facility-location", ("dense_mb", p.Seed % 2 == 1 ? "0" : "64")).Select(context, p.Budget, CancellationToken.None));
            Assert.Equal(Math.Min(p.Budget, p.Rows), lazy.Length);
            var kernel = DenseKernel(context);
            var n = p.Rows;
            var best = new double[n];
            foreach (var pick in lazy)
            {
                double Gain(int j) => Enumerable.Range(0, n).Sum(i => Math.Max(0.0, kernel[i * n + j] - best[i]));
                var max = Enumerable.Range(0, n).Where(j => !lazy[..Array.IndexOf(lazy, pick)].Contains(j)).Max(Gain);
                Assert.True(Gain(pick) >= max - 1e-6 * Math.Max(1, max), $"row {pick} gains {Gain(pick)}, best available {max}");
                for (var i = 0; i < n; i++)
                    best[i] = Math.Max(best[i], kernel[i * n + pick]);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));
    }

    /// <summary>max_x min_{s∈S} d(x, s), recomputed independently in double.</summary>
    public static double CoveringRadius(SelectionContext context, int[] centres, bool cosine)
    {
        var e = context.Embeddings!;
        var rows = Enumerable.Range(0, e.Rows).Select(r =>
        {
            var x = new float[e.Dim];
            e.ReadRow(r, x);
            var v = x.Select(f => (double)f).ToArray();
            var norm = Math.Sqrt(v.Sum(t => t * t));
            return cosine && norm > 0 ? v.Select(t => t / norm).ToArray() : v;
        }).ToArray();
        double Distance(double[] a, double[] b)
        {
            var sum = 0.0;
            for (var j = 0; j < a.Length; j++)
                sum += cosine ? a[j] * b[j] : (a[j] - b[j]) * (a[j] - b[j]);
            return cosine ? 1 - sum : Math.Sqrt(sum);
        }
        var radius = 0.0;
        foreach (var row in rows)
            radius = Math.Max(radius, centres.Min(c => Distance(row, rows[c])));
        return radius;
    }

    /// <summary>The whole kernel exp(−‖x_i − x_j‖ / d), computed directly in double.</summary>
    public static double[] DenseKernel(SelectionContext context)
    {
        var e = context.Embeddings!;
        var n = e.Rows;
        var rows = Enumerable.Range(0, n).Select(r =>
        {
            var x = new float[e.Dim];
            e.ReadRow(r, x);
            return x;
        }).ToArray();
        var kernel = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var squared = 0.0;
                for (var t = 0; t < e.Dim; t++)
                    squared += ((double)rows[i][t] - rows[j][t]) * ((double)rows[i][t] - rows[j][t]);
                kernel[i * n + j] = Math.Exp(-Math.Sqrt(squared) / e.Dim);
            }
        }
        return kernel;
    }

    /// <summary>Plain greedy on the dense kernel: every step evaluates every remaining row (ties: lower row).</summary>
    public static int[] NaiveFacilityLocation(SelectionContext context, int budget)
    {
        var n = context.Embeddings!.Rows;
        var kernel = DenseKernel(context);
        var best = new double[n];
        var chosen = new List<int>();
        while (chosen.Count < Math.Min(budget, n))
        {
            var pick = -1;
            var pickGain = double.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (chosen.Contains(j))
                    continue;
                var gain = 0.0;
                for (var i = 0; i < n; i++)
                    gain += Math.Max(0.0, kernel[i * n + j] - best[i]);
                if (gain > pickGain)
                    (pick, pickGain) = (j, gain);
            }
            chosen.Add(pick);
            for (var i = 0; i < n; i++)
                best[i] = Math.Max(best[i], kernel[i * n + pick]);
        }
        return [.. chosen];
    }
}
