using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// The obviously-correct twin of <see cref="KMeans"/>: one thread, scalar direct distances ‖x − c‖² everywhere (the
/// fast path expands them into dot products), the same random stream and stopping rules. The tests hold the fast path to it.
/// </summary>
internal static class KMeansReference
{
    public static KMeansResult Fit(float[] data, int n, int d, KMeansOptions options)
    {
        options.Validate(n);
        var tolerance = options.Tolerance * Variance(data, n, d);
        var seeds = new SeededRandom(options.Seed);
        KMeansResult? best = null;
        for (var run = 0; run < options.NInit; run++)
        {
            var random = new SeededRandom(seeds.NextSeed());
            var rows = options.Init == KMeansInit.Random
                ? KMeansSeeding.UniformRows(n, options.K, random)
                : PlusPlus(data, n, d, options.K, random);
            var centroids = new float[options.K * d];
            for (var c = 0; c < rows.Length; c++)
                Array.Copy(data, rows[c] * d, centroids, c * d, d);
            var result = Lloyd(data, n, d, options.K, centroids, options.MaxIterations, tolerance);
            if (best is null || result.Inertia < best.Inertia)
                best = result;
        }
        return best!;
    }

    private static float Distance(float[] data, int row, float[] other, int otherRow, int d) =>
        SquaredDistance.Reference(data.AsSpan(row * d, d), other.AsSpan(otherRow * d, d));

    private static int[] PlusPlus(float[] data, int n, int d, int k, SeededRandom random)
    {
        var trials = KMeansSeeding.LocalTrials(k);
        var chosen = new int[k];
        chosen[0] = random.NextInt(n);
        var closest = new float[n];
        for (var i = 0; i < n; i++)
            closest[i] = Distance(data, i, data, chosen[0], d);
        var potential = closest.Sum(v => (double)v);
        var cumulative = new double[n];
        for (var c = 1; c < k; c++)
        {
            var running = 0.0;
            for (var i = 0; i < n; i++)
                cumulative[i] = running += closest[i];
            var candidates = new int[trials];
            for (var t = 0; t < trials; t++)
                candidates[t] = Math.Min(KMeansSeeding.LowerBound(cumulative, random.NextDouble() * potential), n - 1);
            float[]? bestDistances = null;
            var bestPotential = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
            {
                var distances = new float[n];
                var total = 0.0;
                for (var i = 0; i < n; i++)
                {
                    distances[i] = Math.Min(closest[i], Distance(data, i, data, candidates[t], d));
                    total += distances[i];
                }
                if (total < bestPotential)
                {
                    bestPotential = total;
                    bestDistances = distances;
                    chosen[c] = candidates[t];
                }
            }
            closest = bestDistances!;
            potential = bestPotential;
        }
        return chosen;
    }

    private static KMeansResult Lloyd(float[] data, int n, int d, int k, float[] centroids, int maxIterations, double tolerance)
    {
        var labels = new int[n];
        var previous = Enumerable.Repeat(-1, n).ToArray();
        var iterations = 0;
        var strict = false;
        var converged = false;
        while (iterations < maxIterations)
        {
            iterations++;
            var distances = AssignAll(data, n, d, k, centroids, labels);
            var next = Means(data, n, d, k, labels, distances);
            var shift = 0.0;
            for (var i = 0; i < next.Length; i++)
                shift += ((double)next[i] - centroids[i]) * ((double)next[i] - centroids[i]);
            centroids = next;
            if (labels.SequenceEqual(previous))
            {
                strict = converged = true;
                break;
            }
            if (shift <= tolerance)
            {
                converged = true;
                break;
            }
            Array.Copy(labels, previous, n);
        }
        if (!strict)
            AssignAll(data, n, d, k, centroids, labels);
        var inertia = 0.0;
        for (var i = 0; i < n; i++)
            inertia += Distance(data, i, centroids, labels[i], d);
        return new KMeansResult(k, d, centroids, labels, inertia, iterations, converged);
    }

    private static float[] AssignAll(float[] data, int n, int d, int k, float[] centroids, int[] labels)
    {
        var distances = new float[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            var bestDistance = float.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = Distance(data, i, centroids, c, d);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }
            labels[i] = best;
            distances[i] = bestDistance;
        }
        return distances;
    }

    private static float[] Means(float[] data, int n, int d, int k, int[] labels, float[] distances)
    {
        var sums = new double[k * d];
        var counts = new int[k];
        for (var i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (var j = 0; j < d; j++)
                sums[labels[i] * d + j] += data[i * d + j];
        }
        var taken = new HashSet<int>();
        for (var c = 0; c < k; c++)
        {
            if (counts[c] != 0)
                continue;
            var far = -1;
            for (var i = 0; i < n; i++)
            {
                if (counts[labels[i]] > 1 && !taken.Contains(i) && (far < 0 || distances[i] > distances[far]))
                    far = i;
            }
            taken.Add(far);
            for (var j = 0; j < d; j++)
            {
                sums[labels[far] * d + j] -= data[far * d + j];
                sums[c * d + j] = data[far * d + j];
            }
            counts[labels[far]]--;
            counts[c] = 1;
        }
        var means = new float[k * d];
        for (var i = 0; i < means.Length; i++)
            means[i] = (float)(sums[i] / counts[i / d]);
        return means;
    }

    private static double Variance(float[] data, int n, int d)
    {
        var total = 0.0;
        for (var j = 0; j < d; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < n; i++)
                mean += data[i * d + j];
            mean /= n;
            for (var i = 0; i < n; i++)
                total += (data[i * d + j] - mean) * (data[i * d + j] - mean);
        }
        return total / ((double)n * d);
    }
}
