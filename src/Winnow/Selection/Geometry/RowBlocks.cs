namespace Winnow.Selection.Geometry;

/// <summary>
/// Splits <c>[0, count)</c> into fixed-size blocks processed in parallel. Each block writes only its own outputs
/// and per-block partial results are combined in block order afterwards, so results do not depend on scheduling.
/// </summary>
public static class RowBlocks
{
    public const int Size = 256;

    /// <summary>Below this many blocks the sweep runs on the calling thread: waking workers costs more than it saves.</summary>
    public const int ParallelFrom = 4;

    public static int Count(int rows, int size = Size) => (rows + size - 1) / size;

    public static void ForEach(int rows, Action<int, int, int> body, CancellationToken cancellationToken, int size = Size)
    {
        var blocks = Count(rows, size);
        if (blocks < ParallelFrom)
        {
            for (var block = 0; block < blocks; block++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(block, block * size, Math.Min(rows, (block + 1) * size));
            }
            return;
        }
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, blocks, options, block =>
        {
            var start = block * size;
            body(block, start, Math.Min(rows, start + size));
        });
    }
}
