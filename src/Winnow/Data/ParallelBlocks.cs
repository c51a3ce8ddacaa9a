using System.Runtime.ExceptionServices;

namespace Winnow.Data;

/// <summary>
/// Work on consecutive blocks of a stream on several threads at once, with the results handed back in stream order and
/// no barrier anywhere: each worker takes the next block of items from the stream when it is free, so no core waits
/// for the slowest block of a chunk or for the reader to fill a whole chunk. A pass over the pool that took rows a
/// chunk at a time (thousands of rows, each chunk on every core, then the next) left a core idle at each chunk's end
/// and while the rows beyond the read-ahead's few hundred were parsed: at 1M rows, about 4 of response-fit's 11 idle
/// core-seconds in its third pass. Blocks are taken in order under a lock, so a source is enumerated by one thread at
/// a time; at most <c>2 × threads</c> blocks are taken and not yet handed back, which bounds the items held.
/// </summary>
public static class ParallelBlocks
{
    /// <summary>
    /// <paramref name="work"/> of each block of up to <paramref name="blockSize"/> consecutive items of
    /// <paramref name="source"/> (the last one shorter), in order, computed on <paramref name="threads"/> threads, each with
    /// a state of its own made by <paramref name="newState"/>. A failure of the source or of the work is thrown to the
    /// caller once the blocks before the failing one are handed back (the items of a block the source failed in are not
    /// worked on); a caller that stops early, or is cancelled, stops the workers and waits for the blocks they are on.
    /// </summary>
    public static IEnumerable<(T[] Block, TResult Result)> Map<T, TState, TResult>(
        IEnumerable<T> source, int blockSize, int threads, Func<TState> newState, Func<T[], TState, TResult> work, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        return Run(source, blockSize, threads, newState, work, cancellationToken);
    }

    /// <summary><see cref="Map{T, TState, TResult}"/> for work that keeps no state of its own between blocks.</summary>
    public static IEnumerable<(T[] Block, TResult Result)> Map<T, TResult>(
        IEnumerable<T> source, int blockSize, int threads, Func<T[], TResult> work, CancellationToken cancellationToken) =>
        Map(source, blockSize, threads, () => 0, (block, _) => work(block), cancellationToken);

    private static IEnumerable<(T[] Block, TResult Result)> Run<T, TState, TResult>(
        IEnumerable<T> source, int blockSize, int threads, Func<TState> newState, Func<T[], TState, TResult> work, CancellationToken cancellationToken)
    {
        var gate = new object();
        var done = new Dictionary<long, (T[], TResult)>();
        var taken = 0L;
        var sourceEnded = false;
        ExceptionDispatchInfo? failure = null;
        long? failedAt = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(2 * threads);
        using var handedBack = new SemaphoreSlim(0);
        using var items = source.GetEnumerator();

        // The next block and its number, or null once the source is done or has failed.
        (T[] Block, long Number)? Take()
        {
            lock (gate)
            {
                if (sourceEnded)
                    return null;
                var block = new List<T>(blockSize);
                try
                {
                    while (block.Count < blockSize && items.MoveNext())
                        block.Add(items.Current);
                }
                catch (Exception e)
                {
                    Fail(e, taken);
                    return null;
                }
                if (block.Count < blockSize)
                    sourceEnded = true;
                return block.Count == 0 ? null : ([.. block], taken++);
            }
        }

        // The earliest failure wins; the blocks before it still reach the caller, those after it are not worked on.
        void Fail(Exception e, long at)
        {
            lock (gate)
            {
                sourceEnded = true;
                if (failedAt is null || at < failedAt)
                    (failure, failedAt) = (ExceptionDispatchInfo.Capture(e), at);
            }
            handedBack.Release();
        }

        void Worker()
        {
            TState state;
            try
            {
                state = newState();
            }
            catch (Exception e)
            {
                Fail(e, 0);
                return;
            }
            while (true)
            {
                try
                {
                    slots.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (Take() is not { } next)
                {
                    handedBack.Release();
                    return;
                }
                TResult result;
                try
                {
                    stop.Token.ThrowIfCancellationRequested();
                    result = work(next.Block, state);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Cancelled, or the caller left: the caller throws with its own token, or is gone.
                    handedBack.Release();
                    return;
                }
                catch (Exception e)
                {
                    Fail(e, next.Number);
                    return;
                }
                lock (gate)
                    done.Add(next.Number, (next.Block, result));
                handedBack.Release();
            }
        }

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(Worker, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            for (var number = 0L; ; number++)
            {
                (T[], TResult) ready;
                bool found, ended;
                while (true)
                {
                    lock (gate)
                    {
                        found = done.Remove(number, out ready);
                        if (!found && failedAt <= number)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            failure!.Throw();
                        }
                        // Once the source has ended, no block is taken any more: every block is handed back.
                        ended = !found && sourceEnded && number >= taken;
                    }
                    if (found || ended)
                        break;
                    handedBack.Wait(cancellationToken);
                }
                if (ended)
                    yield break;
                slots.Release();
                yield return ready;
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(workers);
        }
    }
}
