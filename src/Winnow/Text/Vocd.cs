namespace Winnow.Text;

/// <summary>
/// vocd-D (McKee, Malvern and Richards 2000) as LexicalRichness computes it (METHODS §6.1): for each sample size
/// n = 35..50 draw 100 samples of n tokens without replacement and average their TTRs; fit
/// TTR(n) = (D/n)(√(1 + 2n/D) − 1) by non-linear least squares from D = 1; repeat 3 times and average D.
/// The generator is seeded once and runs on through the repeats, so a seed fixes the value exactly.
/// </summary>
public static class Vocd
{
    public const int MinSampleSize = 35;
    public const int MaxSampleSize = 50;
    public const int SamplesPerSize = 100;
    public const int Repeats = 3;
    public const ulong DefaultSeed = 42;

    public static double Compute(IReadOnlyList<string> tokens, ulong seed = DefaultSeed)
    {
        if (tokens.Count <= MaxSampleSize)
            throw new ArgumentException($"vocd-D needs more than {MaxSampleSize} tokens, got {tokens.Count}");
        var typeIds = ToTypeIds(tokens, out var typeCount);
        var rng = new SeededRandom(unchecked((long)seed));
        var order = Enumerable.Range(0, typeIds.Length).ToArray();
        var stamp = new int[typeCount];
        var stampValue = 0;
        var sizes = new double[MaxSampleSize - MinSampleSize + 1];
        var ttrs = new double[sizes.Length];
        double sumD = 0;
        for (var repeat = 0; repeat < Repeats; repeat++)
        {
            for (var n = MinSampleSize; n <= MaxSampleSize; n++)
            {
                double sum = 0;
                for (var s = 0; s < SamplesPerSize; s++)
                {
                    // Partial Fisher–Yates: the first n slots become a uniform sample without replacement whatever
                    // permutation the array held before, so the array is never reset between samples.
                    stampValue++;
                    var distinct = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var j = i + rng.NextInt(order.Length - i);
                        (order[i], order[j]) = (order[j], order[i]);
                        var type = typeIds[order[i]];
                        if (stamp[type] != stampValue)
                        {
                            stamp[type] = stampValue;
                            distinct++;
                        }
                    }
                    sum += (double)distinct / n;
                }
                sizes[n - MinSampleSize] = n;
                ttrs[n - MinSampleSize] = sum / SamplesPerSize;
            }
            sumD += FitD(sizes, ttrs);
        }
        return sumD / Repeats;
    }

    /// <summary>The vocd model curve TTR(n) for diversity D.</summary>
    public static double Curve(double n, double d) => d / n * (Math.Sqrt(1 + 2 * n / d) - 1);

    /// <summary>
    /// Least-squares D for observed (n, TTR) points: Levenberg–Marquardt on the single parameter from D = 1
    /// (scipy <c>curve_fit</c>'s default start), with the analytic derivative
    /// dTTR/dD = (√(1 + 2n/D) − 1)/n − 1/(D·√(1 + 2n/D)). Steps that leave D ≤ 0 or raise the residual are
    /// rejected and the damping raised, which keeps the square root real.
    /// </summary>
    public static double FitD(IReadOnlyList<double> sizes, IReadOnlyList<double> ttrs)
    {
        double d = 1;
        var cost = Cost(sizes, ttrs, d);
        double damping = 1e-3;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            double jtj = 0, jtr = 0;
            for (var i = 0; i < sizes.Count; i++)
            {
                var n = sizes[i];
                var root = Math.Sqrt(1 + 2 * n / d);
                var derivative = (root - 1) / n - 1 / (d * root);
                var residual = ttrs[i] - Curve(n, d);
                jtj += derivative * derivative;
                jtr += derivative * residual;
            }
            if (jtj == 0)
                break;
            var accepted = false;
            while (damping < 1e12)
            {
                var step = jtr / (jtj * (1 + damping));
                var candidate = d + step;
                var candidateCost = candidate > 0 ? Cost(sizes, ttrs, candidate) : double.PositiveInfinity;
                if (candidateCost <= cost)
                {
                    var converged = Math.Abs(step) <= 1e-12 * Math.Max(1, Math.Abs(d)) || cost - candidateCost <= 1e-18;
                    d = candidate;
                    cost = candidateCost;
                    damping = Math.Max(damping / 10, 1e-12);
                    accepted = true;
                    if (converged)
                        return d;
                    break;
                }
                damping *= 10;
            }
            if (!accepted)
                break;
        }
        return d;
    }

    private static double Cost(IReadOnlyList<double> sizes, IReadOnlyList<double> ttrs, double d)
    {
        double sum = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var r = ttrs[i] - Curve(sizes[i], d);
            sum += r * r;
        }
        return sum;
    }

    private static int[] ToTypeIds(IReadOnlyList<string> tokens, out int typeCount)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!ids.TryGetValue(tokens[i], out var id))
                ids[tokens[i]] = id = ids.Count;
            result[i] = id;
        }
        typeCount = ids.Count;
        return result;
    }
}
