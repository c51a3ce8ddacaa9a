namespace Winnow.Selection.Clustering;

/// <summary>
/// Splits rows into blocks of a fixed size and runs them on up to <c>threads</c> workers. Block boundaries
/// never depend on the thread count, so per-block partial sums reduced in block order give the same bits
/// whatever the parallelism.
/// </summary>
internal static class RowBlocks
{
    public static int Count(int rows, int blockSize) => (rows + blockSize - 1) / blockSize;

    public static void For(int rows, int blockSize, int threads, CancellationToken cancellationToken, Action<int, int, int> body)
    {
        var blocks = Count(rows, blockSize);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        if (threads == 1 || blocks == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(b, b * blockSize, Math.Min(rows, (b + 1) * blockSize));
            }
            return;
        }
        Parallel.For(0, blocks, options, b => body(b, b * blockSize, Math.Min(rows, (b + 1) * blockSize)));
    }
}
