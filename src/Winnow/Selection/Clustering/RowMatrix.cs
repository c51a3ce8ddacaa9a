namespace Winnow.Selection.Clustering;

/// <summary>
/// A pinned row-major float32 matrix seen through a pointer, so that worker threads can read caller-owned
/// spans without copying them (spans cannot be captured by the lambdas that <see cref="Parallel"/> runs).
/// Only valid while the caller keeps the memory pinned.
/// </summary>
internal readonly unsafe struct RowMatrix(float* data, int rows, int cols) : IRowSource
{
    public float* Data { get; } = data;

    public int Rows { get; } = rows;

    public int Cols { get; } = cols;

    public float* RowPointer(int row) => Data + (long)row * Cols;

    public ReadOnlySpan<float> Row(int row) => new(RowPointer(row), Cols);

    public void Read(int start, int count, Span<float> destination) =>
        new ReadOnlySpan<float>(RowPointer(start), checked(count * Cols)).CopyTo(destination);
}
