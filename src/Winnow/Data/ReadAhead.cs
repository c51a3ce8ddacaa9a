using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Winnow.Data;

/// <summary>
/// Enumerates a sequence on a thread of its own, a few blocks of items ahead of the consumer, so that reading and
/// parsing the pool overlaps the work done on the rows. A pass whose work runs on every core in blocks (scoring,
/// embedding, the filters' passes) otherwise stops every core while its one reading thread parses the next block: at
/// 1M rows those passes used about 1.6 of 2 cores. Items come in the source's order; an exception of the source is
/// thrown to the consumer after the items before it; a consumer that stops early stops the reader and waits for it,
/// so the source's files are closed when the enumeration is disposed. Memory: a block is handed over at
/// <see cref="BlockSize"/> items or once its items' <c>bytes</c> reach <see cref="BlockBytes"/>, so the reader holds at
/// most <see cref="BlocksAhead"/> + 2 blocks (those ready, the one being filled, the one being consumed): about
/// 64 MiB plus one item, however long the rows.
/// </summary>
public static class ReadAhead
{
    /// <summary>
    /// Items per block handed from the reader to the consumer, at most. Rows waiting in the blocks outlive the
    /// collections that the work on earlier rows sets off, so every row held here is copied by the GC at least once:
    /// at 1,024 rows a block (up to about 4,000 rows held) the 1M default run paused 15–17.6 s in the GC and ran 548–563
    /// generation-2 collections; at 256, 10.4 s and 348, with rows still far ahead of a 256-row scoring batch.
    /// </summary>
    public const int BlockSize = 256;

    /// <summary>Bytes per block, at most (one item more may cross it).</summary>
    public const long BlockBytes = 16 << 20;

    /// <summary>Blocks the reader may hold ready before it waits for the consumer.</summary>
    public const int BlocksAhead = 2;

    /// <summary><paramref name="source"/>'s rows, read on another thread when the enumeration starts; a row's size is its text's UTF-16 bytes.</summary>
    public static IEnumerable<Sample> Of(IEnumerable<Sample> source) => Of(source, SizeOf);

    /// <summary>
    /// <paramref name="source"/>'s items, read on another thread when the enumeration starts; <paramref name="bytes"/>
    /// gives an item's size for the blocks' byte bound.
    /// </summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, Func<T, long> bytes)
    {
        using var queue = new BlockingCollection<T[]>(BlocksAhead);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            var block = new List<T>(BlockSize);
            var blockBytes = 0L;
            try
            {
                try
                {
                    foreach (var item in source)
                    {
                        block.Add(item);
                        blockBytes += bytes(item);
                        if (block.Count < BlockSize && blockBytes < BlockBytes)
                            continue;
                        queue.Add([.. block], stop.Token);
                        block.Clear();
                        blockBytes = 0;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                // The items read before a failure reach the consumer before it.
                if (block.Count > 0)
                    queue.Add([.. block], stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early; nothing is owed to it.
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "winnow read-ahead" };
        reader.Start();
        try
        {
            foreach (var block in queue.GetConsumingEnumerable())
            {
                foreach (var item in block)
                    yield return item;
            }
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }

    /// <summary>The UTF-16 bytes of a row's texts (its turns and its instruction, input and response, which may share strings with them).</summary>
    private static long SizeOf(Sample row)
    {
        long chars = row.Instruction.Length + row.Input.Length + row.Response.Length;
        foreach (var turn in row.Turns)
            chars += turn.Text.Length;
        return 2 * chars;
    }
}
