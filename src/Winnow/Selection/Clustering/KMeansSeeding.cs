namespace Winnow.Selection.Clustering;

/// <summary>
/// Initial centroids: greedy k-means++ (scikit-learn's <c>_kmeans_plusplus</c>) or k uniform distinct rows.
/// k-means++ draws 2 + ⌊ln k⌋ candidates per step with probability ∝ D(x)² (inverse-CDF search on the running
/// sum, as numpy's searchsorted) and keeps the one giving the lowest potential Σ min(D(x)², ‖x − cand‖²).
/// The triangle inequality skips most distance evaluations exactly: if ‖cand − c(x)‖ ≥ 2·D(x), where c(x) is
/// x's nearest chosen centre, the candidate cannot be nearer to x than c(x).
/// </summary>
internal static unsafe class KMeansSeeding
{
    private const int BlockSize = 1024;

    /// <summary>Returns the chosen row indices, in order.</summary>
    public static int[] Choose(RowMatrix x, int k, KMeansInit init, SeededRandom random, int threads, CancellationToken cancellationToken) =>
        init == KMeansInit.Random ? UniformRows(x.Rows, k, random) : PlusPlus(x, k, random, threads, cancellationToken);

    /// <summary>k distinct rows by a partial Fisher–Yates shuffle.</summary>
    public static int[] UniformRows(int n, int k, SeededRandom random)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        for (var i = 0; i < k; i++)
        {
            var j = i + random.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..k];
    }

    public static int LocalTrials(int k) => 2 + (int)Math.Log(k);

    private static int[] PlusPlus(RowMatrix x, int k, SeededRandom random, int threads, CancellationToken cancellationToken)
    {
        var n = x.Rows;
        var trials = LocalTrials(k);
        var chosen = new int[k];
        var closest = new float[n];
        var nearest = new int[n];
        var cumulative = new double[n];
        var trialDistances = new float[trials][];
        for (var t = 0; t < trials; t++)
            trialDistances[t] = new float[n];
        var blocks = RowBlocks.Count(n, BlockSize);
        var blockPotentials = new double[blocks * trials];

        chosen[0] = random.NextInt(n);
        var first = chosen[0];
        RowBlocks.For(n, BlockSize, threads, cancellationToken, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
                closest[i] = SquaredDistance.Compute(x.RowPointer(i), x.RowPointer(first), x.Cols);
        });
        var potential = Sum(closest);

        var candidates = new int[trials];
        var candidateToCentre = new float[trials * k];
        for (var c = 1; c < k; c++)
        {
            var running = 0.0;
            for (var i = 0; i < n; i++)
            {
                running += closest[i];
                cumulative[i] = running;
            }
            for (var t = 0; t < trials; t++)
                candidates[t] = Math.Min(LowerBound(cumulative, random.NextDouble() * potential), n - 1);

            // Squared distances from each candidate to the centres chosen so far: the pruning test needs them.
            for (var t = 0; t < trials; t++)
            {
                var candidate = x.RowPointer(candidates[t]);
                for (var j = 0; j < c; j++)
                    candidateToCentre[t * k + j] = SquaredDistance.Compute(candidate, x.RowPointer(chosen[j]), x.Cols);
            }

            Array.Clear(blockPotentials);
            RowBlocks.For(n, BlockSize, threads, cancellationToken, (block, start, end) =>
            {
                for (var i = start; i < end; i++)
                {
                    var current = closest[i];
                    var row = x.RowPointer(i);
                    for (var t = 0; t < trials; t++)
                    {
                        var value = current;
                        // ‖cand − c(x)‖² ≥ 4 D(x)² ⇒ ‖x − cand‖ ≥ D(x): no need to measure.
                        if (candidateToCentre[t * k + nearest[i]] < 4f * current)
                            value = Math.Min(current, SquaredDistance.Compute(row, x.RowPointer(candidates[t]), x.Cols));
                        trialDistances[t][i] = value;
                        blockPotentials[block * trials + t] += value;
                    }
                }
            });

            var best = 0;
            var bestPotential = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
            {
                var total = 0.0;
                for (var b = 0; b < blocks; b++)
                    total += blockPotentials[b * trials + t];
                if (total < bestPotential)
                {
                    bestPotential = total;
                    best = t;
                }
            }

            chosen[c] = candidates[best];
            potential = bestPotential;
            var winner = trialDistances[best];
            for (var i = 0; i < n; i++)
            {
                if (winner[i] < closest[i])
                {
                    closest[i] = winner[i];
                    nearest[i] = c;
                }
            }
        }
        return chosen;
    }

    /// <summary>First index whose value is ≥ <paramref name="target"/> (numpy searchsorted, side='left'); n when none.</summary>
    internal static int LowerBound(double[] sorted, double target)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static double Sum(float[] values)
    {
        var total = 0.0;
        foreach (var v in values)
            total += v;
        return total;
    }
}
