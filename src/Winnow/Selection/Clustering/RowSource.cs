using Winnow.Embedding;

namespace Winnow.Selection.Clustering;

/// <summary>
/// Rows of float32 features read a block at a time, so PCA and packing can stream a float16 pool (or a sample of it)
/// without first widening all of it into one array.
/// </summary>
internal interface IRowSource
{
    int Rows { get; }

    int Cols { get; }

    /// <summary>Writes the rows [start, start + count) row-major into <paramref name="destination"/> (count × Cols).</summary>
    void Read(int start, int count, Span<float> destination);
}

/// <summary>
/// The listed rows of an embedding matrix in list order (a training sample), or all of them when the list is null,
/// widened to float32 exactly as <see cref="EmbeddingMatrix.ToFloat(IReadOnlyList{int})"/> widens them.
/// </summary>
internal sealed class EmbeddingRows(EmbeddingMatrix embeddings, int[]? rows) : IRowSource
{
    public int Rows => rows?.Length ?? embeddings.Rows;

    public int Cols => embeddings.Dim;

    public void Read(int start, int count, Span<float> destination)
    {
        if (rows is null)
        {
            embeddings.ReadRows(start, count, destination);
            return;
        }
        for (var i = 0; i < count; i++)
            embeddings.ReadRow(rows[start + i], destination.Slice(i * Cols, Cols));
    }
}
