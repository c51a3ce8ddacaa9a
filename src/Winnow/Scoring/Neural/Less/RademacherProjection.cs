using Winnow.Tensors;

namespace Winnow.Scoring.Neural.Less;

/// <summary>
/// A seeded random projection ℝᴾ → ℝᵈ with entries ±1/√d (Rademacher, as TRAK's projector that LESS uses), so that
/// E‖Px‖² = ‖x‖² and inner products are kept within the Johnson–Lindenstrauss bound. The matrix is never stored:
/// entry (i, j) is bit j mod 64 of a SplitMix64 hash of (seed, i, j / 64), regenerated block by block of
/// <see cref="BlockRows"/> input coordinates and applied to a batch of vectors with one GEMM per block, so any
/// block size or batch gives the same values as <see cref="Sign"/> entry by entry.
/// </summary>
internal sealed class RademacherProjection
{
    public const int BlockRows = 256;

    public RademacherProjection(long inputDims, int dims, ulong seed)
    {
        if (inputDims < 1 || dims < 1)
            throw new ArgumentOutOfRangeException(nameof(dims), $"projection {inputDims} → {dims}: both must be positive");
        InputDims = inputDims;
        Dims = dims;
        Seed = seed;
    }

    public long InputDims { get; }

    public int Dims { get; }

    public ulong Seed { get; }

    private int Words => (Dims + 63) / 64;

    /// <summary>The matrix entry (input coordinate i, output j) before the 1/√d scale: +1 or −1.</summary>
    public float Sign(long i, int j) => ((Bits(i, j / 64) >> (j % 64)) & 1) == 1 ? 1f : -1f;

    /// <summary>Projects every vector (each of <see cref="InputDims"/> values); returns one d-vector per input.</summary>
    public float[][] Project(IReadOnlyList<float[]> vectors)
    {
        foreach (var v in vectors)
        {
            if (v.Length != InputDims)
                throw new ArgumentException($"vector of {v.Length} values for a projection from {InputDims}");
        }
        var m = vectors.Count;
        var result = new float[m * Dims];
        var signs = new float[BlockRows * Dims];
        var columns = new float[m * BlockRows];
        for (long start = 0; start < InputDims; start += BlockRows)
        {
            var rows = (int)Math.Min(BlockRows, InputDims - start);
            FillSigns(start, rows, signs);
            for (var r = 0; r < m; r++)
                vectors[r].AsSpan((int)start, rows).CopyTo(columns.AsSpan(r * rows, rows));
            Gemm.Multiply(columns.AsSpan(0, m * rows), signs.AsSpan(0, rows * Dims), result, m, Dims, rows, bTransposed: false, accumulate: true);
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(result, (float)(1 / Math.Sqrt(Dims)), result);
        return Enumerable.Range(0, m).Select(r => result.AsSpan(r * Dims, Dims).ToArray()).ToArray();
    }

    private void FillSigns(long start, int rows, float[] signs)
    {
        for (var r = 0; r < rows; r++)
        {
            var line = signs.AsSpan(r * Dims, Dims);
            for (var w = 0; w < Words; w++)
            {
                var bits = Bits(start + r, w);
                var end = Math.Min(64, Dims - w * 64);
                for (var b = 0; b < end; b++)
                    line[w * 64 + b] = ((bits >> b) & 1) == 1 ? 1f : -1f;
            }
        }
    }

    private ulong Bits(long row, int word) => Mix(Seed ^ Mix((ulong)row * (ulong)Words + (ulong)word + 1));

    /// <summary>SplitMix64's finaliser: a bijective mix of 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
