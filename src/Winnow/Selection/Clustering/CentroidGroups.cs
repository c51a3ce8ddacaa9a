using Winnow.Tensors;

namespace Winnow.Selection.Clustering;

/// <summary>
/// A copy of K centroids padded up to whole groups of <see cref="DotKernel.Vectors"/> rows (zero rows whose squared
/// norm is +∞, so they never win an argmin), pinned so <see cref="DotKernel"/> can read 8 of them at a time.
/// </summary>
internal sealed class CentroidGroups
{
    public CentroidGroups(int k, int dim)
    {
        K = k;
        Dim = dim;
        GroupCount = (k + DotKernel.Vectors - 1) / DotKernel.Vectors;
        Data = GC.AllocateArray<float>(GroupCount * DotKernel.Vectors * dim, pinned: true);
        Norms = new float[GroupCount * DotKernel.Vectors];
        Array.Fill(Norms, float.PositiveInfinity);
    }

    public int K { get; }

    public int Dim { get; }

    public int GroupCount { get; }

    /// <summary>[GroupCount × 8][Dim]; rows from K on stay zero.</summary>
    public float[] Data { get; }

    public float[] Norms { get; }

    /// <summary>Copies K × Dim row-major centroids in and recomputes their squared norms.</summary>
    public void Load(ReadOnlySpan<float> centroids)
    {
        centroids[..(K * Dim)].CopyTo(Data);
        for (var c = 0; c < K; c++)
        {
            var row = centroids.Slice(c * Dim, Dim);
            var norm = 0f;
            for (var j = 0; j < Dim; j++)
                norm += row[j] * row[j];
            Norms[c] = norm;
        }
    }
}
