namespace Winnow.Selection.Geometry;

/// <summary>
/// The selectors' block policy over <see cref="Clustering.RowBlocks"/>: blocks of <see cref="Size"/> rows, on all
/// cores unless there are too few blocks to pay for waking workers. Each block writes only its own outputs and
/// per-block partial results are combined in block order afterwards, so results do not depend on scheduling.
/// </summary>
public static class RowBlocks
{
    public const int Size = 256;

    /// <summary>Below this many blocks the sweep runs on the calling thread: waking workers costs more than it saves.</summary>
    public const int ParallelFrom = 4;

    public static int Count(int rows, int size = Size) => Clustering.RowBlocks.Count(rows, size);

    public static void ForEach(int rows, Action<int, int, int> body, CancellationToken cancellationToken, int size = Size)
    {
        var threads = Count(rows, size) < ParallelFrom ? 1 : Environment.ProcessorCount;
        Clustering.RowBlocks.For(rows, size, threads, cancellationToken, body);
    }
}
