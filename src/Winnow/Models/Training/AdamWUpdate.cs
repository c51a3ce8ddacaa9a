using System.Runtime.Intrinsics;

namespace Winnow.Models.Training;

/// <summary>
/// One AdamW step's per-element arithmetic with its scalars already rounded to float32:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p·shrink − stepSize · m / (√v / √(1−β₂ᵗ) + ε).
/// <see cref="Apply"/> is the fast form (chunks on several threads, 512-bit vectors); <see cref="Reference"/> its
/// scalar twin. IEEE multiply, add, divide and square root round the same in a vector lane as in scalar code and
/// neither form fuses a multiply-add, so the two give the same bits.
/// </summary>
internal readonly record struct AdamWUpdate(float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float Epsilon,
    float StepSize, float Correction2Sqrt, float Shrink)
{
    /// <summary>Elements per parallel task: large enough that a hand-off (tens of µs) is small against its work.</summary>
    private const int Chunk = 1 << 16;

    public void Apply(float[] weight, float[] g, float[] m, float[] v, int threads)
    {
        var chunks = (weight.Length + Chunk - 1) / Chunk;
        if (threads <= 1 || chunks <= 1)
        {
            Range(weight, g, m, v, 0, weight.Length);
            return;
        }
        var update = this;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            c => update.Range(weight, g, m, v, c * Chunk, Math.Min(weight.Length, (c + 1) * Chunk)));
    }

    /// <summary>The scalar twin over the whole array.</summary>
    public void Reference(float[] weight, float[] g, float[] m, float[] v)
    {
        for (var i = 0; i < weight.Length; i++)
            Element(weight, g, m, v, i);
    }

    private void Range(float[] weight, float[] g, float[] m, float[] v, int start, int end)
    {
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            var (b1, b2, c1, c2) = (Vector512.Create(Beta1), Vector512.Create(Beta2), Vector512.Create(OneMinusBeta1), Vector512.Create(OneMinusBeta2));
            var (eps, step, corr, shrink) = (Vector512.Create(Epsilon), Vector512.Create(-StepSize), Vector512.Create(Correction2Sqrt), Vector512.Create(Shrink));
            for (; i + Vector512<float>.Count <= end; i += Vector512<float>.Count)
            {
                var gi = Vector512.Create(g.AsSpan(i, Vector512<float>.Count));
                var mi = Vector512.Create(m.AsSpan(i, Vector512<float>.Count)) * b1 + gi * c1;
                var vi = Vector512.Create(v.AsSpan(i, Vector512<float>.Count)) * b2 + gi * gi * c2;
                var denominator = Vector512.Sqrt(vi) / corr + eps;
                var wi = Vector512.Create(weight.AsSpan(i, Vector512<float>.Count)) * shrink + step * (mi / denominator);
                mi.CopyTo(m.AsSpan(i));
                vi.CopyTo(v.AsSpan(i));
                wi.CopyTo(weight.AsSpan(i));
            }
        }
        for (; i < end; i++)
            Element(weight, g, m, v, i);
    }

    private void Element(float[] weight, float[] g, float[] m, float[] v, int i)
    {
        m[i] = m[i] * Beta1 + g[i] * OneMinusBeta1;
        v[i] = v[i] * Beta2 + g[i] * g[i] * OneMinusBeta2;
        var denominator = MathF.Sqrt(v[i]) / Correction2Sqrt + Epsilon;
        weight[i] = weight[i] * Shrink + -StepSize * (m[i] / denominator);
    }
}
